-- The W3C trace context (traceparent) of the transaction that wrote the event: the relay sends it as the record's
-- traceparent header and consumers continue the trace, so one deletion can be followed across the services.
-- Null for events written outside a trace.
ALTER TABLE outbox ADD COLUMN traceparent varchar(55);

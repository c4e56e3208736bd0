-- Effects of the test inbox consumer: one row per application of an event.
CREATE TABLE applied_event (
    event_id uuid NOT NULL,
    user_id  uuid NOT NULL
);

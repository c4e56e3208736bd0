package dev.userdeletion.messaging.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Carries a trace across the Kafka hops, so one deletion can be followed from the admin's confirmation to the last
 * outcome. The {@link dev.userdeletion.messaging.outbox.OutboxWriter} records the current W3C {@code traceparent}
 * in the outbox row, the relay sends it as the record's {@code traceparent} header, and
 * {@link dev.userdeletion.messaging.consumer.BatchConsumer} applies a batch in a span that continues the trace of
 * its first record that has one (a batch applies many records in one transaction; the others' traces are counted
 * on the span, not followed). Without a tracer (or outside a trace) it does nothing.
 */
public final class TraceContext {

    /** The Kafka header and outbox column. */
    public static final String TRACEPARENT = "traceparent";

    private final Supplier<Tracer> tracer;
    private final Supplier<Propagator> propagator;

    public TraceContext(Supplier<Tracer> tracer, Supplier<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No tracing at all. */
    public static TraceContext none() {
        return new TraceContext(() -> null, () -> null);
    }

    /** The current span's {@code traceparent}, or null outside a trace. */
    public String current() {
        Tracer tracing = tracer.get();
        Propagator propagation = propagator.get();
        Span span = tracing == null ? null : tracing.currentSpan();
        if (span == null || propagation == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagation.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Runs {@code work} in a consumer span that continues the trace of the first of {@code records} that has one. */
    public void continueIn(String listener, List<ConsumerRecord<String, byte[]>> records, Runnable work) {
        Tracer tracing = tracer.get();
        Propagator propagation = propagator.get();
        if (tracing == null || propagation == null) {
            work.run();
            return;
        }
        List<String> traces = records.stream().map(TraceContext::traceparent).filter(Objects::nonNull).distinct()
                .toList();
        Span.Builder builder = traces.isEmpty() ? tracing.spanBuilder().setNoParent()
                : propagation.extract(Map.of(TRACEPARENT, traces.getFirst()), Map::get);
        Span span = builder.name(listener + " process").kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", records.isEmpty() ? "" : records.getFirst().topic())
                .tag("messaging.batch.message_count", String.valueOf(records.size()))
                .tag("messaging.batch.other_traces", String.valueOf(Math.max(0, traces.size() - 1)))
                .start();
        try (Tracer.SpanInScope scope = tracing.withSpan(span)) {
            work.run();
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(TRACEPARENT);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }
}

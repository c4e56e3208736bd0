package dev.userdeletion.localstack.benchmark;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the services' consumer groups have got: their committed offsets, read from the broker every
 * {@value #SAMPLE_MILLIS} ms (a group commits a poll's offsets after its transaction, so a committed offset means
 * the records before it are applied). Kept as a history, so that once the end offsets of what a run produced are
 * known, the moment each group had consumed all of it can be found afterwards. Costs the services nothing.
 */
final class ConsumerProgress implements AutoCloseable {

    static final int SAMPLE_MILLIS = 250;

    /** A consumer group and the topics of the run it reads. */
    record Consumer(String group, Set<String> topics) {
    }

    private record Sample(long nanos, Map<String, Map<TopicPartition, OffsetAndMetadata>> committed) {
    }

    private final Admin admin;
    private final List<Consumer> consumers;
    private final List<Sample> history = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "consumer-progress");
        thread.setDaemon(true);
        return thread;
    });

    private ConsumerProgress(Admin admin, List<Consumer> consumers) {
        this.admin = admin;
        this.consumers = consumers;
        sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts following {@code consumers}; fails at once if one of them has no member assigned to one of its topics (a
     * service renamed its group or stopped reading a topic: the list in {@link Benchmark} must follow it).
     */
    static ConsumerProgress of(Admin admin, List<Consumer> consumers) throws Exception {
        Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(
                consumers.stream().map(Consumer::group).toList()).all().get();
        for (Consumer consumer : consumers) {
            Set<String> assigned = new HashSet<>();
            for (MemberDescription member : groups.get(consumer.group()).members()) {
                member.assignment().topicPartitions().forEach(p -> assigned.add(p.topic()));
            }
            if (!assigned.containsAll(consumer.topics())) {
                throw new IllegalStateException("Consumer group " + consumer.group() + " reads " + assigned + ", not "
                        + consumer.topics() + ": the benchmark's list of consumers no longer matches the services");
            }
        }
        return new ConsumerProgress(admin, consumers);
    }

    /** The end offsets of every partition of {@code topics} now. */
    Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /**
     * Waits until a sample shows every consumer committed up to {@code ends} on its topics; false if none did
     * before {@code deadlineNanos} ({@link System#nanoTime}).
     */
    boolean awaitConsumed(Map<TopicPartition, Long> ends, long deadlineNanos) throws InterruptedException {
        while (true) {
            Sample last;
            synchronized (history) {
                last = history.isEmpty() ? null : history.getLast();
            }
            if (last != null && consumers.stream().allMatch(c -> consumed(last, c, ends))) {
                return true;
            }
            if (System.nanoTime() > deadlineNanos) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
        }
    }

    private void sample() {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        consumers.forEach(c -> specs.put(c.group(), new ListConsumerGroupOffsetsSpec()));
        try {
            Sample sample = new Sample(System.nanoTime(), admin.listConsumerGroupOffsets(specs).all().get());
            synchronized (history) {
                history.add(sample);
            }
        } catch (ExecutionException e) {
            // the broker did not answer this time: the next sample will tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * For each consumer, the first sample at which it had committed up to {@code ends} on its topics, in seconds
     * after {@code sinceNanos}; absent if it never had.
     */
    Map<String, Double> consumedAt(Map<TopicPartition, Long> ends, long sinceNanos) {
        Map<String, Double> at = new LinkedHashMap<>();
        List<Sample> samples;
        synchronized (history) {
            samples = List.copyOf(history);
        }
        for (Consumer consumer : consumers) {
            samples.stream().filter(s -> consumed(s, consumer, ends)).findFirst()
                    .ifPresent(s -> at.put(consumer.group(), Math.max(0, s.nanos() - sinceNanos) / 1e9));
        }
        return at;
    }

    private static boolean consumed(Sample sample, Consumer consumer, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, OffsetAndMetadata> committed = sample.committed().getOrDefault(consumer.group(),
                new HashMap<>());
        return ends.entrySet().stream().filter(e -> consumer.topics().contains(e.getKey().topic())).allMatch(e -> {
            OffsetAndMetadata c = committed.get(e.getKey());
            return (c == null ? 0 : c.offset()) >= e.getValue();
        });
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}

package dev.userdeletion.localstack.replay;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code ./replay-dead-letters.sh --topic=deletion.commands-dlt [--bootstrap-servers=localhost:9092]} lists a
 * dead-letter topic; add {@code --key=<key>[,<key>...]}, {@code --at=<partition>:<offset>[,...]} or {@code --all} to
 * republish those records to their source topic once their cause is fixed (README, "When something fails").
 */
public final class ReplayDeadLetters {

    private ReplayDeadLetters() {
    }

    public static void main(String[] args) throws Exception {
        String topic = option(args, "topic", null);
        if (topic == null) {
            fail("--topic=<source topic>-dlt is required, e.g. --topic=deletion.commands-dlt");
        }
        String servers = option(args, "bootstrap-servers", "localhost:9092");
        Predicate<DeadLetterReplay.Entry> chosen = choice(args);
        try (DeadLetterReplay replay = new DeadLetterReplay(servers, topic)) {
            if (chosen == null) {
                List<DeadLetterReplay.Entry> entries = replay.list();
                System.out.println(entries.size() + " record(s) in " + topic + " (partition:offset key eventType eventId"
                        + " exception deadLetteredAt):");
                entries.forEach(e -> System.out.println("  " + e.position() + " " + e.key() + " " + e.eventType() + " "
                        + e.eventId() + " " + e.exception() + " " + e.deadLetteredAt()));
                System.out.println("Replay with --key=..., --at=<partition>:<offset> or --all once the cause is fixed.");
                return;
            }
            List<DeadLetterReplay.Entry> replayed = replay.replay(chosen);
            replayed.forEach(e -> System.out.println("  replayed " + e.position() + " " + e.key() + " " + e.eventType()));
            System.out.println(replayed.size() + " record(s) republished; consumers drop what they applied already");
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    /** null: list only. */
    private static Predicate<DeadLetterReplay.Entry> choice(String[] args) {
        if (Arrays.asList(args).contains("--all")) {
            return entry -> true;
        }
        String keys = option(args, "key", null);
        if (keys != null) {
            Set<String> wanted = split(keys);
            return entry -> wanted.contains(entry.key());
        }
        String positions = option(args, "at", null);
        if (positions != null) {
            Set<String> wanted = split(positions);
            return entry -> wanted.contains(entry.position());
        }
        return null;
    }

    private static Set<String> split(String values) {
        return Arrays.stream(values.split(",")).map(String::strip).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}

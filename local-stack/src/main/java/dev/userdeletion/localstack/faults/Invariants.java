package dev.userdeletion.localstack.faults;

import dev.userdeletion.localstack.MailCatcher;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;

/**
 * What must hold after a deletion that went through a fault, once the system is healthy again and has settled. Every
 * check reads the source of truth directly (the services' databases, the broker, the mail server), not the services'
 * own answers about themselves.
 */
final class Invariants {

    /** One checked statement: whether it holds, and the figures behind it. */
    record Check(String name, boolean holds, String detail) {

        @Override
        public String toString() {
            return (holds ? "holds  " : "BROKEN ") + name + ": " + detail;
        }
    }

    /** Figures the report shows for the run. */
    record Figures(int deleted, int rejected, int duplicatedOutcomes, int lostOutcomes, long outcomeRecords,
                   long outcomeEvents) {
    }

    record Result(List<Check> checks, Figures figures) {

        boolean allHold() {
            return checks.stream().allMatch(Check::holds);
        }
    }

    private final Databases db;
    private final KafkaView kafka;
    private final MailCatcher mail;

    Invariants(Databases db, KafkaView kafka, MailCatcher mail) {
        this.db = db;
        this.kafka = kafka;
        this.mail = mail;
    }

    /**
     * @param expectedDeadLetters dead-letter records the scenario put there itself, per topic (usually none)
     */
    Result check(Population pop, UUID requestId, int frozenCount, Map<TopicPartition, Long> deadLettersBefore,
                 Map<String, Long> expectedDeadLetters) {
        List<Check> checks = new ArrayList<>();
        int users = pop.size();
        int rejectedExpected = pop.multis().size();

        // 1. every user of the request has exactly one final outcome: in the orchestrator and on the wire
        long items = db.count(Databases.ORCHESTRATOR, "SELECT count(*) FROM deletion_item WHERE request_id = ?", requestId);
        long distinctUsers = db.count(Databases.ORCHESTRATOR,
                "SELECT count(DISTINCT user_id) FROM deletion_item WHERE request_id = ?", requestId);
        long undecided = db.count(Databases.ORCHESTRATOR,
                "SELECT count(*) FROM deletion_item WHERE request_id = ? AND outcome IS NULL", requestId);
        long failed = db.count(Databases.ORCHESTRATOR,
                "SELECT count(*) FROM deletion_item WHERE request_id = ? AND outcome = 'FAILED'", requestId);
        checks.add(new Check("one final outcome per user", items == users && distinctUsers == users && undecided == 0
                && failed == 0, items + " items for " + distinctUsers + " distinct users of " + users + ", " + undecided
                + " without outcome, " + failed + " failed"));
        List<UUID> commands = db.ids(Databases.ORCHESTRATOR,
                "SELECT DISTINCT command_id FROM deletion_item WHERE request_id = ?", requestId);
        KafkaView.Outcomes outcomes = kafka.outcomesOf(requestId);
        int duplicated = 0;
        int lost = 0;
        long events = 0;
        for (UUID command : commands) {
            int n = outcomes.eventsByCommand().getOrDefault(command, Set.of()).size();
            events += n;
            if (n == 0) {
                lost++;
            } else if (n > 1) {
                duplicated++;
            }
        }
        Set<UUID> unknown = new HashSet<>(outcomes.eventsByCommand().keySet());
        commands.forEach(unknown::remove);
        checks.add(new Check("one outcome event per command", duplicated == 0 && lost == 0 && unknown.isEmpty(),
                commands.size() + " commands: " + duplicated + " answered twice, " + lost + " never answered, "
                        + unknown.size() + " outcomes for unknown commands (" + outcomes.records() + " records of "
                        + events + " events: copies are dropped by event id)"));

        // 2. counts equal the frozen count
        List<long[]> counts = db.query(Databases.ORCHESTRATOR, "SELECT deleted, rejected_multi_platform,"
                + " rejected_not_a_member, already_gone, failed FROM deletion_request WHERE id = ?",
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}, requestId);
        long[] c = counts.getFirst();
        long decided = c[0] + c[1] + c[2] + c[3];
        checks.add(new Check("counts equal the frozen count", frozenCount == users && decided == frozenCount
                && c[0] == pop.singles().size() && c[1] == rejectedExpected && c[2] == 0 && c[3] == 0 && c[4] == 0,
                "frozen " + frozenCount + ": deleted " + c[0] + " (expected " + pop.singles().size() + "), rejected "
                        + c[1] + " (expected " + rejectedExpected + "), not a member " + c[2] + ", already gone " + c[3]
                        + ", failed " + c[4]));

        // 3. no multi-platform user deleted, 4. no single-platform user left
        long multisLeft = db.count(Databases.MEMBERSHIP, "SELECT count(*) FROM users WHERE id = ANY(?)", pop.multis());
        long multisOnOther = db.count(Databases.MEMBERSHIP,
                "SELECT count(*) FROM memberships WHERE platform_id = ? AND user_id = ANY(?)", pop.other(), pop.multis());
        checks.add(new Check("no multi-platform user deleted", multisLeft == rejectedExpected
                && multisOnOther == rejectedExpected, multisLeft + " of " + rejectedExpected + " still exist, "
                + multisOnOther + " still on " + pop.other()));
        long singlesLeft = db.count(Databases.MEMBERSHIP, "SELECT count(*) FROM users WHERE id = ANY(?)", pop.singles());
        long onPlatform = db.count(Databases.MEMBERSHIP, "SELECT count(*) FROM memberships WHERE platform_id = ?",
                pop.platform());
        long accessList = db.count(Databases.MEMBERSHIP, "SELECT count(*) FROM access_list WHERE platform_id = ?",
                pop.platform());
        checks.add(new Check("no single-platform user left", singlesLeft == 0 && onPlatform == 0 && accessList == 0,
                singlesLeft + " single-platform users left; after the CSM's follow-up " + onPlatform
                        + " memberships and " + accessList + " access-list entries left on " + pop.platform()));

        // 5. the read model matches membership (who is on which platform, and on how many)
        String membershipRows = "SELECT m.platform_id || ':' || m.user_id || ':' || (SELECT count(*) FROM memberships a"
                + " WHERE a.user_id = m.user_id) FROM memberships m WHERE m.platform_id = ANY(?)";
        String readModelRows = "SELECT platform_id || ':' || user_id || ':' || platform_count FROM platform_user"
                + " WHERE platform_id = ANY(?)";
        List<String> platforms = List.of(pop.platform(), pop.other());
        Set<String> truth = new HashSet<>(db.query(Databases.MEMBERSHIP, membershipRows, rs -> rs.getString(1), platforms));
        Set<String> read = new HashSet<>(db.query(Databases.USER_QUERY, readModelRows, rs -> rs.getString(1), platforms));
        Set<String> missing = new HashSet<>(truth);
        missing.removeAll(read);
        Set<String> extra = new HashSet<>(read);
        extra.removeAll(truth);
        checks.add(new Check("read model matches membership", missing.isEmpty() && extra.isEmpty(), truth.size()
                + " memberships; " + missing.size() + " missing from the read model, " + extra.size() + " extra or stale"));

        // 6. exactly one CSM mail and one admin mail per event (copies of one mail share its Message-ID)
        Map<String, Set<String>> ids = new HashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        for (MimeMessage m : mail.received()) {
            for (String to : recipients(m)) {
                ids.computeIfAbsent(to, t -> new HashSet<>()).add(messageId(m));
                copies.merge(to, 1, Integer::sum);
            }
        }
        int csm = ids.getOrDefault(pop.csmEmail(), Set.of()).size();
        int admin = ids.getOrDefault(pop.adminEmail(), Set.of()).size();
        int otherPlatform = ids.getOrDefault("csm-" + pop.other() + "@example.com", Set.of()).size()
                + ids.getOrDefault("admin-" + pop.other() + "@example.com", Set.of()).size();
        checks.add(new Check("one CSM mail and one admin mail per event", csm == 1 && admin == 2 && otherPlatform == 0,
                "CSM: " + csm + " (case opened), admin: " + admin + " (completed with rejections; all removed), other"
                        + " platform: " + otherPlatform + "; copies delivered: CSM " + copies.getOrDefault(pop.csmEmail(), 0)
                        + ", admin " + copies.getOrDefault(pop.adminEmail(), 0)));

        // 7. nothing pending once healthy
        String state = db.query(Databases.ORCHESTRATOR, "SELECT state FROM deletion_request WHERE id = ?",
                rs -> rs.getString(1), requestId).getFirst();
        long cases = db.count(Databases.NOTIFICATION, "SELECT count(*) FROM follow_up_case WHERE request_id = ?",
                requestId);
        long openCases = db.count(Databases.NOTIFICATION,
                "SELECT count(*) FROM follow_up_case WHERE request_id = ? AND state <> 'CLOSED'", requestId);
        long caseItems = db.count(Databases.NOTIFICATION, "SELECT count(*) FROM follow_up_item i JOIN follow_up_case c"
                + " ON c.case_id = i.case_id WHERE c.request_id = ?", requestId);
        long openItems = db.count(Databases.NOTIFICATION, "SELECT count(*) FROM follow_up_item i JOIN follow_up_case c"
                + " ON c.case_id = i.case_id WHERE c.request_id = ? AND i.state <> 'RESOLVED'", requestId);
        long unsentMail = db.count(Databases.NOTIFICATION, "SELECT count(*) FROM mail WHERE state <> 'SENT'");
        long outboxRows = 0;
        for (String database : List.of(Databases.MEMBERSHIP, Databases.ORCHESTRATOR, Databases.NOTIFICATION)) {
            outboxRows += db.count(database, "SELECT count(*) FROM outbox");
        }
        long lag = kafka.consumerLag();
        checks.add(new Check("nothing pending once healthy", "COMPLETED".equals(state) && cases == 1 && openCases == 0
                && caseItems == rejectedExpected && openItems == 0 && unsentMail == 0 && outboxRows == 0 && lag == 0,
                "request " + state + "; " + cases + " CSM case(s), " + openCases + " open, " + caseItems + " items, "
                        + openItems + " unresolved; " + unsentMail + " mails unsent; " + outboxRows
                        + " outbox rows unrelayed; consumer lag " + lag));

        // 8. no record in a dead-letter topic unless the scenario put it there
        Map<String, Long> deadLetters = kafka.deadLettersSince(deadLettersBefore);
        checks.add(new Check("no dead-letter record", deadLetters.equals(expectedDeadLetters),
                deadLetters.isEmpty() ? "none" : deadLetters.toString()));

        return new Result(checks, new Figures((int) c[0], (int) c[1], duplicated, lost, outcomes.records(), events));
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            return m.getAllRecipients() == null ? List.of()
                    : List.of(m.getAllRecipients()).stream().map(a -> a.toString().toLowerCase()).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

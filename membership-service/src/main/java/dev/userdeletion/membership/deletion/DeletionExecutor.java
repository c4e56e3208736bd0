package dev.userdeletion.membership.deletion;

import dev.userdeletion.contracts.DeleteUsers;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.contracts.DeletionOutcome.RejectedUser;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.messaging.inbox.Inbox;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Executes deletion commands, each a chunk of users, set-based: all chunks of a poll in one transaction. A user who is
 * a member of the requesting platform only is deleted with their membership and that platform's User Access list
 * entry; a user on several platforms is rejected ({@code MULTI_PLATFORM}); a user of other platforms only is rejected
 * ({@code NOT_A_MEMBER}); a user who no longer exists is already gone. Each chunk is answered by one
 * {@link DeletionOutcome}, published with the {@code membership.user-state} tombstone of each deleted user in the same
 * transaction. A {@code MULTI_PLATFORM} refusal is kept as a {@link StandingRejections standing rejection}: if the user
 * is later left on that platform alone, the deletion goes through then. Each command id is recorded in the inbox, so a
 * redelivered chunk changes nothing and is not answered twice.
 */
@Service
class DeletionExecutor {

    static final String INBOX = "membership.delete-user";
    private static final Logger log = LoggerFactory.getLogger(DeletionExecutor.class);

    private final JdbcTemplate jdbc;
    private final Inbox inbox;
    private final OutboxWriter outbox;
    private final AccountEraser eraser;
    private final StandingRejections standingRejections;
    private final Clock clock;
    private final MeterRegistry meters;

    DeletionExecutor(JdbcTemplate jdbc, Inbox inbox, OutboxWriter outbox, AccountEraser eraser,
                     StandingRejections standingRejections, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.outbox = outbox;
        this.eraser = eraser;
        this.standingRejections = standingRejections;
        this.clock = clock;
        this.meters = meters;
    }

    @Transactional
    public void execute(List<DeleteUsers> received) {
        Map<UUID, DeleteUsers> byCommand = new LinkedHashMap<>();
        received.forEach(c -> byCommand.putIfAbsent(c.commandId(), c));
        Set<UUID> fresh = inbox.firstDeliveries(INBOX, byCommand.keySet());
        List<DeleteUsers> commands = byCommand.values().stream().filter(c -> fresh.contains(c.commandId())).toList();
        if (commands.isEmpty()) {
            return;
        }
        Map<UUID, Account> accounts = lockAccounts(commands.stream().flatMap(c -> c.userIds().stream()).distinct()
                .toList());

        Instant now = clock.instant();
        List<DeletionOutcome> outcomes = new ArrayList<>(commands.size());
        List<Account> deleted = new ArrayList<>();
        List<StandingRejections.Refusal> refusedMultiPlatform = new ArrayList<>();
        Tally tally = new Tally();
        for (DeleteUsers command : commands) {
            List<UUID> deletedNow = new ArrayList<>();
            List<RejectedUser> rejected = new ArrayList<>();
            List<UUID> gone = new ArrayList<>();
            for (UUID userId : command.userIds()) {
                Account account = accounts.get(userId);
                if (account == null || account.deleted) {
                    gone.add(userId);
                } else if (!account.platforms.contains(command.platformId())) {
                    rejected.add(new RejectedUser(userId, RejectionReason.NOT_A_MEMBER));
                } else if (account.platforms.size() > 1) {
                    rejected.add(new RejectedUser(userId, RejectionReason.MULTI_PLATFORM));
                    refusedMultiPlatform.add(new StandingRejections.Refusal(userId, command.platformId(),
                            command.requestId(), command.commandId()));
                } else {
                    account.deleted = true;
                    account.deletedFrom = command.platformId();
                    deleted.add(account);
                    deletedNow.add(userId);
                }
            }
            outcomes.add(new DeletionOutcome(command.commandId(), command.requestId(), command.platformId(),
                    deletedNow, rejected, gone, now));
            tally.add(deletedNow.size(), rejected, gone.size());
            log.debug("Chunk {} of request {} on platform {}: {} deleted, {} rejected, {} already gone",
                    command.commandId(), command.requestId(), command.platformId(), deletedNow.size(), rejected.size(),
                    gone.size());
        }
        eraser.erase(deleted.stream().map(a -> new AccountEraser.Erased(a.id, a.deletedFrom, a.email)).toList());
        standingRejections.record(refusedMultiPlatform, now);
        outbox.publishAll(outcomes);
        outbox.publishTombstones(EventType.USER_STATE, deleted.stream().map(a -> a.id.toString()).toList());
        tally.count(meters);
        log.info("Executed {} deletion commands ({} users): {} deleted, {} rejected, {} already gone",
                commands.size(), tally.users(), tally.deleted, tally.rejected(), tally.alreadyGone);
    }

    /** Locks the users (in id order, so concurrent batches cannot deadlock) and reads their platforms. */
    private Map<UUID, Account> lockAccounts(List<UUID> userIds) {
        Map<UUID, Account> accounts = new HashMap<>();
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT id, email FROM users WHERE id = ANY(?) ORDER BY id FOR UPDATE");
            ps.setArray(1, AccountEraser.uuids(con, userIds));
            return ps;
        }, rs -> {
            UUID id = rs.getObject(1, UUID.class);
            accounts.put(id, new Account(id, rs.getString(2)));
        });
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT user_id, platform_id FROM memberships WHERE user_id = ANY(?)");
            ps.setArray(1, AccountEraser.uuids(con, userIds));
            return ps;
        }, rs -> {
            accounts.get(rs.getObject(1, UUID.class)).platforms.add(rs.getString(2));
        });
        return accounts;
    }

    /** The users decided by one poll, for the log and the {@code membership.deletion.commands} counters. */
    private static final class Tally {
        int deleted;
        int alreadyGone;
        final Map<RejectionReason, Integer> rejected = new HashMap<>();

        void add(int deletedUsers, List<RejectedUser> rejectedUsers, int goneUsers) {
            deleted += deletedUsers;
            alreadyGone += goneUsers;
            rejectedUsers.forEach(r -> rejected.merge(r.reason(), 1, Integer::sum));
        }

        int rejected() {
            return rejected.values().stream().mapToInt(Integer::intValue).sum();
        }

        int users() {
            return deleted + rejected() + alreadyGone;
        }

        /** Users decided, by outcome and reason ({@code membership.deletion.users}). */
        void count(MeterRegistry meters) {
            meters.counter("membership.deletion.users", "outcome", "deleted", "reason", "none").increment(deleted);
            meters.counter("membership.deletion.users", "outcome", "already_gone", "reason", "none")
                    .increment(alreadyGone);
            rejected.forEach((reason, n) -> meters.counter("membership.deletion.users", "outcome", "rejected",
                    "reason", reason.name()).increment(n));
        }
    }

    private static final class Account {
        final UUID id;
        final String email;
        final Set<String> platforms = new HashSet<>();
        boolean deleted;
        String deletedFrom;

        Account(UUID id, String email) {
            this.id = id;
            this.email = email;
        }
    }
}

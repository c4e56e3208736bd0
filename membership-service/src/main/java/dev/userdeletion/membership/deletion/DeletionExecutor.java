package dev.userdeletion.membership.deletion;

import dev.userdeletion.contracts.DeleteUser;
import dev.userdeletion.contracts.Event;
import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.RejectionReason;
import dev.userdeletion.contracts.UserAlreadyGone;
import dev.userdeletion.contracts.UserDeleted;
import dev.userdeletion.contracts.UserDeletionRejected;
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
 * Executes {@code DeleteUser} commands set-based: a user who is a member of the requesting platform
 * only is deleted with their membership and that platform's User Access list entry; a user on
 * several platforms is rejected ({@code MULTI_PLATFORM}); a user of other platforms only is rejected
 * ({@code NOT_A_MEMBER}); a user who no longer exists is {@code UserAlreadyGone}. Outcomes, and the
 * {@code membership.user-state} tombstone of each deleted user, are published in the same transaction. A
 * {@code MULTI_PLATFORM} refusal is kept as a {@link StandingRejections standing rejection}: if the user is later
 * left on that platform alone, the deletion goes through then.
 * Each command id is recorded in the inbox, so a redelivered command changes nothing and is not
 * answered twice.
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
    public void execute(List<DeleteUser> received) {
        Map<UUID, DeleteUser> byCommand = new LinkedHashMap<>();
        received.forEach(c -> byCommand.putIfAbsent(c.commandId(), c));
        Set<UUID> fresh = inbox.firstDeliveries(INBOX, byCommand.keySet());
        List<DeleteUser> commands = byCommand.values().stream().filter(c -> fresh.contains(c.commandId())).toList();
        if (commands.isEmpty()) {
            return;
        }
        Map<UUID, Account> accounts = lockAccounts(commands.stream().map(DeleteUser::userId).distinct().toList());

        Instant now = clock.instant();
        List<Event> outcomes = new ArrayList<>(commands.size());
        List<Account> deleted = new ArrayList<>();
        List<DeleteUser> refusedMultiPlatform = new ArrayList<>();
        for (DeleteUser command : commands) {
            Account account = accounts.get(command.userId());
            if (account == null || account.deleted) {
                outcomes.add(new UserAlreadyGone(command.commandId(), command.requestId(), command.platformId(),
                        command.userId()));
                count("already_gone", null);
            } else if (!account.platforms.contains(command.platformId())) {
                outcomes.add(rejected(command, RejectionReason.NOT_A_MEMBER));
            } else if (account.platforms.size() > 1) {
                outcomes.add(rejected(command, RejectionReason.MULTI_PLATFORM));
                refusedMultiPlatform.add(command);
            } else {
                account.deleted = true;
                account.deletedFrom = command.platformId();
                deleted.add(account);
                outcomes.add(new UserDeleted(command.commandId(), command.requestId(), command.platformId(),
                        command.userId(), now));
                count("deleted", null);
            }
        }
        eraser.erase(deleted.stream().map(a -> new AccountEraser.Erased(a.id, a.deletedFrom, a.email)).toList());
        standingRejections.record(refusedMultiPlatform, now);
        outbox.publishAll(outcomes);
        outbox.publishTombstones(EventType.USER_STATE, deleted.stream().map(a -> a.id.toString()).toList());
        log.info("Executed {} DeleteUser commands: {} deleted, {} other outcomes", commands.size(), deleted.size(),
                commands.size() - deleted.size());
    }

    private UserDeletionRejected rejected(DeleteUser command, RejectionReason reason) {
        count("rejected", reason);
        log.debug("Rejected deletion of user {} from platform {} for request {}: {}", command.userId(),
                command.platformId(), command.requestId(), reason);
        return new UserDeletionRejected(command.commandId(), command.requestId(), command.platformId(),
                command.userId(), reason);
    }

    private void count(String outcome, RejectionReason reason) {
        meters.counter("membership.deletion.commands", "outcome", outcome,
                "reason", reason == null ? "none" : reason.name()).increment();
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

package dev.userdeletion.membership.deletion;

import dev.userdeletion.contracts.EventType;
import dev.userdeletion.contracts.DeletionOutcome;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A platform admin's deletion of a user who is on other platforms too is refused ({@code MULTI_PLATFORM}) and handed
 * to the CSM; the refusal stands while the user stays on that platform (ids only: user, platform, request, command).
 * When a CSM's removal of another membership leaves the user on that platform alone, nothing stands in the way any
 * more: the user is deleted in the same transaction exactly as the refused {@code DeleteUser} would have done
 * (memberships, that platform's User Access list entry, the {@code membership.user-state} tombstone), and a
 * {@code DeletionOutcome} naming the user deleted, with the refused command's ids, tells the orchestrator and
 * notification-service (whose case for
 * that request then resolves through the tombstone). Without a standing refusal, removing the last membership stays
 * refused (409).
 */
@Service
public class StandingRejections {

    private static final Logger log = LoggerFactory.getLogger(StandingRejections.class);

    private final JdbcTemplate jdbc;
    private final AccountEraser eraser;
    private final OutboxWriter outbox;
    private final Clock clock;
    private final Counter deletedAfterFollowUp;

    StandingRejections(JdbcTemplate jdbc, AccountEraser eraser, OutboxWriter outbox, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.eraser = eraser;
        this.outbox = outbox;
        this.clock = clock;
        this.deletedAfterFollowUp = Counter.builder("membership.deletion.after.follow.up")
                .description("Users deleted because a CSM's removal left them on a platform that had asked to delete"
                        + " them").register(meters);
    }

    /** A {@code MULTI_PLATFORM} refusal of one user by one command (chunk) of a request. */
    record Refusal(UUID userId, String platformId, UUID requestId, UUID commandId) {
    }

    /** Records refusals in the caller's transaction; a repeated one changes nothing. */
    void record(List<Refusal> refused, Instant at) {
        if (refused.isEmpty()) {
            return;
        }
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO standing_rejections (user_id, platform_id, request_id, command_id,"
                    + " rejected_at) SELECT u, p, r, c, ? FROM unnest(?::uuid[], ?::varchar[], ?::uuid[], ?::uuid[])"
                    + " AS t(u, p, r, c) ON CONFLICT DO NOTHING");
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setArray(2, AccountEraser.uuids(con, refused.stream().map(Refusal::userId).toList()));
            ps.setArray(3, con.createArrayOf("varchar", refused.stream().map(Refusal::platformId).toArray()));
            ps.setArray(4, AccountEraser.uuids(con, refused.stream().map(Refusal::requestId).toList()));
            ps.setArray(5, AccountEraser.uuids(con, refused.stream().map(Refusal::commandId).toList()));
            return ps;
        });
    }

    /**
     * Called after a membership of the user was removed, in that transaction, with the user's row locked: the user's
     * refusals on the platform left go; if the user is now on one platform only and a deletion there was refused, the
     * user is deleted. Returns whether the user was deleted.
     *
     * @param remainingPlatforms the platforms the user is still on
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean membershipRemoved(UUID userId, String email, String leftPlatform, Set<String> remainingPlatforms) {
        jdbc.update("DELETE FROM standing_rejections WHERE user_id = ? AND platform_id = ?", userId, leftPlatform);
        if (remainingPlatforms.size() != 1) {
            return false;
        }
        String platformId = remainingPlatforms.iterator().next();
        List<Refused> refused = jdbc.query("SELECT request_id, command_id FROM standing_rejections"
                        + " WHERE user_id = ? AND platform_id = ? ORDER BY rejected_at, request_id",
                (rs, i) -> new Refused(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), userId, platformId);
        if (refused.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        eraser.erase(List.of(new AccountEraser.Erased(userId, platformId, email)));
        outbox.publishAll(refused.stream().map(r -> new DeletionOutcome(r.commandId(), r.requestId(), platformId,
                List.of(userId), List.of(), List.of(), now)).toList());
        outbox.publishTombstone(EventType.USER_STATE, userId.toString());
        deletedAfterFollowUp.increment();
        log.info("User {} deleted: left on platform {} only, whose deletion request {} had been refused for their other"
                + " platforms", userId, platformId, refused.stream().map(Refused::requestId).toList());
        return true;
    }

    private record Refused(UUID requestId, UUID commandId) {
    }
}

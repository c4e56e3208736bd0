package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.membership.Timestamps;
import dev.userdeletion.membership.accesslist.AccessListService;
import dev.userdeletion.membership.deletion.StandingRejections;
import dev.userdeletion.membership.platform.PlatformService;
import dev.userdeletion.messaging.outbox.OutboxWriter;
import dev.userdeletion.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes to user accounts. Each change locks the user row, bumps the revision and publishes the full
 * {@code UserState} through the outbox in the same transaction, so the event exists if and only if the
 * change does. Every change names who asked for it ({@code changedBy}, the caller's token {@code sub}),
 * which the event carries for audit. Logs carry ids only, never emails.
 */
@Service
public class UserService {

    private static final Logger log = LoggerFactory.getLogger(UserService.class);

    /** Clock skew we tolerate in a reported login time; further in the future is a client bug. */
    static final Duration MAX_FUTURE_LOGIN = Duration.ofMinutes(5);
    /** Tries to find or create the account before a join gives up (each retry means it was deleted meanwhile). */
    static final int MAX_JOIN_ATTEMPTS = 3;
    /** No login predates the Unix epoch; an earlier {@code at} is a client bug (or a probe). */
    static final Instant EARLIEST_LOGIN = Instant.EPOCH;

    private final UserRepository users;
    private final PlatformService platforms;
    private final AccessListService accessList;
    private final OutboxWriter outbox;
    private final StandingRejections standingRejections;
    private final Clock clock;

    UserService(UserRepository users, PlatformService platforms, AccessListService accessList, OutboxWriter outbox,
                StandingRejections standingRejections, Clock clock) {
        this.users = users;
        this.platforms = platforms;
        this.accessList = accessList;
        this.outbox = outbox;
        this.standingRejections = standingRejections;
        this.clock = clock;
    }

    /**
     * Adds a membership; the email's existing account is reused, else one is created. The account may be deleted
     * between finding it and locking it (a deletion request running at that moment): the lock then finds nothing, and
     * the join starts again and creates a new account, as if it had come right after the deletion.
     */
    @Transactional
    public MemberView join(String platformId, String email, Role role, String changedBy) {
        platforms.requireExists(platformId);
        Instant now = Timestamps.now(clock);
        boolean created = false;
        User user = null;
        for (int attempt = 1; user == null; attempt++) {
            if (attempt > MAX_JOIN_ATTEMPTS) {
                throw ApiProblem.conflict("concurrent-change",
                        "The account was deleted and recreated while joining, several times; try again");
            }
            created = users.insertIfAbsent(UUID.randomUUID(), email, now) == 1;
            user = users.lockByEmail(email).orElse(null);
        }
        if (user.isMemberOf(platformId)) {
            throw ApiProblem.conflict("already-member", "The user is already a member of this platform");
        }
        user.join(platformId, role, now);
        publish(user, changedBy);
        log.info("User {} {}joined platform {} as {} (revision {})", user.getId(), created ? "created and " : "",
                platformId, role, user.getRevision());
        return new MemberView(user.getId(), user.getEmail(), role, platformId);
    }

    /**
     * The CSM's removal of one membership of a user who stays on other platforms: the membership and the
     * platform's User Access list entry go, and the new {@code UserState} tells the other services. A
     * user on this platform only is deleted through a deletion request instead. If the user is left on one
     * platform whose admin's deletion of them was refused for their other platforms, that deletion goes
     * through now ({@link StandingRejections}).
     */
    @Transactional
    public void removeMembership(String platformId, UUID userId, String changedBy) {
        platforms.requireExists(platformId);
        User user = users.lockById(userId).orElseThrow(() -> ApiProblem.notFound("User"));
        if (!user.isMemberOf(platformId)) {
            throw ApiProblem.notFound("Membership");
        }
        if (user.platformCount() == 1) {
            throw ApiProblem.conflict("last-membership",
                    "This is the user's only platform; delete the user with a deletion request instead");
        }
        user.leave(platformId);
        accessList.remove(platformId, user.getEmail());
        publish(user, changedBy);
        log.info("User {} removed from platform {} by {} (revision {})", userId, platformId, changedBy,
                user.getRevision());
        standingRejections.membershipRemoved(userId, user.getEmail(), platformId, user.sortedMemberships().stream()
                .map(Membership::getPlatformId).collect(Collectors.toSet()));
    }

    @Transactional
    public void recordLogin(UUID userId, Instant requestedAt, String changedBy) {
        Instant now = Timestamps.now(clock);
        Instant at = requestedAt == null ? now : Timestamps.stored(requestedAt);
        if (at.isAfter(now.plus(MAX_FUTURE_LOGIN))) {
            throw ApiProblem.invalid("at must not be more than " + MAX_FUTURE_LOGIN.toMinutes() + " minutes in the future");
        }
        if (at.isBefore(EARLIEST_LOGIN)) {
            // also keeps instants the database cannot store (before 4713 BC) away from it
            throw ApiProblem.invalid("at must not be before " + EARLIEST_LOGIN);
        }
        User user = users.lockById(userId).orElseThrow(() -> ApiProblem.notFound("User"));
        if (user.recordLogin(at)) {
            publish(user, changedBy);
            log.debug("User {} logged in (revision {})", userId, user.getRevision());
        }
    }

    @Transactional(readOnly = true)
    public UserView get(UUID userId) {
        return users.findWithMemberships(userId).map(UserView::of).orElseThrow(() -> ApiProblem.notFound("User"));
    }

    private void publish(User user, String changedBy) {
        // write the change first, so a constraint failure aborts before anything is announced
        users.flush();
        outbox.publish(user.state(changedBy));
    }
}

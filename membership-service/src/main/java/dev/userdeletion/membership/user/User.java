package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.contracts.UserState;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One person's account, shared by every platform they belong to. Every change goes through a method
 * here that bumps {@link #revision}; callers hold the row lock and publish {@link #state(String)}.
 */
@Entity
@Table(name = "users")
public class User {

    private static final Comparator<Membership> MEMBERSHIP_ORDER =
            Comparator.comparing(Membership::getJoinedAt).thenComparing(Membership::getPlatformId);

    @Id
    private UUID id;

    @Column(nullable = false, length = 254, updatable = false)
    private String email;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    @Column(nullable = false)
    private long revision;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @ElementCollection
    @CollectionTable(name = "memberships", joinColumns = @JoinColumn(name = "user_id"))
    private Set<Membership> memberships = new HashSet<>();

    protected User() {
        // for JPA
    }

    public boolean isMemberOf(String platformId) {
        return memberships.stream().anyMatch(m -> m.getPlatformId().equals(platformId));
    }

    void join(String platformId, Role role, Instant now) {
        if (!memberships.add(new Membership(platformId, role, now))) {
            throw new IllegalStateException("already a member of " + platformId);
        }
        revision++;
    }

    /** Removes the membership of one platform; the account stays on its other platforms. */
    void leave(String platformId) {
        if (!memberships.removeIf(m -> m.getPlatformId().equals(platformId))) {
            throw new IllegalStateException("not a member of " + platformId);
        }
        revision++;
    }

    public int platformCount() {
        return memberships.size();
    }

    /**
     * Records a login. Last login only moves forward: a login reported late must not hide a newer one.
     *
     * @return whether anything changed
     */
    boolean recordLogin(Instant at) {
        if (lastLoginAt != null && !at.isAfter(lastLoginAt)) {
            return false;
        }
        lastLoginAt = at;
        revision++;
        return true;
    }

    /**
     * The full state announced on {@code membership.user-state}.
     *
     * @param changedBy the {@code sub} of the caller whose request made this change, for audit
     */
    UserState state(String changedBy) {
        return new UserState(id, email, lastLoginAt, sortedMemberships().stream()
                .map(m -> new UserState.Membership(m.getPlatformId(), m.getRole(), m.getJoinedAt())).toList(), revision,
                changedBy);
    }

    public List<Membership> sortedMemberships() {
        return memberships.stream().sorted(MEMBERSHIP_ORDER).toList();
    }

    public UUID getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public Instant getLastLoginAt() {
        return lastLoginAt;
    }

    public long getRevision() {
        return revision;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}

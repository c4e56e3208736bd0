package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;
import java.util.Objects;

/** A user's place on one platform; a user has at most one per platform. */
@Embeddable
public class Membership {

    @Column(name = "platform_id", nullable = false, length = 64)
    private String platformId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private Role role;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    protected Membership() {
        // for JPA
    }

    Membership(String platformId, Role role, Instant joinedAt) {
        this.platformId = platformId;
        this.role = role;
        this.joinedAt = joinedAt;
    }

    public String getPlatformId() {
        return platformId;
    }

    public Role getRole() {
        return role;
    }

    public Instant getJoinedAt() {
        return joinedAt;
    }

    // identity is the platform: the table's key is (user_id, platform_id)
    @Override
    public boolean equals(Object o) {
        return o instanceof Membership other && Objects.equals(platformId, other.platformId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(platformId);
    }
}

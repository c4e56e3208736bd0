package dev.userdeletion.membership.accesslist;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One email allowed onto a platform (the platform's User Access list). */
@Entity
@Table(name = "access_list")
@IdClass(AccessListEntry.Key.class)
public class AccessListEntry {

    @Id
    @Column(name = "platform_id", length = 64)
    private String platformId;

    @Id
    @Column(length = 254)
    private String email;

    @Column(name = "added_at", nullable = false, updatable = false)
    private Instant addedAt;

    protected AccessListEntry() {
        // for JPA
    }

    public String getPlatformId() {
        return platformId;
    }

    public String getEmail() {
        return email;
    }

    public Instant getAddedAt() {
        return addedAt;
    }

    /** Primary key (platform_id, email). */
    public static class Key implements Serializable {
        private String platformId;
        private String email;

        protected Key() {
            // for JPA
        }

        public Key(String platformId, String email) {
            this.platformId = platformId;
            this.email = email;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(platformId, other.platformId)
                    && Objects.equals(email, other.email);
        }

        @Override
        public int hashCode() {
            return Objects.hash(platformId, email);
        }
    }
}

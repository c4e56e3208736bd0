package dev.userdeletion.membership.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A customer organisation; its CSM and admin are who hear about deletions on it. */
@Entity
@Table(name = "platforms")
public class Platform {

    @Id
    private String id;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "csm_email", nullable = false, length = 254)
    private String csmEmail;

    @Column(name = "admin_email", nullable = false, length = 254)
    private String adminEmail;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Platform() {
        // for JPA
    }

    void update(PlatformDetails details, Instant now) {
        this.name = details.name();
        this.csmEmail = details.csmEmail();
        this.adminEmail = details.adminEmail();
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getCsmEmail() {
        return csmEmail;
    }

    public String getAdminEmail() {
        return adminEmail;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}

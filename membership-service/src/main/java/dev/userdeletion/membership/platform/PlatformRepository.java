package dev.userdeletion.membership.platform;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PlatformRepository extends JpaRepository<Platform, String> {

    /** Creates the platform unless it exists; 1 if created. Two concurrent creations cannot both win. */
    @Modifying
    @Query(value = """
            INSERT INTO platforms (id, name, csm_email, admin_email, created_at, updated_at)
            VALUES (:id, :name, :csmEmail, :adminEmail, :now, :now)
            ON CONFLICT (id) DO NOTHING""", nativeQuery = true)
    int insertIfAbsent(@Param("id") String id, @Param("name") String name, @Param("csmEmail") String csmEmail,
                       @Param("adminEmail") String adminEmail, @Param("now") Instant now);

    @Query(value = "SELECT count(*) FROM memberships WHERE platform_id = :id", nativeQuery = true)
    long countMembers(@Param("id") String id);
}

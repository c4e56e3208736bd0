package dev.userdeletion.membership.accesslist;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AccessListRepository extends JpaRepository<AccessListEntry, AccessListEntry.Key> {

    /** Idempotent add; concurrent adds of the same email do not fail. */
    @Modifying
    @Query(value = """
            INSERT INTO access_list (platform_id, email, added_at) VALUES (:platformId, :email, :now)
            ON CONFLICT (platform_id, email) DO NOTHING""", nativeQuery = true)
    int addIfAbsent(@Param("platformId") String platformId, @Param("email") String email, @Param("now") Instant now);

    @Modifying
    @Query(value = "DELETE FROM access_list WHERE platform_id = :platformId AND email = :email", nativeQuery = true)
    int remove(@Param("platformId") String platformId, @Param("email") String email);

    /** Byte order ("C"), not the server locale's: the same order as Java's String sort, on every server. */
    @Query(value = "SELECT email FROM access_list WHERE platform_id = :platformId ORDER BY email COLLATE \"C\"",
            nativeQuery = true)
    List<String> emails(@Param("platformId") String platformId);
}

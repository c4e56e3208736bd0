package dev.userdeletion.membership.user;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface UserRepository extends JpaRepository<User, UUID> {

    /**
     * Creates an account for the email unless one exists; 1 if created. A concurrent insert of the same
     * email waits for the other transaction and then does nothing, so two racing requests share one account.
     */
    @Modifying
    @Query(value = """
            INSERT INTO users (id, email, revision, created_at) VALUES (:id, :email, 0, :now)
            ON CONFLICT (email) DO NOTHING""", nativeQuery = true)
    int insertIfAbsent(@Param("id") UUID id, @Param("email") String email, @Param("now") Instant now);

    /** Locks the user row (changes of one user are serialised, so revisions strictly increase). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.email = :email")
    Optional<User> lockByEmail(@Param("email") String email);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.id = :id")
    Optional<User> lockById(@Param("id") UUID id);

    @Query("select u from User u left join fetch u.memberships where u.id = :id")
    Optional<User> findWithMemberships(@Param("id") UUID id);
}

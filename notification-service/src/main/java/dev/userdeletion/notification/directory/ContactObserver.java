package dev.userdeletion.notification.directory;

import java.util.Set;
import java.util.UUID;

/** Told of every applied directory change, inside the transaction that applies it. */
public interface ContactObserver {

    /** A newer UserState was applied: the user's email and the platforms the user is on now. */
    void contactChanged(UUID userId, String email, Set<String> platforms);

    /** The user was deleted (tombstone); their email is gone from the directory. */
    void contactErased(UUID userId);
}

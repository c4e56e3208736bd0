package dev.userdeletion.notification.directory;

import java.util.Collection;
import java.util.UUID;

/** Told of every applied directory change, inside the transaction that applies it, a poll's worth at a time. */
public interface ContactObserver {

    /** Newer UserStates were applied: each user's email and the platforms the user is on now (one per user). */
    void contactsChanged(Collection<ContactDirectory.Change> changes);

    /** The users were deleted (tombstones); their emails are gone from the directory. */
    void contactsErased(Collection<UUID> userIds);
}

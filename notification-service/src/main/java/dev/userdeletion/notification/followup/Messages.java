package dev.userdeletion.notification.followup;

import java.util.List;
import java.util.UUID;

/** The words of the admin notifications and of the mails. Plain text; subjects carry ids only. */
final class Messages {

    private Messages() {
    }

    /**
     * "3 users were deleted, 2 could not be deleted and were passed to your Customer Success Manager, 1 was no longer
     * a member of this platform".
     */
    static String completed(int deleted, int passedToCsm, int notMembers) {
        String text = users(deleted) + (deleted == 1 ? " was" : " were") + " deleted";
        if (passedToCsm > 0) {
            text += ", " + passedToCsm + " could not be deleted and " + (passedToCsm == 1 ? "was" : "were")
                    + " passed to your Customer Success Manager";
        }
        if (notMembers > 0) {
            text += ", " + notMembers + (notMembers == 1 ? " was no longer a member" : " were no longer members")
                    + " of this platform";
        }
        return text;
    }

    static String completedSubject(UUID requestId) {
        return "User deletion request " + requestId + " completed";
    }

    static String completedBody(String platformId, UUID requestId, int deleted, int passedToCsm, int notMembers,
                                int alreadyGone) {
        StringBuilder body = new StringBuilder();
        body.append("Hello,\n\n")
                .append("Your user deletion request ").append(requestId).append(" on platform ").append(platformId)
                .append(" has completed: ").append(completed(deleted, passedToCsm, notMembers)).append(".\n");
        if (alreadyGone > 0) {
            body.append(users(alreadyGone)).append(alreadyGone == 1 ? " was" : " were").append(" already gone.\n");
        }
        if (passedToCsm > 0) {
            body.append("\nThose users belong to several platforms, so only the Customer Success team can remove them")
                    .append(" from yours. We will let you know when all of them have been removed.\n");
        }
        return body.append(signature()).toString();
    }

    static String closed(int itemCount) {
        return "All users have been removed: the " + users(itemCount) + " that could not be deleted "
                + (itemCount == 1 ? "is" : "are") + " no longer on your platform";
    }

    static String closedSubject(UUID requestId) {
        return "All users of deletion request " + requestId + " have been removed";
    }

    static String closedBody(String platformId, UUID requestId, int itemCount) {
        return "Hello,\n\n" + closed(itemCount) + " (platform " + platformId + ", deletion request " + requestId
                + ").\n" + signature();
    }

    static String csmSubject(String platformId, UUID requestId, int count) {
        return "Follow-up: " + users(count) + " of platform " + platformId + " to remove (deletion request "
                + requestId + ")";
    }

    /**
     * @param emails      the users still to remove: their email, or a note with the user id if not known yet
     * @param alreadyGone rejected users that are already off the platform
     * @param missing     rejected users of the request whose rejection has not reached this service yet
     */
    static String csmBody(String platformId, UUID requestId, UUID caseId, List<String> emails, int alreadyGone,
                          int missing) {
        StringBuilder body = new StringBuilder();
        body.append("Hello,\n\n")
                .append("The admin of platform ").append(platformId).append(" asked to delete users (deletion request ")
                .append(requestId).append(").\n")
                .append(emails.size() == 1 ? "This user" : "These " + users(emails.size()))
                .append(" could not be deleted because they belong to other platforms too.\n")
                .append("Please remove their membership of platform ").append(platformId).append(":\n\n");
        emails.forEach(e -> body.append(e).append('\n'));
        if (alreadyGone > 0) {
            body.append('\n').append(moreUsers(alreadyGone)).append(alreadyGone == 1 ? " was" : " were")
                    .append(" rejected but had already left the platform.\n");
        }
        if (missing > 0) {
            body.append('\n').append(moreUsers(missing)).append(" could not be deleted but ")
                    .append(missing == 1 ? "has" : "have").append(" not reached this service yet; you will get")
                    .append(" another mail when ").append(missing == 1 ? "it is" : "they are")
                    .append(" added to this case.\n");
        }
        body.append("\nFollow-up case ").append(caseId).append(": each user is ticked off by itself once removed")
                .append(" from the platform, and the admin is told when all have been.\n")
                .append("The list as CSV: /api/csm/follow-ups/").append(caseId).append("/emails.csv\n");
        return body.append(signature()).toString();
    }

    static String csmAddedSubject(String platformId, UUID requestId, int count) {
        return "Follow-up: " + users(count) + " of platform " + platformId + " added to remove (deletion request "
                + requestId + ")";
    }

    /**
     * The users added to an opened case (their rejection arrived late).
     *
     * @param emails the added users still to remove: their email, or a note with the user id if not known yet
     * @param open   the case's open items now, these included
     */
    static String csmAddedBody(String platformId, UUID requestId, UUID caseId, List<String> emails, int open) {
        StringBuilder body = new StringBuilder();
        body.append("Hello,\n\n")
                .append("More users of deletion request ").append(requestId).append(" on platform ").append(platformId)
                .append(" could not be deleted because they belong to other platforms too.\n")
                .append("They have been added to follow-up case ").append(caseId)
                .append(". Please remove their membership of platform ").append(platformId).append(":\n\n");
        emails.forEach(e -> body.append(e).append('\n'));
        body.append("\nThe case has ").append(users(open)).append(" to remove now, these included.\n")
                .append("The list as CSV: /api/csm/follow-ups/").append(caseId).append("/emails.csv\n");
        return body.append(signature()).toString();
    }

    /** What a queued mail lists instead of a user deleted before it was sent. */
    static String deletedSince(UUID userId) {
        return "(user " + userId + ", deleted since: nothing to remove)";
    }

    static String unknownEmail(UUID userId) {
        return "(user " + userId + ", email not known yet: see the case)";
    }

    private static String users(int n) {
        return n + (n == 1 ? " user" : " users");
    }

    /** "1 more user", "3 more users". */
    private static String moreUsers(int n) {
        return n + (n == 1 ? " more user" : " more users");
    }

    private static String signature() {
        return "\n-- \nUser Deletion notifications\n";
    }
}

package dev.userdeletion.notification.followup;

import java.util.List;
import java.util.UUID;

/** The words of the admin notifications and of the mails. Plain text; subjects carry ids only. */
final class Messages {

    private Messages() {
    }

    /** "3 users were deleted, 2 could not be deleted and were passed to your Customer Success Manager". */
    static String completed(int deleted, int passedToCsm) {
        String text = users(deleted) + (deleted == 1 ? " was" : " were") + " deleted";
        if (passedToCsm > 0) {
            text += ", " + passedToCsm + " could not be deleted and " + (passedToCsm == 1 ? "was" : "were")
                    + " passed to your Customer Success Manager";
        }
        return text;
    }

    static String completedSubject(UUID requestId) {
        return "User deletion request " + requestId + " completed";
    }

    static String completedBody(String platformId, UUID requestId, int deleted, int passedToCsm, int alreadyGone) {
        StringBuilder body = new StringBuilder();
        body.append("Hello,\n\n")
                .append("Your user deletion request ").append(requestId).append(" on platform ").append(platformId)
                .append(" has completed: ").append(completed(deleted, passedToCsm)).append(".\n");
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
     */
    static String csmBody(String platformId, UUID requestId, UUID caseId, List<String> emails, int alreadyGone) {
        StringBuilder body = new StringBuilder();
        body.append("Hello,\n\n")
                .append("The admin of platform ").append(platformId).append(" asked to delete users (deletion request ")
                .append(requestId).append(").\n")
                .append("These ").append(users(emails.size()))
                .append(" could not be deleted because they belong to other platforms too.\n")
                .append("Please remove their membership of platform ").append(platformId).append(":\n\n");
        emails.forEach(e -> body.append(e).append('\n'));
        if (alreadyGone > 0) {
            body.append('\n').append(users(alreadyGone)).append(" more ").append(alreadyGone == 1 ? "was" : "were")
                    .append(" rejected but already left the platform.\n");
        }
        body.append("\nFollow-up case ").append(caseId).append(": each user is ticked off by itself once removed")
                .append(" from the platform, and the admin is told when all have been.\n")
                .append("The list as CSV: /api/csm/follow-ups/").append(caseId).append("/emails.csv\n");
        return body.append(signature()).toString();
    }

    static String unknownEmail(UUID userId) {
        return "(user " + userId + ", email not known yet: see the case)";
    }

    private static String users(int n) {
        return n + (n == 1 ? " user" : " users");
    }

    private static String signature() {
        return "\n-- \nUser Deletion notifications\n";
    }
}

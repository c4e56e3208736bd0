package dev.userdeletion.notification.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The mails' sentences agree in number with the counts they carry. */
class MessagesTest {

    private static final UUID REQUEST = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID CASE = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    @Test
    void theCsmMailForOneUserSpeaksOfThatUser() {
        String body = Messages.csmBody("acme", REQUEST, CASE, List.of("ann@example.com"), 1, 1);

        assertThat(body).contains("This user could not be deleted because they belong to other platforms too.\n",
                        "1 more user was rejected but had already left the platform.\n",
                        "1 more user could not be deleted but has not reached this service yet")
                .doesNotContain("These", "1 user more", "1 users");
    }

    @Test
    void theCsmMailForSeveralUsersCountsThem() {
        String body = Messages.csmBody("acme", REQUEST, CASE, List.of("ann@example.com", "bob@example.com"), 2, 3);

        assertThat(body).contains("These 2 users could not be deleted because they belong to other platforms too.\n",
                "ann@example.com\nbob@example.com\n", "2 more users were rejected but had already left the platform.\n",
                "3 more users could not be deleted but have not reached this service yet");
    }

    @Test
    void theCsmMailLeavesOutCountsThatAreZero() {
        String body = Messages.csmBody("acme", REQUEST, CASE, List.of("ann@example.com"), 0, 0);

        assertThat(body).doesNotContain("already left", "not reached");
    }
}

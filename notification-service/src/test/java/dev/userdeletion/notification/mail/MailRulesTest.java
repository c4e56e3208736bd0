package dev.userdeletion.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.AddressException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MailRulesTest {

    private static MailProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("notification.mail", MailProperties.class);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        MailProperties properties = bind(Map.of("notification.mail.max-backoff", "30s"));
        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    /** Setting one key of the group leaves every other at its default (not at null or 0). */
    @Test
    void oneSettingLeavesTheOthersAtTheirDefaults() {
        MailProperties properties = bind(Map.of("notification.mail.batch-size", "7"));
        assertThat(properties.batchSize()).isEqualTo(7);
        assertThat(properties.from()).isEqualTo("no-reply@user-deletion.example");
        assertThat(properties.sendInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.retryBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> bind(Map.of("notification.mail.batch-size", "0"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("notification.mail.max-backoff", "1s")))
                .isInstanceOf(BindException.class);
    }

    @Test
    void onlyPlainAddressesAreRecipientsAndHeadersNeverGetLineBreaks() throws AddressException {
        assertThat(MailDispatcher.plainAddress("csm@example.com").getAddress()).isEqualTo("csm@example.com");
        for (String bad : new String[] {"csm@example.com\r\nBcc: x@evil.test", "csm@example.com\n", "CSM <csm@example.com>",
                "a@example.com, b@example.com", "", "no-at-sign", null, " csm@example.com", "csm@example.com\t",
                "csm\u0000@example.com", "csm@example.com\u0085Bcc: x@evil.test", "csm@example.com\u2028Bcc: x@evil.test",
                "cs\u00e9@example.com", "a@example.com,b@example.com", "\"a\r\nb\"@example.com"}) {
            assertThatThrownBy(() -> MailDispatcher.plainAddress(bad)).as(String.valueOf(bad))
                    .isInstanceOf(AddressException.class);
        }
        assertThat(MailText.headerSafe("Follow-up\r\nBcc: x@evil.test")).isEqualTo("Follow-up Bcc: x@evil.test");
    }
}

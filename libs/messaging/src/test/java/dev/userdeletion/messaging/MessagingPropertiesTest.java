package dev.userdeletion.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessagingPropertiesTest {

    @Test
    void theInboxIsKeptTwoWeeksByDefaultLongerThanKafkasSevenDays() {
        MessagingProperties.Inbox inbox = new MessagingProperties(null, null, null, null).inbox();
        assertThat(inbox.retention()).isEqualTo(Duration.ofDays(14));
        assertThat(inbox.pruneInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(inbox.pruneBatchSize()).isEqualTo(10_000);
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefusedAtStart() {
        assertThatThrownBy(() -> new MessagingProperties.Inbox(Duration.ZERO, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("messaging.inbox.retention");
        assertThatThrownBy(() -> new MessagingProperties.Inbox(Duration.ofDays(-1), null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MessagingProperties.Inbox(null, null, -5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

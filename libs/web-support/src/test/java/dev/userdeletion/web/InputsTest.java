package dev.userdeletion.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class InputsTest {

    @Test
    void emailsAreNormalisedAndHeaderInjectionIsRefused() {
        assertThat(Inputs.email("  Ann.Lee+x@Example.COM ")).isEqualTo("ann.lee+x@example.com");
        for (String bad : new String[] {"ann@example.com\r\nBcc: x@evil.test", "ann@example.com\n", "a b@example.com",
                "no-at-sign", "ann@localhost", "ann@@example.com", "", "x".repeat(250) + "@example.com"}) {
            assertThatThrownBy(() -> Inputs.email(bad)).as(bad).isInstanceOf(ApiProblem.class);
        }
    }

    @Test
    void onlyCanonicalUuidsAreIds() {
        UUID id = UUID.randomUUID();
        assertThat(Inputs.uuid(id.toString(), "userId")).isEqualTo(id);
        assertThatThrownBy(() -> Inputs.uuid("1-2-3-4-5", "userId")).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("userId");
        assertThatThrownBy(() -> Inputs.uuid(null, "userId")).isInstanceOf(ApiProblem.class);
    }

    @Test
    void platformIdsFollowThePattern() {
        assertThat(Inputs.platformId("acme-1")).isEqualTo("acme-1");
        for (String bad : new String[] {"Acme", "a_b", "", "a".repeat(65), "a/b"}) {
            assertThatThrownBy(() -> Inputs.platformId(bad)).as(bad).isInstanceOf(ApiProblem.class);
        }
    }
}

package dev.userdeletion.notification.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmailCsvTest {

    @Test
    void formulaLikeValuesGetAQuoteAndSpecialCharactersAreQuotedPerRfc4180() {
        assertThat(EmailCsv.field("ann@example.com")).isEqualTo("ann@example.com");
        assertThat(EmailCsv.field("=HYPERLINK(\"x\")@example.com")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")@example.com\"");
        assertThat(EmailCsv.field("+1@example.com")).isEqualTo("'+1@example.com");
        assertThat(EmailCsv.field("-1@example.com")).isEqualTo("'-1@example.com");
        assertThat(EmailCsv.field("@x")).isEqualTo("'@x");
        assertThat(EmailCsv.field("\tx@example.com")).isEqualTo("'\tx@example.com");
        assertThat(EmailCsv.field("a,b@example.com")).isEqualTo("\"a,b@example.com\"");
        assertThat(EmailCsv.field("a\r\nb")).isEqualTo("\"a\r\nb\"");
        assertThat(EmailCsv.of(List.of())).isEqualTo("email\r\n");
        assertThat(EmailCsv.of(List.of("a@example.com", "+b@example.com"))).isEqualTo("email\r\na@example.com\r\n'+b@example.com\r\n");
    }
}

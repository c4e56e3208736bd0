package dev.userdeletion.notification.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSM's emails.csv is safe to open in a spreadsheet (no formula runs) and valid RFC 4180. */
class EmailCsvTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "->", quoteCharacter = '^', textBlock = """
            =sum@example.com      -> '=sum@example.com
            +tag@example.com      -> '+tag@example.com
            -dash@example.com     -> '-dash@example.com
            @at@example.com       -> '@at@example.com
            =cmd|calc@example.com -> '=cmd|calc@example.com
            """)
    void aValueASpreadsheetWouldTakeForAFormulaGetsALeadingQuote(String value, String field) {
        assertThat(EmailCsv.field(value)).isEqualTo(field);
    }

    @Test
    void leadingTabAndCarriageReturnAreNeutralisedToo() {
        assertThat(EmailCsv.field("\tx@example.com")).isEqualTo("'\tx@example.com");
        // a CR also needs RFC 4180 quoting
        assertThat(EmailCsv.field("\r=1+1")).isEqualTo("\"'\r=1+1\"");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedPerRfc4180() {
        assertThat(EmailCsv.field("a,b@example.com")).isEqualTo("\"a,b@example.com\"");
        assertThat(EmailCsv.field("\"a\"@example.com")).isEqualTo("\"\"\"a\"\"@example.com\"");
        assertThat(EmailCsv.field("a\r\nb")).isEqualTo("\"a\r\nb\"");
        assertThat(EmailCsv.field("a\nb")).isEqualTo("\"a\nb\"");
        // both: the quote goes inside the quoted field
        assertThat(EmailCsv.field("=HYPERLINK(\"x\")@example.com")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")@example.com\"");
    }

    @Test
    void ordinaryAddressesStayAsTheyAre() {
        assertThat(EmailCsv.field("ann@example.com")).isEqualTo("ann@example.com");
        assertThat(EmailCsv.field("a=b+c-d@example.com")).isEqualTo("a=b+c-d@example.com");
    }

    @Test
    void theFileIsAHeaderAndOneValueALineWithCrlfLineEnds() {
        assertThat(EmailCsv.of(List.of())).isEqualTo("email\r\n");
        assertThat(EmailCsv.of(List.of("a@example.com", "+b@example.com")))
                .isEqualTo("email\r\na@example.com\r\n'+b@example.com\r\n");
    }
}

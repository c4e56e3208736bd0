package dev.userdeletion.notification.followup;

import java.util.Collection;

/**
 * A one-column CSV of emails (RFC 4180, CRLF line ends) that is safe to open in a spreadsheet: a value that
 * a spreadsheet would read as a formula (starting with {@code = + - @}, tab or CR) gets a leading single
 * quote, and a value with a comma, quote or line break is quoted. Valid addresses can start with
 * {@code + - =}, so the quote is how such an address shows.
 */
final class EmailCsv {

    static final String HEADER = "email";

    private EmailCsv() {
    }

    static String of(Collection<String> emails) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (String email : emails) {
            csv.append(field(email)).append("\r\n");
        }
        return csv.toString();
    }

    static String field(String value) {
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            safe = '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}

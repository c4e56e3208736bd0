package dev.userdeletion.notification.mail;

/** Text that goes into mail headers: never a line break or another control character. */
final class MailText {

    private MailText() {
    }

    /** Control characters (CR and LF above all) become spaces; runs of blanks collapse. */
    static String headerSafe(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().replaceAll(" {2,}", " ").strip();
    }

    /** Only the characters {@code !} to {@code ~}: no blank, no control character, nothing beyond ASCII. */
    static boolean isVisibleAscii(String value) {
        return value.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }
}

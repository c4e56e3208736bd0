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

    static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}

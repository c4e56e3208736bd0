package dev.userdeletion.userquery.directory;

import dev.userdeletion.web.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the next page starts: the last row's sort key and user id, in the order they were sorted by. Sent to the
 * client as an opaque, encrypted token (AES-GCM): the email sort key never shows in a URL or an access log, and a
 * token that was tampered with or made for another sort is refused. Keyed by {@code user-query.cursor-key}.
 *
 * @param sortKey the last row's email (lower-case) or last login ({@code -infinity} for never) as text
 */
record PageCursor(UserSort sort, String sortKey, UUID userId) {

    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Encrypts and encodes cursors with one key. */
    static final class Codec {

        private final SecretKeySpec key;

        Codec(byte[] key) {
            if (key.length != 32) {
                throw new IllegalArgumentException("user-query.cursor-key must be 32 bytes (base64)");
            }
            this.key = new SecretKeySpec(key, "AES");
        }

        String encode(PageCursor cursor) {
            byte[] plain = (cursor.sort().field().name() + "\n" + cursor.sort().descending() + "\n"
                    + cursor.userId() + "\n" + cursor.sortKey()).getBytes(StandardCharsets.UTF_8);
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                byte[] sealed = cipher.doFinal(plain);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is not available", e);
            }
        }

        /** The cursor {@code token} names, which must have been made for {@code sort}; 400 otherwise. */
        PageCursor decode(String token, UserSort sort) {
            try {
                byte[] bytes = Base64.getUrlDecoder().decode(token);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE));
                String[] parts = new String(cipher.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8)
                        .split("\n", 4);
                UserSort madeFor = new UserSort(UserSort.Field.valueOf(parts[0]), Boolean.parseBoolean(parts[1]));
                if (!madeFor.equals(sort)) {
                    throw ApiProblem.invalid("after belongs to a list in another order; start again from the first page");
                }
                return new PageCursor(sort, parts[3], UUID.fromString(parts[2]));
            } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ApiProblem.invalid("after must be the nextCursor of a page, unchanged");
            }
        }
    }
}

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
 * Where the next page starts: after the row of {@code userId}, in the order the list was sorted by. It names the row
 * by id only, and the page reads the row's sort key (email or last login) in its own statement: a cursor kept in a
 * URL, a bookmark or a browser's history holds no email, even encrypted, so a user's deletion leaves no copy there
 * (a cursor whose row is deleted is refused, see {@link UserDirectory#page}). Sent as an opaque token (AES-GCM, keyed
 * by {@code user-query.cursor-key}) bound to its list: the platform and the filters authenticate the token without
 * being in it, so a token that was tampered with, or is used on another platform or with other filters, is refused;
 * one made for another order is refused with its own message.
 */
record PageCursor(UserSort sort, UUID userId) {

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

        /** The token of {@code cursor}, valid for the list {@code filter} selects only. */
        String encode(PageCursor cursor, UserFilter filter) {
            byte[] plain = (cursor.sort().field().name() + "\n" + cursor.sort().descending() + "\n"
                    + cursor.userId()).getBytes(StandardCharsets.UTF_8);
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(filter.scope().getBytes(StandardCharsets.UTF_8));
                byte[] sealed = cipher.doFinal(plain);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is not available", e);
            }
        }

        /** The cursor {@code token} names, which must have been made for {@code filter}'s list and {@code sort}; else 400. */
        PageCursor decode(String token, UserSort sort, UserFilter filter) {
            try {
                byte[] bytes = Base64.getUrlDecoder().decode(token);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE));
                cipher.updateAAD(filter.scope().getBytes(StandardCharsets.UTF_8));
                String[] parts = new String(cipher.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8)
                        .split("\n", 3);
                UserSort madeFor = new UserSort(UserSort.Field.valueOf(parts[0]), Boolean.parseBoolean(parts[1]));
                if (!madeFor.equals(sort)) {
                    throw ApiProblem.invalid("after belongs to a list in another order; start again from the first page");
                }
                return new PageCursor(sort, UUID.fromString(parts[2]));
            } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ApiProblem.invalid("after must be the nextCursor of a page of this same list (platform and"
                        + " filters), unchanged");
            }
        }
    }
}

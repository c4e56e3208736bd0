package dev.userdeletion.userquery.directory;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key of the page cursors ({@code user-query.cursor-key}, 32 bytes in base64). Without one, each instance makes
 * its own at start: a cursor then only works on the instance that made it, until it restarts (a client that gets a
 * 400 starts again from the first page). Several instances behind one address must share a key.
 */
@Configuration(proxyBeanMethods = false)
class CursorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CursorConfiguration.class);

    @Bean
    PageCursor.Codec pageCursors(@Value("${user-query.cursor-key:}") String key) {
        if (key.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            log.info("No user-query.cursor-key: page cursors are valid on this instance until it restarts");
            return new PageCursor.Codec(random);
        }
        try {
            return new PageCursor.Codec(Base64.getDecoder().decode(key.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("user-query.cursor-key must be 32 bytes in base64", e);
        }
    }
}

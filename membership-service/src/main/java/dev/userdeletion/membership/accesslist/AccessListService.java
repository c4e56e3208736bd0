package dev.userdeletion.membership.accesslist;

import dev.userdeletion.membership.Timestamps;
import dev.userdeletion.membership.platform.PlatformService;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
public class AccessListService {

    private static final Logger log = LoggerFactory.getLogger(AccessListService.class);

    private final AccessListRepository entries;
    private final PlatformService platforms;
    private final Clock clock;

    AccessListService(AccessListRepository entries, PlatformService platforms, Clock clock) {
        this.entries = entries;
        this.platforms = platforms;
        this.clock = clock;
    }

    @Transactional
    public void add(String platformId, String email) {
        platforms.requireExists(platformId);
        if (entries.addIfAbsent(platformId, email, Timestamps.now(clock)) == 1) {
            log.info("Access list of platform {} gained an entry", platformId); // no email in logs
        }
    }

    /** Takes the email off the platform's list, if it is there (the platform's back end erasing an address). */
    @Transactional
    public void delete(String platformId, String email) {
        platforms.requireExists(platformId);
        remove(platformId, email);
    }

    /** Removes the email from the platform's list, in the caller's transaction (a user leaving the platform). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void remove(String platformId, String email) {
        if (entries.remove(platformId, email) == 1) {
            log.info("Access list of platform {} lost an entry", platformId); // no email in logs
        }
    }

    @Transactional(readOnly = true)
    public List<String> emails(String platformId) {
        platforms.requireExists(platformId);
        return entries.emails(platformId);
    }
}

package dev.userdeletion.membership.platform;

import dev.userdeletion.membership.Timestamps;
import dev.userdeletion.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class PlatformService {

    private static final Logger log = LoggerFactory.getLogger(PlatformService.class);

    private final PlatformRepository platforms;
    private final Clock clock;

    PlatformService(PlatformRepository platforms, Clock clock) {
        this.platforms = platforms;
        this.clock = clock;
    }

    /** The platform after a PUT, and whether the PUT created it. */
    public record Saved(PlatformView platform, boolean created) {
    }

    @Transactional
    public Saved put(String platformId, PlatformDetails details) {
        Instant now = Timestamps.now(clock);
        // insert-or-nothing first: a concurrent PUT of the same new id waits here instead of failing on the key
        if (platforms.insertIfAbsent(platformId, details.name(), details.csmEmail(), details.adminEmail(), now) == 1) {
            log.info("Platform {} created", platformId);
            return new Saved(new PlatformView(platformId, details.name(), details.csmEmail(), details.adminEmail(), 0),
                    true);
        }
        Platform platform = platforms.findById(platformId).orElseThrow();
        platform.update(details, now);
        log.info("Platform {} updated", platformId);
        return new Saved(PlatformView.of(platform, platforms.countMembers(platformId)), false);
    }

    @Transactional(readOnly = true)
    public PlatformView get(String platformId) {
        Platform platform = platforms.findById(platformId).orElseThrow(() -> ApiProblem.notFound("Platform"));
        return PlatformView.of(platform, platforms.countMembers(platformId));
    }

    /** For the other features: refuses with 404 when the platform does not exist. */
    @Transactional(readOnly = true)
    public void requireExists(String platformId) {
        if (!platforms.existsById(platformId)) {
            throw ApiProblem.notFound("Platform");
        }
    }
}

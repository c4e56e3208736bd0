package dev.userdeletion.notification.adminfeed;

import dev.userdeletion.web.Inputs;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The admin's notifications of one platform. */
@RestController
class AdminFeedController {

    private final AdminFeed feed;

    AdminFeedController(AdminFeed feed) {
        this.feed = feed;
    }

    /** Newest first; only this platform's. */
    @GetMapping("/api/platforms/{platformId}/notifications")
    List<AdminNotification> notifications(@PathVariable String platformId) {
        return feed.of(Inputs.platformId(platformId));
    }
}

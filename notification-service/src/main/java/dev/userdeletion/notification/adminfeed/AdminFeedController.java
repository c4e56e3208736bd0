package dev.userdeletion.notification.adminfeed;

import dev.userdeletion.web.Inputs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The admin's notifications of one platform. */
@RestController
@Tag(name = "Admin notifications", description = "What a platform's admin is told")
class AdminFeedController {

    private final AdminFeed feed;

    AdminFeedController(AdminFeed feed) {
        this.feed = feed;
    }

    /** Newest first; only this platform's. */
    @GetMapping(path = "/api/platforms/{platformId}/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The platform admin's notifications, newest first", description = "DELETION_COMPLETED when"
            + " a request completed (with how many users could not be deleted), FOLLOW_UP_CLOSED when the CSM removed"
            + " all of them.")
    @ApiResponse(responseCode = "200", description = "The notifications")
    List<AdminNotification> notifications(@PathVariable String platformId) {
        return feed.of(Inputs.platformId(platformId));
    }
}

package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.security.Caller;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Users", description = "Accounts, memberships and last logins")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    /**
     * Makes the email's account (existing or new) a member of the platform. A body that is not JSON (415) and
     * an Accept the answer cannot meet (406) are refused before anything is read or changed.
     */
    @PostMapping(path = "/api/platforms/{platformId}/members", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Make an email a member of the platform", description = "{email, role: MENTOR|MENTEE}."
            + " An email that already has an account (on any platform) joins with the same userId.")
    @ApiResponse(responseCode = "201", description = "Created: the membership, with the account's userId",
            headers = @Header(name = "Location", description = "The user's URL"))
    @ProblemResponse(status = 404, types = "not-found", description = "no such platform")
    @ProblemResponse(status = 409, types = {"already-member", "concurrent-change"}, description = "the account is"
            + " already a member of this platform, or it was deleted and recreated while joining (try again)")
    ResponseEntity<MemberView> addMember(@PathVariable String platformId, @RequestBody NewMemberRequest body) {
        String id = Inputs.platformId(platformId);
        MemberView member = users.join(id, Inputs.email(body.email()), role(body.role()), Caller.id());
        return ResponseEntity.created(URI.create("/api/users/" + member.userId())).body(member);
    }

    /** CSM only: removes one membership of a user who stays on other platforms. */
    @DeleteMapping("/api/platforms/{platformId}/members/{userId}")
    @Operation(summary = "Remove one membership of a user who stays on other platforms", description = "CSM only."
            + " The membership and the platform's User Access list entry go; a refused deletion that this leaves"
            + " possible goes through.")
    @ApiResponse(responseCode = "204", description = "Removed: the user is no longer a member of this platform")
    @ProblemResponse(status = 404, types = "not-found", description = "no such platform, user or membership")
    @ProblemResponse(status = 409, types = "last-membership", description = "this is the user's only platform:"
            + " delete the user with a deletion request instead")
    ResponseEntity<Void> removeMember(@PathVariable String platformId, @PathVariable String userId) {
        users.removeMembership(Inputs.platformId(platformId), userId(userId), Caller.id());
        return ResponseEntity.noContent().build();
    }

    /** The body is optional; when there is one, it must be JSON (a form body is never parsed). */
    @PostMapping(path = "/api/users/{userId}/logins", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record a login", description = "{at?}: an ISO-8601 instant, now when absent; at most a few"
            + " minutes in the future. The latest login wins.")
    @ApiResponse(responseCode = "204", description = "Recorded: the user's last login is at least this one")
    @ProblemResponse(status = 404, types = "not-found", description = "no such user (or deleted)")
    ResponseEntity<Void> login(@PathVariable String userId, @RequestBody(required = false) LoginRequest body) {
        users.recordLogin(userId(userId), body == null ? null : body.instant(), Caller.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/api/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A user with their memberships")
    @ApiResponse(responseCode = "200", description = "The user")
    @ProblemResponse(status = 404, types = "not-found", description = "no such user, or the user was deleted")
    UserView get(@PathVariable String userId) {
        return users.get(userId(userId));
    }

    private static UUID userId(String value) {
        return Inputs.uuid(value, "userId");
    }

    private static Role role(String value) {
        return Arrays.stream(Role.values()).filter(r -> r.name().equals(value)).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("role must be MENTOR or MENTEE"));
    }
}

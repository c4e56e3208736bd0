package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.security.Caller;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;
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
    ResponseEntity<MemberView> addMember(@PathVariable String platformId, @RequestBody NewMemberRequest body) {
        String id = Inputs.platformId(platformId);
        MemberView member = users.join(id, Inputs.email(body.email()), role(body.role()), Caller.id());
        return ResponseEntity.created(URI.create("/api/users/" + member.userId())).body(member);
    }

    /** CSM only: removes one membership of a user who stays on other platforms. */
    @DeleteMapping("/api/platforms/{platformId}/members/{userId}")
    ResponseEntity<Void> removeMember(@PathVariable String platformId, @PathVariable String userId) {
        users.removeMembership(Inputs.platformId(platformId), userId(userId), Caller.id());
        return ResponseEntity.noContent().build();
    }

    /** The body is optional; when there is one, it must be JSON (a form body is never parsed). */
    @PostMapping(path = "/api/users/{userId}/logins", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> login(@PathVariable String userId, @RequestBody(required = false) LoginRequest body) {
        users.recordLogin(userId(userId), body == null ? null : body.instant(), Caller.id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/api/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
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

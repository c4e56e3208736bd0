package dev.userdeletion.membership.user;

import dev.userdeletion.contracts.Role;
import dev.userdeletion.web.ApiProblem;
import dev.userdeletion.web.Inputs;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserController {

    /** Only the canonical 36-character form: {@code UUID.fromString} also takes oddities like "1-2-3-4-5". */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    /** Makes the email's account (existing or new) a member of the platform. */
    @PostMapping("/api/platforms/{platformId}/members")
    ResponseEntity<MemberView> addMember(@PathVariable String platformId, @RequestBody NewMemberRequest body) {
        String id = Inputs.platformId(platformId);
        MemberView member = users.join(id, Inputs.email(body.email()), role(body.role()));
        return ResponseEntity.created(URI.create("/api/users/" + member.userId())).body(member);
    }

    @PostMapping("/api/users/{userId}/logins")
    ResponseEntity<Void> login(@PathVariable String userId, @RequestBody(required = false) LoginRequest body) {
        users.recordLogin(userId(userId), body == null ? null : body.at());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/users/{userId}")
    UserView get(@PathVariable String userId) {
        return users.get(userId(userId));
    }

    private static UUID userId(String value) {
        if (value == null || !CANONICAL_UUID.matcher(value).matches()) {
            throw ApiProblem.invalid("userId must be a UUID");
        }
        return Inputs.uuid(value, "userId");
    }

    private static Role role(String value) {
        return Arrays.stream(Role.values()).filter(r -> r.name().equals(value)).findFirst()
                .orElseThrow(() -> ApiProblem.invalid("role must be MENTOR or MENTEE"));
    }
}

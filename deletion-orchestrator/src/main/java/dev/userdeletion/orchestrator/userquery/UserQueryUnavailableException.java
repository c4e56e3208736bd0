package dev.userdeletion.orchestrator.userquery;

import dev.userdeletion.web.ApiProblem;
import org.springframework.http.HttpStatus;

/** The user-query-service could not answer; the admin can try again (503, no state changed). */
public class UserQueryUnavailableException extends ApiProblem {

    public UserQueryUnavailableException(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "user-query-unavailable", "User directory unavailable",
                detail + "; nothing was changed, try again shortly");
    }
}

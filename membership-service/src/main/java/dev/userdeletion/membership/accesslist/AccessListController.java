package dev.userdeletion.membership.accesslist;

import dev.userdeletion.web.Inputs;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/platforms/{platformId}/access-list")
@Tag(name = "User Access list", description = "The emails allowed to sign in to a platform")
class AccessListController {

    private final AccessListService accessList;

    AccessListController(AccessListService accessList) {
        this.accessList = accessList;
    }

    /** Idempotent: adding an email that is already on the list answers 204 as well. */
    @PutMapping("/{email}")
    @Operation(summary = "Put an email on the platform's User Access list", description = "Idempotent.")
    @ApiResponse(responseCode = "204", description = "The email is on the list (it may have been already)")
    @ProblemResponse(status = 404, types = "not-found", description = "no such platform")
    ResponseEntity<Void> add(@PathVariable String platformId, @PathVariable String email) {
        accessList.add(Inputs.platformId(platformId), Inputs.email(email));
        return ResponseEntity.noContent().build();
    }

    /**
     * Idempotent: removing an email that is not on the list answers 204 as well. How a platform's back end erases an
     * address it listed: one that never joined, or one whose account another platform deleted (that deletion takes
     * the address off the deleting platform's list only).
     */
    @DeleteMapping("/{email}")
    @Operation(summary = "Take an email off the platform's User Access list",
            description = "Idempotent. The way to erase an address the platform listed: one that never joined, or one"
                    + " whose account was deleted by another platform (which takes it off its own list only).")
    @ApiResponse(responseCode = "204", description = "The email is not on the list (it may not have been)")
    @ProblemResponse(status = 404, types = "not-found", description = "no such platform")
    ResponseEntity<Void> remove(@PathVariable String platformId, @PathVariable String email) {
        accessList.delete(Inputs.platformId(platformId), Inputs.email(email));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The platform's User Access list")
    @ApiResponse(responseCode = "200", description = "The emails on the list")
    @ProblemResponse(status = 404, types = "not-found", description = "no such platform")
    AccessListView list(@PathVariable String platformId) {
        return new AccessListView(accessList.emails(Inputs.platformId(platformId)));
    }
}

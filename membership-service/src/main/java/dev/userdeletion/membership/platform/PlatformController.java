package dev.userdeletion.membership.platform;

import dev.userdeletion.web.Inputs;
import dev.userdeletion.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
// consumes and produces: a body that is not JSON (415) and an Accept the answer cannot meet (406) are refused
// before anything is read or changed
@RequestMapping(path = "/api/platforms/{platformId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Platforms", description = "A platform's name and contact addresses")
class PlatformController {

    private final PlatformService service;

    PlatformController(PlatformService service) {
        this.service = service;
    }

    /** Creates (201) or replaces (200) a platform's settings. */
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Create or replace a platform", description = "PLATFORM_PROVISIONER only. {name (1-200"
            + " characters, no control characters), csmEmail, adminEmail}: the CSM receives the emails of users who"
            + " could not be deleted, the admin the notices of completed requests.")
    @ApiResponse(responseCode = "201", description = "Created: the new platform")
    @ApiResponse(responseCode = "200", description = "Replaced: the platform with its new settings")
    ResponseEntity<PlatformView> put(@PathVariable String platformId, @RequestBody PlatformRequest body) {
        String id = Inputs.platformId(platformId);
        PlatformService.Saved saved = service.put(id, PlatformDetails.from(body));
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.platform());
    }

    @GetMapping
    @Operation(summary = "A platform with its number of members")
    @ApiResponse(responseCode = "200", description = "The platform")
    @ProblemResponse(status = 404, types = "not-found", description = "no such platform")
    PlatformView get(@PathVariable String platformId) {
        return service.get(Inputs.platformId(platformId));
    }
}

package dev.userdeletion.membership.platform;

import dev.userdeletion.web.Inputs;
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
class PlatformController {

    private final PlatformService service;

    PlatformController(PlatformService service) {
        this.service = service;
    }

    /** Creates (201) or replaces (200) a platform's settings. */
    @PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PlatformView> put(@PathVariable String platformId, @RequestBody PlatformRequest body) {
        String id = Inputs.platformId(platformId);
        PlatformService.Saved saved = service.put(id, PlatformDetails.from(body));
        return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK).body(saved.platform());
    }

    @GetMapping
    PlatformView get(@PathVariable String platformId) {
        return service.get(Inputs.platformId(platformId));
    }
}

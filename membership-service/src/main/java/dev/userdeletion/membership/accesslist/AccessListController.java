package dev.userdeletion.membership.accesslist;

import dev.userdeletion.web.Inputs;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/platforms/{platformId}/access-list")
class AccessListController {

    private final AccessListService accessList;

    AccessListController(AccessListService accessList) {
        this.accessList = accessList;
    }

    /** Idempotent: adding an email that is already on the list answers 204 as well. */
    @PutMapping("/{email}")
    ResponseEntity<Void> add(@PathVariable String platformId, @PathVariable String email) {
        accessList.add(Inputs.platformId(platformId), Inputs.email(email));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    AccessListView list(@PathVariable String platformId) {
        return new AccessListView(accessList.emails(Inputs.platformId(platformId)));
    }
}

package dev.userdeletion.orchestrator.request;

import dev.userdeletion.web.Inputs;
import java.util.UUID;
import org.springframework.http.MediaType;

/** Validation of the path variables every deletion-request endpoint shares. */
public final class RequestPaths {

    public static final String BASE = "/api/platforms/{platformId}/deletion-requests";

    /**
     * What every endpoint produces and the body endpoints consume. Declared on the mappings so that an Accept or
     * Content-Type the service cannot honour is refused (406 / 415) before the handler runs: negotiated only when
     * the answer is written, a created request would already be committed behind a 406.
     */
    public static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private RequestPaths() {
    }

    public static String platformId(String value) {
        return Inputs.platformId(value);
    }

    public static UUID requestId(String value) {
        return Inputs.uuid(value, "requestId");
    }
}

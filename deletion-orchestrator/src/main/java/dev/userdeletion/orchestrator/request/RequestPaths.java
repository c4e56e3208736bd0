package dev.userdeletion.orchestrator.request;

import dev.userdeletion.web.Inputs;
import java.util.UUID;

/** Validation of the path variables every deletion-request endpoint shares. */
public final class RequestPaths {

    public static final String BASE = "/api/platforms/{platformId}/deletion-requests";

    private RequestPaths() {
    }

    public static String platformId(String value) {
        return Inputs.platformId(value);
    }

    public static UUID requestId(String value) {
        return Inputs.uuid(value, "requestId");
    }
}

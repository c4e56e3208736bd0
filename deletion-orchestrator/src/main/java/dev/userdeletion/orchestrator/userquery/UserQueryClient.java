package dev.userdeletion.orchestrator.userquery;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;

/**
 * Looks ids up in the user-query-service (emails, roles, number of platforms) in chunks of at most
 * {@code orchestrator.user-query.lookup-chunk-size}; whose token it carries: see {@link UserQueryHttp}.
 */
@Component
public class UserQueryClient {

    private static final Logger log = LoggerFactory.getLogger(UserQueryClient.class);

    private final UserQueryHttp web;
    private final int chunkSize;

    public UserQueryClient(UserQueryHttp web, OrchestratorProperties properties) {
        this.web = web;
        this.chunkSize = properties.userQuery().lookupChunkSize();
    }

    /** Looks up any number of ids, {@code orchestrator.user-query.lookup-chunk-size} per call; the answers are merged. */
    public Lookup lookup(String platformId, List<UUID> userIds) {
        UserQueryHttp.requireCallersToken();
        List<QueryUser> items = new ArrayList<>(userIds.size());
        List<UUID> unknown = new ArrayList<>();
        for (int from = 0; from < userIds.size(); from += chunkSize) {
            Lookup chunk = lookupChunk(platformId, userIds.subList(from, Math.min(userIds.size(), from + chunkSize)));
            items.addAll(chunk.items());
            unknown.addAll(chunk.unknownUserIds());
        }
        return new Lookup(items, unknown);
    }

    private Lookup lookupChunk(String platformId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return new Lookup(List.of(), List.of());
        }
        URI target = UriComponentsBuilder.fromUriString(web.baseUrl).path("/api/platforms/{platformId}/users/lookup")
                .encode().buildAndExpand(platformId).toUri();
        byte[] body = web.json.writeValueAsBytes(Map.of("userIds", userIds));
        try {
            return web.http.post().uri(target).contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                    .body(body).exchange((request, response) -> {
                        if (!response.getStatusCode().is2xxSuccessful()) {
                            throw new UserQueryUnavailableException("The user directory answered "
                                    + response.getStatusCode().value() + " to a lookup");
                        }
                        try (InputStream in = response.getBody()) {
                            return web.json.readValue(in, Lookup.class);
                        } catch (IOException e) {
                            throw new UserQueryUnavailableException("The user directory's lookup answer was cut off");
                        }
                    });
        } catch (RestClientException | JacksonException e) {
            log.warn("Lookup of {} ids on platform {} failed: {}", userIds.size(), platformId, UserQueryHttp.cause(e));
            throw new UserQueryUnavailableException("The user directory could not be reached");
        }
    }
}

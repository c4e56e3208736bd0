package dev.userdeletion.orchestrator.userquery;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.orchestrator.request.UserFilter;
import dev.userdeletion.security.BearerTokens;
import dev.userdeletion.security.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP client of the user-query-service (another process): resolves a filter into the stream of matching users with
 * their number of platforms, and looks ids up (emails, roles, number of platforms) in chunks of at most
 * {@code orchestrator.user-query.lookup-chunk-size}. Answers are read tolerantly (unknown fields ignored); the member
 * stream is parsed token by token, so 200,000 ids never sit in memory as one JSON document.
 *
 * <p><b>Whose token.</b> Every call relays the bearer token of the admin whose request is being served
 * ({@link BearerTokens#relayCaller()}): user-query-service then applies that admin's own role and platform scope,
 * so the orchestrator can never read more of the user directory than the admin could, and it needs no
 * credential of its own. This works because every call runs inside the admin's request thread: review
 * ({@code ReviewService}: the member stream and the lookups, read synchronously by {@code exchange}) and the items
 * page ({@code ItemsService}). Nothing calls it from a background thread; such a call would have no token to
 * relay and is refused here rather than sent anonymously. A token that expires during a long review makes
 * user-query-service answer 401, which surfaces as 503 {@code user-query-unavailable} with nothing changed: the
 * admin retries with a fresh token.
 */
@Component
public class UserQueryClient {

    private static final Logger log = LoggerFactory.getLogger(UserQueryClient.class);

    private final RestClient http;
    private final String baseUrl;
    private final int chunkSize;
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public UserQueryClient(RestClient.Builder builder, OrchestratorProperties properties) {
        OrchestratorProperties.UserQuery settings = properties.userQuery();
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(settings.readTimeout());
        this.http = builder.clone().requestFactory(requests).requestInterceptor(BearerTokens.relayCaller()).build();
        this.baseUrl = settings.baseUrl().replaceAll("/+$", "");
        this.chunkSize = settings.lookupChunkSize();
    }

    /** Receives a matching user and the number of platforms the user is on. */
    @FunctionalInterface
    public interface MemberSink {
        void accept(UUID userId, int platformCount);
    }

    /**
     * Every member of {@code platformId} matching {@code filter} (null: every member) with the number of platforms
     * each is on, in one streamed answer ({@code /user-ids?withPlatformCount=true}): a review of 100,000 users needs
     * no lookups.
     */
    public void streamMembers(String platformId, UserFilter filter, MemberSink sink) {
        requireCallersToken();
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(baseUrl)
                .path("/api/platforms/{platformId}/user-ids").queryParam("withPlatformCount", "true");
        Map<String, Object> variables = new HashMap<>();
        variables.put("platformId", platformId);
        if (filter != null) {
            if (filter.email() != null) {
                uri.queryParam("email", "{email}");
                variables.put("email", filter.email());
            }
            filter.roles().forEach(role -> uri.queryParam("role", role.name()));
            if (filter.lastLoginOnOrBefore() != null) {
                uri.queryParam("lastLoginOnOrBefore", filter.lastLoginOnOrBefore().toString());
            }
        }
        URI target = uri.encode().buildAndExpand(variables).toUri();
        long started = System.nanoTime();
        int[] received = {0};
        try {
            http.get().uri(target).accept(MediaType.APPLICATION_JSON).exchange((request, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new UserQueryUnavailableException("The user directory answered "
                            + response.getStatusCode().value() + " when resolving the selection");
                }
                try (InputStream body = response.getBody(); JsonParser parser = json.createParser(body)) {
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        throw new UserQueryUnavailableException("The user directory sent no member list");
                    }
                    JsonToken token;
                    while ((token = parser.nextToken()) == JsonToken.START_OBJECT) {
                        readMember(parser, sink);
                        received[0]++;
                    }
                    if (token != JsonToken.END_ARRAY) {
                        throw new UserQueryUnavailableException("The user directory sent a malformed member list");
                    }
                }
                return null;
            });
        } catch (RestClientException | JacksonException | IllegalArgumentException e) {
            log.warn("Streaming the members of platform {} failed after {}: {}", platformId, received[0], cause(e));
            throw new UserQueryUnavailableException("The user directory could not resolve the selection");
        }
        log.debug("Streamed {} members of platform {} in {} ms", received[0], platformId,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** One {@code {userId, platformCount}} object; other fields are skipped, both named ones are required. */
    private static void readMember(JsonParser parser, MemberSink sink) {
        UUID userId = null;
        int platformCount = 0;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("userId".equals(field) && value == JsonToken.VALUE_STRING) {
                userId = UUID.fromString(parser.getString());
            } else if ("platformCount".equals(field) && value == JsonToken.VALUE_NUMBER_INT) {
                platformCount = parser.getIntValue();
            } else {
                parser.skipChildren();
            }
        }
        if (userId == null || platformCount < 1) {
            throw new UserQueryUnavailableException("The user directory sent a member without id or platform count");
        }
        sink.accept(userId, platformCount);
    }

    /** Looks up any number of ids, {@code orchestrator.user-query.lookup-chunk-size} per call; the answers are merged. */
    public Lookup lookup(String platformId, List<UUID> userIds) {
        requireCallersToken();
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
        URI target = UriComponentsBuilder.fromUriString(baseUrl).path("/api/platforms/{platformId}/users/lookup")
                .encode().buildAndExpand(platformId).toUri();
        byte[] body = json.writeValueAsBytes(Map.of("userIds", userIds));
        try {
            return http.post().uri(target).contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
                    .body(body).exchange((request, response) -> {
                        if (!response.getStatusCode().is2xxSuccessful()) {
                            throw new UserQueryUnavailableException("The user directory answered "
                                    + response.getStatusCode().value() + " to a lookup");
                        }
                        try (InputStream in = response.getBody()) {
                            return json.readValue(in, Lookup.class);
                        } catch (IOException e) {
                            throw new UserQueryUnavailableException("The user directory's lookup answer was cut off");
                        }
                    });
        } catch (RestClientException | JacksonException e) {
            log.warn("Lookup of {} ids on platform {} failed: {}", userIds.size(), platformId, cause(e));
            throw new UserQueryUnavailableException("The user directory could not be reached");
        }
    }

    /** The relay needs the admin's token: outside an authenticated request thread this is a programming error. */
    private static void requireCallersToken() {
        if (Caller.bearerToken().isEmpty()) {
            throw new IllegalStateException("user-query-service is called with the admin's relayed token;"
                    + " call it only inside an authenticated request");
        }
    }

    /** The root cause without the request URL (a filter's query string may hold part of an email). */
    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root == e ? "" : " (" + e.getClass().getSimpleName() + ")");
    }
}

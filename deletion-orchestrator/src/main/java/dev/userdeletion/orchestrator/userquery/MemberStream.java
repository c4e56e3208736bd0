package dev.userdeletion.orchestrator.userquery;

import dev.userdeletion.orchestrator.request.UserFilter;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;

/**
 * Resolves a filter (or the whole platform) into the matching users with their number of platforms, in one streamed
 * answer read one element at a time (Jackson's {@code MappingIterator}), so 200,000 ids never sit in memory as one
 * JSON document, and a review needs no lookups.
 */
@Component
public class MemberStream {

    private static final Logger log = LoggerFactory.getLogger(MemberStream.class);

    private final UserQueryHttp web;

    MemberStream(UserQueryHttp web) {
        this.web = web;
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
    public void stream(String platformId, UserFilter filter, MemberSink sink) {
        UserQueryHttp.requireCallersToken();
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(web.baseUrl)
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
            web.http.get().uri(target).accept(MediaType.APPLICATION_JSON).exchange((request, response) -> {
                if (!response.getStatusCode().is2xxSuccessful()) {
                    throw new UserQueryUnavailableException("The user directory answered "
                            + response.getStatusCode().value() + " when resolving the selection");
                }
                try (InputStream body = response.getBody();
                     MappingIterator<Member> members = web.json.readerFor(Member.class).readValues(body)) {
                    while (members.hasNextValue()) {
                        Member member = members.nextValue();
                        if (member.userId() == null || member.platformCount() < 1) {
                            throw new UserQueryUnavailableException("The user directory sent a member without id or"
                                    + " platform count");
                        }
                        sink.accept(member.userId(), member.platformCount());
                        received[0]++;
                    }
                }
                return null;
            });
        } catch (RestClientException | JacksonException | IllegalArgumentException e) {
            // a stream cut off midway (no closing bracket) ends here too: never taken for the complete list
            log.warn("Streaming the members of platform {} failed after {}: {}", platformId, received[0], UserQueryHttp.cause(e));
            throw new UserQueryUnavailableException("The user directory could not resolve the selection");
        }
        log.debug("Streamed {} members of platform {} in {} ms", received[0], platformId,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** One element of the member stream; other fields are ignored. */
    private record Member(UUID userId, int platformCount) {
    }

}

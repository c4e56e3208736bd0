package dev.userdeletion.orchestrator.userquery;

import dev.userdeletion.orchestrator.OrchestratorProperties;
import dev.userdeletion.security.BearerTokens;
import dev.userdeletion.security.Caller;
import java.net.http.HttpClient;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the user-query-service (another process), shared by {@link UserQueryClient} and
 * {@link MemberStream}.
 *
 * <p><b>Whose token.</b> Every call relays the bearer token of the admin whose request is being served
 * ({@link BearerTokens#relayCaller()}): user-query-service then applies that admin's own role and platform scope,
 * so the orchestrator can never read more of the user directory than the admin could, and it needs no credential of
 * its own. This works because every call runs inside the admin's request thread (review and the items page). Nothing
 * calls it from a background thread; such a call would have no token to relay and is refused rather than sent
 * anonymously. A token that expires during a long review makes user-query-service answer 401, which surfaces as 503
 * {@code user-query-unavailable} with nothing changed: the admin retries with a fresh token.
 */
@Component
class UserQueryHttp {

    final RestClient http;
    final String baseUrl;
    /** Answers are read tolerantly: a field the directory adds later is ignored. */
    final JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    UserQueryHttp(RestClient.Builder builder, OrchestratorProperties properties) {
        OrchestratorProperties.UserQuery settings = properties.userQuery();
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(settings.readTimeout());
        this.http = builder.clone().requestFactory(requests).requestInterceptor(BearerTokens.relayCaller()).build();
        this.baseUrl = settings.baseUrl().replaceAll("/+$", "");
    }

    /** The relay needs the admin's token: outside an authenticated request thread this is a programming error. */
    static void requireCallersToken() {
        if (Caller.bearerToken().isEmpty()) {
            throw new IllegalStateException("user-query-service is called with the admin's relayed token;"
                    + " call it only inside an authenticated request");
        }
    }

    /** The root cause without the request URL (a filter's query string may hold part of an email). */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root == e ? "" : " (" + e.getClass().getSimpleName() + ")");
    }
}

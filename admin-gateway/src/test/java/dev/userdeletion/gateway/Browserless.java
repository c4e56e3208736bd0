package dev.userdeletion.gateway;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a browser does with the gateway, over plain HTTP: keeps cookies, does not follow redirects (tests look at
 * them), reads the CSRF token from {@code GET /session} like the page does.
 */
final class Browserless {

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final String base;

    Browserless(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).GET(), headers);
    }

    /** Follows the Location of a redirect, relative or absolute, as a browser navigation. */
    HttpResponse<String> follow(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("not a redirect: " + redirect.statusCode() + " " + redirect.uri()));
        return get(redirect.uri().resolve(location).toString(), "Accept", "text/html,application/xhtml+xml");
    }

    HttpResponse<String> send(String method, String path, String jsonBody, String... headers) {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).method(method, body);
        if (jsonBody != null) {
            builder.header("Content-Type", "application/json");
        }
        return send(builder, headers);
    }

    /** A state-changing API call carrying the session's CSRF token, as the page sends it. */
    HttpResponse<String> write(String method, String path, String jsonBody, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-CSRF-TOKEN";
        all[1] = csrfToken();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(method, path, jsonBody, all);
    }

    HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    String csrfToken() {
        Matcher m = TOKEN.matcher(get("/session").body());
        if (!m.find()) {
            throw new IllegalStateException("GET /session has no CSRF token");
        }
        return m.group(1);
    }

    /** The local sign-in page's form, submitted with its CSRF token. */
    HttpResponse<String> signIn(String account) {
        return postForm("/sign-in", Map.of("account", account, "_csrf", csrfToken()));
    }

    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("GATEWAY_SESSION"))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

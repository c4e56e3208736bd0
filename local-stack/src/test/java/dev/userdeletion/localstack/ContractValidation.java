package dev.userdeletion.localstack;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Every exchange of the end-to-end suites checked against the OpenAPI document the called service publishes
 * ({@code /v3/api-docs}, the same as {@code docs/openapi/}), by an independent validator (Atlassian's
 * swagger-request-validator). The answer must be one the document declares, with a body of the declared schema (a
 * problem's {@code type} among the declared slugs). The request must be valid too, unless the service refused it
 * with a 4xx: tests send bad requests on purpose, and a service that accepted a request its document forbids would
 * be drift as well. A violation fails the test at the call that made it.
 */
final class ContractValidation implements Consumer<ApiClient.Exchange> {

    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger validated = new AtomicInteger();

    /** Validators by the URL a document is fetched from; {@code baseUrl} is the service called. */
    OpenApiInteractionValidator forService(String baseUrl) {
        return validators.computeIfAbsent(baseUrl, url -> OpenApiInteractionValidator
                .createForInlineApiSpecification(fetch(url + "/v3/api-docs")).withResolveCombinators(true).build());
    }

    int validated() {
        return validated.get();
    }

    @Override
    public void accept(ApiClient.Exchange exchange) {
        if (!exchange.path().startsWith("/api/")) {
            return;
        }
        String violations = violations(forService(exchange.baseUrl()), exchange);
        validated.incrementAndGet();
        if (!violations.isEmpty()) {
            throw new AssertionError("The exchange " + exchange.method() + " " + exchange.path() + " → "
                    + exchange.status() + " breaks the published OpenAPI document of " + exchange.baseUrl() + ":\n"
                    + violations + "\nrequest body: " + exchange.requestBody() + "\nanswer: " + exchange.responseBody());
        }
    }

    /** The violations of {@code exchange} against {@code validator}'s document; empty when it conforms. */
    static String violations(OpenApiInteractionValidator validator, ApiClient.Exchange exchange) {
        SimpleRequest request = request(exchange);
        ValidationReport response = validator.validateResponse(request.getPath(), request.getMethod(),
                response(exchange));
        ValidationReport report = response;
        boolean refused = exchange.status() >= 400 && exchange.status() < 500;
        if (!refused) {
            report = report.merge(validator.validateRequest(request));
        }
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> "- " + message.getKey() + ": " + message.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static SimpleRequest request(ApiClient.Exchange exchange) {
        String[] pathAndQuery = exchange.path().split("\\?", 2);
        SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(exchange.method()),
                pathAndQuery[0]);
        if (pathAndQuery.length == 2) {
            Map<String, List<String>> query = new java.util.LinkedHashMap<>();
            for (String pair : pathAndQuery[1].split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] nameValue = pair.split("=", 2);
                query.computeIfAbsent(decode(nameValue[0]), name -> new java.util.ArrayList<>())
                        .add(nameValue.length == 2 ? decode(nameValue[1]) : "");
            }
            query.forEach(request::withQueryParam);
        }
        exchange.requestHeaders().forEach(request::withHeader);
        if (exchange.requestBody() != null) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static SimpleResponse response(ApiClient.Exchange exchange) {
        SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
        exchange.responseHeaders().forEach(response::withHeader);
        if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private String fetch(String url) {
        try {
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new AssertionError(url + " answered " + document.statusCode());
            }
            return document.body();
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

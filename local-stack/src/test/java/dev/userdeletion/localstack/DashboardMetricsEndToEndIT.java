package dev.userdeletion.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's dashboard and alert rules cannot drift from the services: every metric their PromQL names, with
 * every label it selects or groups by, is exported by the running services' {@code /actuator/prometheus} (scraped,
 * as Prometheus does, with a SERVICE token for each service's audience). A poison record first makes the
 * dead-letter counter exist, as it would in production after the first dead letter.
 */
class DashboardMetricsEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Labels Prometheus adds to every series it scrapes: never exported by a service. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern SELECTOR_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    private static final Pattern TOKEN = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsExported() throws Exception {
        Stack stack = RunningStack.get();
        poisonOnDeletionOutcomes(stack);
        Map<String, Set<String>> exported = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            exported.clear();
            for (String service : List.of(Stack.MEMBERSHIP, Stack.USER_QUERY, Stack.ORCHESTRATOR, Stack.NOTIFICATION)) {
                scrape(stack, service).forEach((name, labels) ->
                        exported.computeIfAbsent(name, n -> new HashSet<>()).addAll(labels));
            }
            assertThat(exported).containsKey("messaging_dead_letter_records_total");
        });

        List<String> expressions = new ArrayList<>(dashboardExpressions());
        expressions.addAll(alertExpressions());
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(12);
        List<String> missing = new ArrayList<>();
        for (String expression : expressions) {
            Set<String> metrics = metrics(expression);
            assertThat(metrics).as(expression).isNotEmpty();
            Set<String> labelsOfTheMetrics = new HashSet<>(TARGET_LABELS);
            for (String metric : metrics) {
                if (!exported.containsKey(metric)) {
                    missing.add(metric + " (in " + expression + ")");
                } else {
                    labelsOfTheMetrics.addAll(exported.get(metric));
                }
            }
            for (String label : labels(expression)) {
                if (!labelsOfTheMetrics.contains(label)) {
                    missing.add("label " + label + " of " + metrics + " (in " + expression + ")");
                }
            }
        }
        assertThat(missing).as("used by docker/grafana/dashboards or docker/prometheus/alerts.yml, not exported")
                .isEmpty();
    }

    @Test
    void theExtractionFindsMetricsAndLabelsButNotFunctionsOrDurations() {
        String expression = "sum by (job, topic) (increase(messaging_dead_letter_records_total{topic!=\"x\"}[15m])) > 0"
                + " or max(outbox_relay_lag_seconds{quantile=\"0.99\"}) * 60";
        assertThat(metrics(expression)).containsExactlyInAnyOrder("messaging_dead_letter_records_total",
                "outbox_relay_lag_seconds");
        assertThat(labels(expression)).containsExactlyInAnyOrder("job", "topic", "quantile");
    }

    /** A record no consumer can read: dead-lettered at once, the counter registered. */
    private static void poisonOnDeletionOutcomes(Stack stack) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                stack.infrastructure().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("deletion.outcomes", UUID.randomUUID().toString(),
                    "not an event".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** Metric name → the label names its exported series carry. */
    private static Map<String, Set<String>> scrape(Stack stack, String service) throws IOException, InterruptedException {
        String token = stack.callers().issuer().service("prometheus", service, Duration.ofMinutes(5));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl(service) + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(service).isEqualTo(200);
        Map<String, Set<String>> metrics = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            Set<String> labels = metrics.computeIfAbsent(name, n -> new HashSet<>());
            if (brace >= 0 && brace < space) {
                Matcher label = SELECTOR_LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return metrics;
    }

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords, labels or strings. */
    static Set<String> metrics(String expression) {
        String bare = expression.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> metrics = new HashSet<>();
        Matcher token = TOKEN.matcher(bare);
        while (token.find()) {
            String rest = bare.substring(token.end()).stripLeading();
            boolean function = rest.startsWith("(");
            if (!function && !KEYWORDS.contains(token.group().toLowerCase())) {
                metrics.add(token.group());
            }
        }
        return metrics;
    }

    /** The labels an expression selects on or groups by. */
    static Set<String> labels(String expression) {
        Set<String> labels = new HashSet<>();
        Matcher selectors = Pattern.compile("\\{([^}]*)}").matcher(expression);
        while (selectors.find()) {
            Matcher label = SELECTOR_LABEL.matcher(selectors.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        Matcher grouping = GROUPING.matcher(expression);
        while (grouping.find()) {
            for (String label : grouping.group(1).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = JSON.readTree(Files.readString(repository().resolve(
                "docker/grafana/dashboards/user-deletion.json")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }
        return expressions;
    }

    /** The {@code expr:} lines of the alert rules (one line each). */
    private static List<String> alertExpressions() throws IOException {
        return Files.readAllLines(repository().resolve("docker/prometheus/alerts.yml")).stream()
                .map(String::strip).filter(line -> line.startsWith("expr:"))
                .map(line -> line.substring("expr:".length()).strip()).toList();
    }

    private static Path repository() {
        return Path.of(System.getProperty("stack.repository-root", "..")).toAbsolutePath().normalize();
    }
}

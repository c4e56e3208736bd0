package dev.userdeletion.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.userdeletion.orchestrator.request.DeletionRequest;
import dev.userdeletion.orchestrator.request.DeletionRequestRepository;
import dev.userdeletion.orchestrator.request.DeletionRequestService;
import dev.userdeletion.orchestrator.request.IdleEmailTerms;
import dev.userdeletion.testsupport.Response;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import tools.jackson.databind.JsonNode;

/**
 * A FILTER's email term is what an admin typed, often a whole address: it is kept only while the request can
 * change. Confirming or cancelling erases it; an idle DRAFT or REVIEWED request that holds one is cancelled; the call
 * that relays it to user-query-service is observed without it.
 */
class EmailTermErasureIT extends IntegrationTest {

    @Autowired
    IdleEmailTerms idleEmailTerms;
    @Autowired
    DeletionRequestRepository repository;
    @Autowired
    DeletionRequestService service;
    @Autowired
    ObservationRegistry observations;

    @Test
    void confirmingErasesTheTermAndTheRequestSaysThereWasOne() {
        String platform = newPlatform();
        String address = "jane.confirm-" + UUID.randomUUID() + "@example.org";
        USER_QUERY.addMember(platform, "MENTEE", address, LocalDate.of(2024, 1, 1));
        USER_QUERY.addMember(platform);
        UUID requestId = filterRequest(platform, address);
        assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(1);
        // until then the admin sees the term they typed
        assertThat(getRequest(platform, requestId).body().at("/selection/filter/email").asString()).isEqualTo(address);

        Response confirmed = confirm(platform, requestId, 1);

        assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(202);
        assertErased(platform, requestId);
        assertThat(confirmed.body().at("/selection/filter/email").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deletion_request WHERE filter_email = ?", Long.class,
                address)).as("rows still holding the address").isZero();
        assertThat(getRequest(platform, requestId).body().at("/selection/filter/roles"))
                .singleElement().satisfies(role -> assertThat(role.asString()).isEqualTo("MENTEE"));
        // the deletion runs on the ids frozen by the review, not on the erased term
        await().atMost(Duration.ofSeconds(30)).until(() -> kafka().commandIdsByUser(requestId).size() == 1);
    }

    @Test
    void cancellingErasesTheTerm() {
        String platform = newPlatform();
        String address = "jane.cancel-" + UUID.randomUUID() + "@example.org";
        UUID requestId = filterRequest(platform, address);

        assertThat(call(HttpMethod.DELETE, request(platform, requestId), null).status()).isEqualTo(200);

        assertErased(platform, requestId);
        assertThat(getRequest(platform, requestId).body().get("state").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void anIdleRequestWithATermIsCancelledAndOnlyThat() {
        String platform = newPlatform();
        String address = "jane.idle-" + UUID.randomUUID() + "@example.org";
        UUID idleDraft = filterRequest(platform, address);
        UUID idleReviewed = filterRequest(platform, address);
        review(platform, idleReviewed);
        UUID recent = filterRequest(platform, address);
        UUID idleWithoutTerm = createRequest(platform);
        call(HttpMethod.PUT, request(platform, idleWithoutTerm) + "/selection",
                Map.of("mode", "FILTER", "filter", Map.of("roles", List.of("MENTOR"))));
        for (UUID id : List.of(idleDraft, idleReviewed, idleWithoutTerm)) {
            jdbc.update("UPDATE deletion_request SET updated_at = now() - interval '21 hours' WHERE id = ?", id);
        }

        assertThat(idleEmailTerms.cancelIdle()).isGreaterThanOrEqualTo(2);

        assertErased(platform, idleDraft);
        assertErased(platform, idleReviewed);
        assertThat(getRequest(platform, idleReviewed).body().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deletion_item WHERE request_id = ?", Long.class,
                idleReviewed)).as("the frozen items of a cancelled request").isZero();
        JsonNode kept = getRequest(platform, recent).body();
        assertThat(kept.get("state").asString()).isEqualTo("DRAFT");
        assertThat(kept.at("/selection/filter/email").asString()).isEqualTo(address);
        assertThat(getRequest(platform, idleWithoutTerm).body().get("state").asString()).isEqualTo("DRAFT");
    }

    /** The admin's change wins over the sweep that read the request as idle just before it. */
    @Test
    void aRequestChangedAfterTheSweepReadItIsNotCancelled() {
        String platform = newPlatform();
        UUID user = USER_QUERY.addMember(platform);
        String address = "jane.race-" + UUID.randomUUID() + "@example.org";
        UUID requestId = filterRequest(platform, address);
        DeletionRequest seenIdle = repository.require(platform, requestId);

        assertThat(patch(platform, requestId, List.of(), List.of(user)).status()).isEqualTo(200);

        assertThat(service.cancelIdle(seenIdle)).isFalse();
        JsonNode request = getRequest(platform, requestId).body();
        assertThat(request.get("state").asString()).isEqualTo("DRAFT");
        assertThat(request.at("/selection/filter/email").asString()).isEqualTo(address);
    }

    /**
     * The review relays the term to user-query-service in a query string; the call's observation (metrics, and a
     * span once an OTLP endpoint is set) names the URL without it.
     */
    @Test
    void theTermDoesNotReachTheObservationsOfTheCallThatRelaysIt() {
        List<String> observed = new CopyOnWriteArrayList<>();
        AtomicBoolean recording = new AtomicBoolean(true);
        observations.observationConfig().observationHandler(new ObservationHandler<ClientRequestObservationContext>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof ClientRequestObservationContext && recording.get();
            }

            @Override
            public void onStop(ClientRequestObservationContext context) {
                context.getAllKeyValues().forEach(value -> observed.add(value.getKey() + "=" + value.getValue()));
            }
        });
        String platform = newPlatform();
        String address = "jane.span-" + UUID.randomUUID() + "@example.org";
        USER_QUERY.addMember(platform, "MENTEE", address, LocalDate.of(2024, 1, 1));
        UUID requestId = filterRequest(platform, address);
        try {
            assertThat(review(platform, requestId).body().get("count").asInt()).isEqualTo(1);
        } finally {
            recording.set(false);
        }

        assertThat(observed).anyMatch(value -> value.startsWith("http.url=") && value.contains("/user-ids"))
                .noneMatch(value -> value.contains("jane.span"));
    }

    private UUID filterRequest(String platform, String email) {
        UUID requestId = createRequest(platform);
        Response selected = call(HttpMethod.PUT, request(platform, requestId) + "/selection",
                Map.of("mode", "FILTER", "filter", Map.of("email", email, "roles", List.of("MENTEE"))));
        assertThat(selected.status()).as(selected.raw()).isEqualTo(200);
        return requestId;
    }

    private void assertErased(String platform, UUID requestId) {
        JsonNode filter = getRequest(platform, requestId).body().at("/selection/filter");
        assertThat(filter.get("email").isNull()).as(filter.toString()).isTrue();
        assertThat(filter.get("emailWithheld").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deletion_request WHERE id = ? AND filter_email IS NULL"
                + " AND filter_email_erased", Long.class, requestId)).isOne();
    }
}

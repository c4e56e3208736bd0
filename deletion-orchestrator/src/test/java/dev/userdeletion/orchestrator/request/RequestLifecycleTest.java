package dev.userdeletion.orchestrator.request;

import static dev.userdeletion.orchestrator.request.Action.CANCEL;
import static dev.userdeletion.orchestrator.request.Action.CHANGE_SELECTION;
import static dev.userdeletion.orchestrator.request.Action.COMPLETE;
import static dev.userdeletion.orchestrator.request.Action.CONFIRM;
import static dev.userdeletion.orchestrator.request.Action.LIST_ITEMS;
import static dev.userdeletion.orchestrator.request.Action.REVIEW;
import static dev.userdeletion.orchestrator.request.RequestState.CANCELLED;
import static dev.userdeletion.orchestrator.request.RequestState.COMPLETED;
import static dev.userdeletion.orchestrator.request.RequestState.CONFIRMED;
import static dev.userdeletion.orchestrator.request.RequestState.DRAFT;
import static dev.userdeletion.orchestrator.request.RequestState.REVIEWED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userdeletion.web.ApiProblem;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every state × action of a deletion request: given the state, when the action, expect the state or the refusal. */
class RequestLifecycleTest {

    /** What each (state, action) gives: a state, or the problem slug of its refusal, or "bug" for an internal misuse. */
    private static final Map<RequestState, Map<Action, String>> EXPECTED = new EnumMap<>(RequestState.class);

    static {
        expect(DRAFT, CHANGE_SELECTION, "DRAFT", REVIEW, "REVIEWED", LIST_ITEMS, "review-required",
                CONFIRM, "review-required", CANCEL, "CANCELLED", COMPLETE, "bug");
        expect(REVIEWED, CHANGE_SELECTION, "DRAFT", REVIEW, "REVIEWED", LIST_ITEMS, "REVIEWED",
                CONFIRM, "CONFIRMED", CANCEL, "CANCELLED", COMPLETE, "bug");
        expect(CONFIRMED, CHANGE_SELECTION, "request-not-editable", REVIEW, "request-not-editable",
                LIST_ITEMS, "CONFIRMED", CONFIRM, "CONFIRMED", CANCEL, "request-not-cancellable", COMPLETE, "COMPLETED");
        expect(COMPLETED, CHANGE_SELECTION, "request-not-editable", REVIEW, "request-not-editable",
                LIST_ITEMS, "COMPLETED", CONFIRM, "COMPLETED", CANCEL, "request-not-cancellable", COMPLETE, "bug");
        expect(CANCELLED, CHANGE_SELECTION, "request-cancelled", REVIEW, "request-cancelled",
                LIST_ITEMS, "request-cancelled", CONFIRM, "request-cancelled", CANCEL, "request-cancelled",
                COMPLETE, "bug");
    }

    private static void expect(RequestState state, Object... actionThenOutcome) {
        Map<Action, String> outcomes = new EnumMap<>(Action.class);
        for (int i = 0; i < actionThenOutcome.length; i += 2) {
            outcomes.put((Action) actionThenOutcome[i], (String) actionThenOutcome[i + 1]);
        }
        EXPECTED.put(state, outcomes);
    }

    @Test
    void everyStateAndActionIsDecidedAsTheTableSays() {
        assertThat(EXPECTED).as("every state").hasSize(RequestState.values().length);
        for (RequestState state : RequestState.values()) {
            assertThat(EXPECTED.get(state)).as("every action of " + state).hasSize(Action.values().length);
            for (Action action : Action.values()) {
                assertThat(outcome(state, action)).as(state + " × " + action).isEqualTo(EXPECTED.get(state).get(action));
            }
        }
    }

    @Test
    void aRefusalSaysWhatTheRequestIsAndWhatWasTried() {
        assertThatThrownBy(() -> RequestLifecycle.next(CONFIRMED, CHANGE_SELECTION)).isInstanceOf(ApiProblem.class)
                .hasMessageContaining("CONFIRMED").hasMessageContaining("changing the selection");
        assertThat(((ApiProblem) catchProblem(CANCELLED, CONFIRM)).status().value()).isEqualTo(409);
    }

    private static String outcome(RequestState state, Action action) {
        try {
            return RequestLifecycle.next(state, action).name();
        } catch (ApiProblem problem) {
            String type = problem.toProblemDetail().getType().toString();
            return type.substring(type.lastIndexOf('/') + 1);
        } catch (IllegalStateException bug) {
            return "bug";
        }
    }

    private static RuntimeException catchProblem(RequestState state, Action action) {
        try {
            RequestLifecycle.next(state, action);
            throw new AssertionError("expected a refusal");
        } catch (RuntimeException e) {
            return e;
        }
    }
}

package dev.userdeletion.orchestrator.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.userdeletion.web.ApiProblem;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void ifMatchPassesForTheCurrentVersionAnyOfAListOrAStar() {
        assertThatCode(() -> EntityTags.check(null, 7)).doesNotThrowAnyException();
        assertThatCode(() -> EntityTags.check("\"7\"", 7)).doesNotThrowAnyException();
        assertThatCode(() -> EntityTags.check(" \"3\" , \"7\" ", 7)).doesNotThrowAnyException();
        assertThatCode(() -> EntityTags.check("*", 7)).doesNotThrowAnyException();
    }

    @Test
    void anOlderOrWeakTagIsAFailedPreconditionAndGarbageABadRequest() {
        assertThatThrownBy(() -> EntityTags.check("\"6\"", 7)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status().value()).isEqualTo(412));
        assertThatThrownBy(() -> EntityTags.check("W/\"7\"", 7)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status().value()).isEqualTo(412));
        for (String garbage : new String[] {"7", "", "\"7", "\"7\" \"8\"", "\"7\",", "*, \"7\""}) {
            assertThatThrownBy(() -> EntityTags.check(garbage, 7)).as(garbage).isInstanceOfSatisfying(
                    ApiProblem.class, p -> assertThat(p.status().value()).isEqualTo(400));
        }
    }
}

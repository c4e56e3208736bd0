package dev.userdeletion.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.userdeletion.testsupport.ArchitectureRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The service's packages point one way and it uses no other service's code. */
class ArchitectureTest {

    private static final String ROOT = "dev.userdeletion.orchestrator";

    @Test
    void featurePackagesHaveNoCycles() {
        ArchitectureRules.featuresHaveNoCycles(ROOT);
    }

    /** The request is the core: its lifecycle, tables and views know no feature that acts on it. */
    @Test
    void theRequestCoreDependsOnNoFeaturePackage() {
        noClasses().that().resideInAPackage(ROOT + ".request..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".selection..", ROOT + ".review..", ROOT + ".confirmation..",
                        ROOT + ".outcome..", ROOT + ".deadletter..", ROOT + ".userquery..", ROOT + ".metrics..",
                        ROOT + ".access..")
                .check(ArchitectureRules.of(ROOT));
    }

    /** Each class does one thing a reader can hold in mind: none of the service's sources is over 150 lines. */
    @Test
    void everySourceFileIsUnder150Lines() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            Map<Path, Long> tooLong = new TreeMap<>();
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(source).size();
                if (lines > 150) {
                    tooLong.put(source, lines);
                }
            }
            assertThat(tooLong).isEmpty();
        }
    }

    @Test
    void noOtherServicesCodeIsUsed() {
        ArchitectureRules.usesNoOtherService(ROOT);
    }
}

package dev.userdeletion.orchestrator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.userdeletion.testsupport.ArchitectureRules;
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

    @Test
    void noOtherServicesCodeIsUsed() {
        ArchitectureRules.usesNoOtherService(ROOT);
    }
}

package dev.userdeletion.membership;

import dev.userdeletion.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The service's packages point one way and it uses no other service's code. */
class ArchitectureTest {

    private static final String ROOT = "dev.userdeletion.membership";

    @Test
    void featurePackagesHaveNoCycles() {
        ArchitectureRules.featuresHaveNoCycles(ROOT);
    }

    @Test
    void noOtherServicesCodeIsUsed() {
        ArchitectureRules.usesNoOtherService(ROOT);
    }
}

package dev.userdeletion.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The gateway's packages point one way, and it reaches the services only over HTTP, never through their code. */
class ArchitectureTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.userdeletion.gateway");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.userdeletion.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void noServicesCodeIsUsed() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.userdeletion.membership..",
                "dev.userdeletion.userquery..", "dev.userdeletion.orchestrator..", "dev.userdeletion.notification..",
                "dev.userdeletion.messaging..").check(GATEWAY);
    }
}

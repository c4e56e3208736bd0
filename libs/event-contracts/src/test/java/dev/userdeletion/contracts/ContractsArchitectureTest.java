package dev.userdeletion.contracts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contracts are plain Java and JSON: any service, and any other consumer of the topics, can use them. */
class ContractsArchitectureTest {

    @Test
    void theContractsDependOnNoFrameworkAndNoService() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "dev.userdeletion.membership..", "dev.userdeletion.userquery..", "dev.userdeletion.orchestrator..",
                        "dev.userdeletion.notification..", "dev.userdeletion.gateway..", "dev.userdeletion.messaging..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.userdeletion.contracts"));
    }
}

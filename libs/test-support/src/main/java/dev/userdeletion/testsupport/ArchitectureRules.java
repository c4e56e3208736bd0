package dev.userdeletion.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;

/**
 * The package rules every service keeps, checked by a test in each: its feature packages have no cycles, and it uses
 * no other service's code (shared code lives in the libraries).
 */
public final class ArchitectureRules {

    /** The root package of each service; a service may use none of the others. */
    public static final List<String> SERVICES = List.of("dev.userdeletion.membership", "dev.userdeletion.userquery",
            "dev.userdeletion.orchestrator", "dev.userdeletion.notification", "dev.userdeletion.gateway");

    private ArchitectureRules() {
    }

    /** The service's production classes (no tests). */
    public static JavaClasses of(String rootPackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** No cycle between the service's first-level packages (its features). */
    public static void featuresHaveNoCycles(String rootPackage) {
        slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().check(of(rootPackage));
    }

    /** The service's code uses no class of another service. */
    public static void usesNoOtherService(String rootPackage) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(rootPackage)).map(s -> s + "..")
                .toArray(String[]::new);
        noClasses().should().dependOnClassesThat().resideInAnyPackage(others).check(of(rootPackage));
    }
}

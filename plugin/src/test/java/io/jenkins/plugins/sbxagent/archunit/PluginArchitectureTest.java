package io.jenkins.plugins.sbxagent.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.kohsuke.stapler.verb.POST;

/** The plugin stays thin: it starts no process itself, and its form endpoints that take input are POST-only. */
@AnalyzeClasses(packages = "io.jenkins.plugins.sbxagent", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginArchitectureTest {
    private static final DescribedPredicate<JavaMethod> TAKE_INPUT =
            DescribedPredicate.describe("take request input", method -> !method.getRawParameterTypes().isEmpty());

    @ArchTest
    static final ArchRule NO_PROCESSES = noClasses().that().resideOutsideOfPackage("io.jenkins.plugins.sbxagent.engine..")
            .should().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
            .because("the engine starts processes, on the node that holds the workspace, never the plugin on the controller");

    @ArchTest
    static final ArchRule FORM_ENDPOINTS_WITH_INPUT_ARE_POST = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("io.jenkins.plugins.sbxagent..")
            .and().haveNameMatching("do(Check|Fill|Approve|Reject).*")
            .and(TAKE_INPUT)
            .should().beAnnotatedWith(POST.class)
            .because("an endpoint that acts on user input must not be reachable by a forged GET (CSRF)");
}

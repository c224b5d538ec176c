package io.jenkins.plugins.sbxagent.engine.archunit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine's boundaries, checked on every build. */
@AnalyzeClasses(packages = "io.jenkins.plugins.sbxagent.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule NO_JENKINS = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..", "org.jvnet.hudson..")
            .because("the engine is a plain library: the plugin maps Jenkins objects to engine objects, never the other way");

    @ArchTest
    static final ArchRule PROCESSES_ONLY_THROUGH_THE_RUNNER = noClasses()
            .that().resideOutsideOfPackage("..engine.process..")
            .should().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
            .orShould().callMethod(Runtime.class, "exec", String.class)
            .because("every host process goes through a CommandRunner, which always has a timeout");

    @ArchTest
    static final ArchRule PRINTS_ONLY_IN_THE_CLI = noClasses()
            .that().resideOutsideOfPackage("..engine.cli..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .because("the engine reports through a RunListener; its host decides where output goes");

    @ArchTest
    static final ArchRule NO_CYCLES = slices().matching("io.jenkins.plugins.sbxagent.engine.(*)..").should().beFreeOfCycles()
            .because("data flows one way: spec, sandbox, run, changes, artifacts");

    @ArchTest
    static final ArchRule STAGES_DO_NOT_KNOW_THE_ORCHESTRATOR = noClasses()
            .that().resideInAnyPackage("..engine.spec..", "..engine.change..", "..engine.diff..", "..engine.mask..",
                    "..engine.backend..", "..engine.stage..", "..engine.publish..", "..engine.process..")
            .should().dependOnClassesThat().resideInAnyPackage("..engine.cli..")
            .because("only the command-line tool depends on the command-line tool");
}

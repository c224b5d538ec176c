package io.jenkins.plugins.sbxagent.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.FileTree;
import io.jenkins.plugins.sbxagent.engine.change.OverlayChangeDetector;
import io.jenkins.plugins.sbxagent.engine.change.OverlayTree;
import io.jenkins.plugins.sbxagent.engine.change.Snapshot;
import io.jenkins.plugins.sbxagent.engine.change.SnapshotChangeDetector;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.stage.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same change, staged as a copy or as an overlay, gets the same findings: a detector that lists a folder sees
 * the merged view, not only the overlay's upper layer (which holds just what the agent touched).
 */
class StagingParityTest {
    @TempDir
    Path temp;

    private static void write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<Finding> findings(List<Change> changes, FileTree before, FileTree after) throws IOException {
        return new RiskAnalyzer(RuleBook.shipped(), SecretMasker.forSecrets(List.of()))
                .analyze(new AnalysisInput(changes, before, after, null, Map.of())).findings();
    }

    @Test
    void shouldFindACaseCollidingNameWhateverTheStaging() throws Exception {
        Path lower = Files.createDirectories(temp.resolve("lower"));
        write(lower, "src/Main.c", "int main(void) { return 0; }\n");
        write(lower, "src/util.c", "int util(void) { return 1; }\n");

        // copy staging: the whole tree, changed in place
        Path copy = Files.createDirectories(temp.resolve("copy"));
        Trees.copy(lower, copy, Set.of(), null);
        Snapshot snapshot = Snapshot.take(copy, Set.of());
        Thread.sleep(20);
        write(copy, "src/main.c", "int main(void) { return 1; }\n");
        List<Change> copied = new SnapshotChangeDetector(copy, snapshot, Set.of()).detect(FileTree.directory(lower));

        // overlay staging: the upper layer holds only the new file, in a folder of its own
        Path upper = Files.createDirectories(temp.resolve("upper"));
        write(upper, "src/main.c", "int main(void) { return 1; }\n");
        OverlayTree merged = new OverlayTree(lower, upper);
        List<Change> overlaid = new OverlayChangeDetector(lower, upper, Set.of()).detect();

        assertThat(merged.names("src")).containsExactly("Main.c", "main.c", "util.c");
        List<Finding> fromCopy = findings(copied, FileTree.directory(lower), FileTree.directory(copy));
        List<Finding> fromOverlay = findings(overlaid, FileTree.directory(lower), merged);
        assertThat(fromOverlay).extracting(Finding::rule, Finding::severity, Finding::path)
                .contains(tuple("path-anomaly", Severity.HIGH, "src/main.c"))
                .containsExactlyInAnyOrderElementsOf(fromCopy.stream().map(f -> tuple(f.rule(), f.severity(), f.path())).toList());
    }
}

package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.change.Change;
import io.jenkins.plugins.sbxagent.engine.change.EntryState;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import io.jenkins.plugins.sbxagent.engine.text.Plural;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The {@code bound-secrets} detector: the run's bound secrets, in every encoding, in the change and the outputs. */
final class BoundSecretsCheck {
    private final RiskRule rule;
    private final AnalysisInput input;
    private final SecretMasker masker;

    BoundSecretsCheck(RiskRule rule, AnalysisInput input, SecretMasker masker) {
        this.rule = rule;
        this.input = input;
        this.masker = masker;
    }

    /**
     * Where the run's bound secrets went: each changed file that holds one, in any encoding, is named (text or binary,
     * whatever its size, read streaming), and so is each entry whose name or link target holds one. The outputs where
     * the secrets were masked are named only for what no workspace entry explains: the agent's log, files read back,
     * or patches and change lists when the change itself holds none.
     */
    void inspect(Consumer<Finding> out) throws IOException {
        boolean inWorkspace = false;
        if (!masker.isEmpty()) {
            for (Change change : input.changes()) {
                inWorkspace |= inEntry(change, out);
            }
        }
        for (Map.Entry<String, Long> hits : input.boundSecretHits().entrySet()) {
            if (hits.getValue() > 0 && !(inWorkspace && CHANGE_OUTPUTS.contains(hits.getKey()))) {
                out.accept(Detectors.finding(rule, rule.severity(), hits.getKey(), 0, "a bound secret appeared " + Plural.of(hits.getValue(), "time", "times")
                        + " in " + hits.getKey() + " (masked there)", ""));
            }
        }
    }

    /** The outputs that show the change itself: what the workspace holds explains what was masked in them. */
    private static final Set<String> CHANGE_OUTPUTS = Set.of("diff.patch", "git-internal.patch", "changes.json");

    private boolean inEntry(Change change, Consumer<Finding> out) throws IOException {
        EntryState now = change.after();
        if (now == null) {
            return false;
        }
        boolean found = false;
        if (!masker.mask(change.path()).equals(change.path())) {
            out.accept(Detectors.finding(rule, rule.severity(), change.path(), 0, "a bound secret is in this entry's name", ""));
            found = true;
        }
        if (now.type() == EntryType.SYMLINK && now.linkTarget() != null && !masker.mask(now.linkTarget()).equals(now.linkTarget())) {
            out.accept(Detectors.finding(rule, rule.severity(), change.path(), 0, "a bound secret is in this link's target", ""));
            found = true;
        }
        if (now.type() == EntryType.FILE) {
            Optional<Path> host = input.after().locate(change.path());
            long count = host.isPresent() ? masker.countIn(host.get()) : 0;
            if (count > 0) {
                out.accept(Detectors.finding(rule, rule.severity(), change.path(), 0, "a bound secret is written " + Plural.of(count, "time", "times")
                        + " into this " + (change.binary() ? "binary " : "") + "file, in some encoding", ""));
                found = true;
            }
        }
        return found;
    }
}

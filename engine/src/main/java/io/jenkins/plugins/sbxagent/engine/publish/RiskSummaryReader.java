package io.jenkins.plugins.sbxagent.engine.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.sbxagent.engine.risk.Finding;
import io.jenkins.plugins.sbxagent.engine.risk.RiskReport;
import io.jenkins.plugins.sbxagent.engine.risk.Severity;
import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a stored {@code risk-summary.json} back into a report, so that a policy can decide it again. */
public final class RiskSummaryReader {
    private RiskSummaryReader() {
    }

    public static RiskReport read(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new SpecException("--summary", file + " is not a file.", "Give the risk-summary.json of a run.");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new SpecException("--summary", file + " is not JSON: " + e.getOriginalMessage(), "Give the risk-summary.json of a run.");
        }
        if (root == null || root.path("schemaVersion").asInt(-1) != RiskSummaryWriter.SCHEMA_VERSION) {
            throw new SpecException("--summary", file + " is not a risk summary of schema version " + RiskSummaryWriter.SCHEMA_VERSION + ".",
                    "Give the risk-summary.json of a run.");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode node : root.path("findings")) {
            findings.add(new Finding(node.path("rule").asText(), Severity.parse("findings.severity", node.path("severity").asText()),
                    node.path("path").asText(), node.path("line").asInt(0), node.path("message").asText(), node.path("evidence").asText()));
        }
        List<String> paths = new ArrayList<>();
        root.path("changedPaths").forEach(p -> paths.add(p.asText()));
        JsonNode stats = root.path("stats");
        return new RiskReport(Severity.parse("level", root.path("level").asText("none")), findings, stats.path("changedFiles").asInt(),
                stats.path("addedLines").asLong(), stats.path("removedLines").asLong(), paths, root.path("rulesVersion").asInt());
    }
}

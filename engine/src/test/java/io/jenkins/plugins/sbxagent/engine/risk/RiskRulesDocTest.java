package io.jenkins.plugins.sbxagent.engine.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RiskRulesDocTest {
    /** docs/ lies beside engine/, where Maven runs the tests. */
    private static final Path DOC = Path.of("..", "docs", "risk-rules.md");

    @Test
    void shouldDocumentEveryShippedRuleExactlyAsTheRulesSay() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(RiskRulesDoc.BEGIN);
        int end = doc.indexOf(RiskRulesDoc.END);
        assertThat(begin).as("docs/risk-rules.md holds the generated rules table").isNotNegative();
        String table = doc.substring(begin, end + RiskRulesDoc.END.length() + 1);

        assertThat(table).as("regenerate with RiskRulesDoc.main and paste it into docs/risk-rules.md")
                .isEqualTo(RiskRulesDoc.render(RuleBook.shipped()));
    }

    @Test
    void shouldNameEveryRuleWithItsSeverity() throws IOException {
        String doc = Files.readString(DOC);
        for (RiskRule rule : RuleBook.shipped().rules()) {
            assertThat(doc).contains("| `" + rule.id() + "` | " + rule.severity().id());
        }
    }
}

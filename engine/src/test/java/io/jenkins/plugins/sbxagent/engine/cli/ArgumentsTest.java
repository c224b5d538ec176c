package io.jenkins.plugins.sbxagent.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line is read as written: no option guessed from a prefix, no value taken twice, no quote removed. */
class ArgumentsTest {
    private static final OptionTable TABLE = new OptionTable()
            .value("--workspace", "DIR", "a folder")
            .value("--work-dir", "DIR", "another folder")
            .value("--env", "NAME=VALUE", "repeatable")
            .value("--docker-arg", "--FLAG=VALUE", "values that start with a dash")
            .value("--pids", "N", "a whole number")
            .value("--cpus", "N", "a number")
            .flag("--apply", "a flag");

    private static Arguments parse(String... args) {
        return Arguments.parse("sbx-agent run", TABLE, List.of(args));
    }

    @Test
    void shouldReadValuesInBothSpellingsAndTheWordsAfterTheSeparator() {
        Arguments arguments = parse("--workspace", "/ws", "--work-dir=/tmp/w", "--apply", "--", "sh", "-c", "echo --apply");

        assertThat(arguments.path("--workspace")).isEqualTo(Path.of("/ws"));
        assertThat(arguments.text("--work-dir")).isEqualTo("/tmp/w");
        assertThat(arguments.flag("--apply")).isTrue();
        assertThat(arguments.operands()).containsExactly("sh", "-c", "echo --apply");
        assertThat(arguments.text("--pids")).isNull();
        assertThat(arguments.path("--pids", Path.of("fallback"))).isEqualTo(Path.of("fallback"));
        assertThat(arguments.list("--env")).isEmpty();
    }

    @Test
    void shouldKeepEveryValueOfARepeatedOptionInOrder() {
        assertThat(parse("--env", "B=2", "--env", "A=1").list("--env")).containsExactly("B=2", "A=1");
    }

    @Test
    void shouldRefuseASecondValueForAnOptionThatTakesOne() {
        Arguments arguments = parse("--workspace", "/a", "--workspace", "/b");

        assertThatThrownBy(() -> arguments.text("--workspace"))
                .isInstanceOf(SpecException.class)
                .hasMessage("--workspace: is given 2 times (/a, /b). Give it once.");
    }

    @Test
    void shouldNeverMatchAnOptionByAPrefixOfItsName() {
        assertThatThrownBy(() -> parse("--work", "/ws"))
                .isInstanceOf(SpecException.class)
                .hasMessage("--work: is not an option of sbx-agent run. See sbx-agent run --help.");
    }

    @Test
    void shouldNameAnOptionWhoseValueIsMissing() {
        assertThatThrownBy(() -> parse("--pids"))
                .isInstanceOf(SpecException.class)
                .hasMessage("--pids: needs a value (N). Write --pids=VALUE when the value starts with a dash.");
    }

    @Test
    void shouldTakeAValueThatStartsWithADashWhenItIsNoOptionOrIsJoinedByEquals() {
        assertThat(parse("--docker-arg", "--runtime=runsc").list("--docker-arg")).containsExactly("--runtime=runsc");
        assertThat(parse("--docker-arg=--apply").list("--docker-arg")).containsExactly("--apply");
        assertThat(parse("--cpus", "-1").decimal("--cpus")).isEqualTo(-1.0);
    }

    @Test
    void shouldKeepQuotesAsWritten() {
        assertThat(parse("--env", "\"A=1\"").list("--env")).containsExactly("\"A=1\"");
    }

    @Test
    void shouldNameANumberThatIsNotOne() {
        assertThatThrownBy(() -> parse("--pids", "many").whole("--pids"))
                .hasMessage("--pids: 'many' is not a whole number. Write e.g. 10.");
        assertThatThrownBy(() -> parse("--pids", "99999999999").whole("--pids"))
                .hasMessageStartingWith("--pids: 99999999999 is too large.");
        assertThatThrownBy(() -> parse("--cpus", "NaN").decimal("--cpus"))
                .hasMessage("--cpus: 'NaN' is not a number. Write e.g. 1.5.");
        assertThat(parse("--pids", " 64 ").whole("--pids")).isEqualTo(64);
    }

    @Test
    void shouldSayWhatIsMissingAndHowToGiveIt() {
        assertThatThrownBy(() -> parse().required("--workspace", "Name the project folder."))
                .isInstanceOf(SpecException.class)
                .hasMessage("--workspace: is missing. Name the project folder.");
    }
}

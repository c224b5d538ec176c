package io.jenkins.plugins.sbxagent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.process.Command;
import io.jenkins.plugins.sbxagent.engine.process.CommandResult;
import io.jenkins.plugins.sbxagent.engine.process.ProcessCommandRunner;
import io.jenkins.plugins.sbxagent.engine.publish.RunOutputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's real Chromium, headless, on a run's {@code review.html}: the page as a browser builds it (its DOM), what the
 * browser said on its console (a blocked script or a refused load is said there), and a screenshot, kept in
 * {@code target/review-screenshots/} for a person to look at.
 */
final class Chromium {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "review-screenshots");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /**
     * What the browser made of a page.
     *
     * @param dom     the document after the browser built it
     * @param console every console message, one per line
     */
    record Page(String dom, List<String> console) {
    }

    private Chromium() {
    }

    /** Fails (never skips) with the fix when the browser is missing. */
    static void require() {
        assertThat(EXECUTABLE).as("Debian's chromium, for the review page's tests: apt-get install chromium (.ci/run installs it)")
                .isExecutable();
    }

    /** Loads the run's review page, and saves its screenshot as {@code name}.png. */
    static Page load(Path outputs, String name) throws Exception {
        require();
        Path page = outputs.resolve(RunOutputs.REVIEW);
        assertThat(page).as("every run writes " + RunOutputs.REVIEW).isRegularFile();
        CommandResult dom = run(page, "--dump-dom");
        Files.createDirectories(SCREENSHOTS);
        Path screenshot = SCREENSHOTS.toAbsolutePath().resolve(name + ".png");
        Files.deleteIfExists(screenshot);
        run(page, "--window-size=1280,2000", "--screenshot=" + screenshot);
        assertThat(screenshot).as("the screenshot").isNotEmptyFile();
        List<String> console = new ArrayList<>();
        for (String line : (dom.stderr()).split("\n")) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return new Page(dom.stdout(), console);
    }

    private static CommandResult run(Path page, String... what) throws Exception {
        Path profile = Files.createTempDirectory("sbx-chromium-");
        try {
            List<String> argv = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
            argv.addAll(List.of(what));
            argv.add(page.toUri().toString());
            CommandResult result = new ProcessCommandRunner().run(Command.of(TIMEOUT, argv));
            assertThat(result.exitCode()).as("chromium: %s", result.stderr()).isZero();
            return result;
        } finally {
            io.jenkins.plugins.sbxagent.engine.stage.Trees.delete(profile);
        }
    }
}

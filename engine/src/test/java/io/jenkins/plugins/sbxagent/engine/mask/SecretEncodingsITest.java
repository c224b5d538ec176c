package io.jenkins.plugins.sbxagent.engine.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bound secret full of special characters, encoded by the real runtimes an agent would reach for (Python, Node.js,
 * GNU coreutils, a shell's own hex dump, Java), is masked whole in every form they write. Python and Node.js are on
 * every machine that runs these tests: CI installs Node.js for the agent CLIs.
 */
class SecretEncodingsITest {
    private static final String PYTHON = """
            import sys, urllib.parse as u
            s = sys.argv[1]
            for form in (u.quote(s), u.quote(s, safe=''), u.quote_plus(s), u.urlencode({'k': s})[2:]):
                print(form)
            """;
    private static final String NODE = """
            const s = process.argv[1];
            for (const form of [encodeURIComponent(s), encodeURI(s), new URLSearchParams({k: s}).toString().slice(2),
                require('querystring').escape(s), Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url')]) {
              console.log(form);
            }
            """;

    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(Map.of("LC_ALL", "C.UTF-8"));
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    /** Every form of {@code secret} the runtimes write, one per entry (a wrapped one spans lines). */
    private static List<String> encodedByRealRuntimes(String secret) throws IOException, InterruptedException {
        List<String> forms = new ArrayList<>();
        forms.addAll(run(List.of("python3", "-c", PYTHON, secret), "").lines().toList());
        forms.addAll(run(List.of("node", "-e", NODE, secret), "").lines().toList());
        // coreutils wraps at 76 columns, as MIME does; -w 64 as openssl and PEM do; echo adds a newline it encodes too
        forms.add(run(List.of("base64"), secret).strip());
        forms.add(run(List.of("base64", "-w", "64"), secret).strip());
        forms.add(run(List.of("sh", "-c", "echo \"$1\" | base64", "sh", secret), "").strip());
        // a shell's own URL encoder: every byte as %xx, lower case
        forms.add(run(List.of("sh", "-c", "printf %s \"$1\" | od -An -tx1 -v | tr -d ' \\n' | sed 's/../%&/g'", "sh", secret), "").strip());
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        // MIME as Java writes it: 76 columns, CRLF
        forms.add(java.util.Base64.getMimeEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        return forms;
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "p@ss w~rd*!'()/+=&?#%é€😀;:,$[]{}|^`<>\"\\",
        "tok~en_*Ab9!'(x)/y+z=&q?r#s%t é-" + "0123456789abcdefghijklmnopqrstuvwxyz~*!'()ABCDEFGHIJKLMNOPQRSTUVWXYZ.-_"})
    void shouldMaskTheSecretWholeInEveryFormTheRuntimesWrite(String secret) throws Exception {
        SecretMasker masker = SecretMasker.forSecrets(List.of(secret));

        for (String form : encodedByRealRuntimes(secret)) {
            String masked = masker.mask("before " + form + " after");

            assertThat(masked).as("the form %s", form).doesNotContain(form).startsWith("before ").endsWith(" after");
            String left = masked.substring("before ".length(), masked.length() - " after".length()).replace("****", "");
            // the last base64 character of a secret encoded with what follows it depends on that, and may stay
            assertThat(left.strip()).as("what is left of %s", form).hasSizeLessThanOrEqualTo(3);
        }
    }
}

package io.jenkins.plugins.sbxagent.engine.risk;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shapes of well-known credentials, written for sbx-agent from the providers' documented formats.
 * Each is specific enough (a fixed prefix or structure plus length) to rarely match ordinary text.
 */
final class TokenFormats {
    /** One credential shape. */
    record Format(String name, Pattern pattern) {
    }

    static final List<Format> FORMATS = List.of(
            new Format("AWS access key id", Pattern.compile("\\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\\b")),
            new Format("GitHub token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,255}\\b")),
            new Format("GitHub fine-grained token", Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,255}\\b")),
            new Format("GitLab token", Pattern.compile("\\bgl(pat|dt|ptt|rt|cbt|imt|agent|oas)-[A-Za-z0-9_-]{20,}\\b")),
            new Format("Slack token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b")),
            new Format("private key block", Pattern.compile("-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----")),
            new Format("JSON Web Token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}")),
            new Format("Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}\\b")),
            new Format("Stripe secret key", Pattern.compile("\\b[sr]k_live_[0-9A-Za-z]{20,}\\b")),
            new Format("Anthropic API key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}")),
            new Format("OpenAI API key", Pattern.compile("\\bsk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}")),
            new Format("npm token", Pattern.compile("\\bnpm_[A-Za-z0-9]{36}\\b")),
            new Format("PyPI token", Pattern.compile("\\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}")),
            new Format("Azure storage key", Pattern.compile("AccountKey=[A-Za-z0-9+/]{86}==")),
            new Format("Docker Hub token", Pattern.compile("\\bdckr_pat_[A-Za-z0-9_-]{27,}")),
            new Format("Hugging Face token", Pattern.compile("\\bhf_[A-Za-z0-9]{34,}\\b")));

    private TokenFormats() {
    }

    /** The first credential shape found in a line, or {@code null}. */
    static Format find(String line, Matcher[] reuse) {
        for (int i = 0; i < FORMATS.size(); i++) {
            if (reuse[i] == null) {
                reuse[i] = FORMATS.get(i).pattern().matcher(line);
            } else {
                reuse[i].reset(line);
            }
            if (reuse[i].find()) {
                return FORMATS.get(i);
            }
        }
        return null;
    }

    static Matcher[] matchers() {
        return new Matcher[FORMATS.size()];
    }

    /** The line with every credential-shaped value redacted. */
    static String redactAll(String line) {
        String result = line;
        for (Format format : FORMATS) {
            Matcher matcher = format.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(m -> Matcher.quoteReplacement(Evidence.redact(m.group())));
            }
        }
        return result;
    }
}

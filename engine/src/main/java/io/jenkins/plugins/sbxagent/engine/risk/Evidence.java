package io.jenkins.plugins.sbxagent.engine.risk;

import io.jenkins.plugins.sbxagent.engine.mask.SecretMasker;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what a rule saw into evidence that is safe to publish: short, masked, tokens redacted. */
final class Evidence {
    private static final int LONGEST = 200;

    private final SecretMasker masker;

    Evidence(SecretMasker masker) {
        this.masker = masker;
    }

    /** A line as evidence: trimmed, shortened, bound secrets and token-shaped values masked. */
    String of(String line) {
        String masked = masker.mask(line.strip());
        masked = TokenFormats.redactAll(masked);
        masked = redactAssignments(masked);
        return masked.length() <= LONGEST ? masked : masked.substring(0, LONGEST) + "…";
    }

    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:_authtoken|_auth|_password|password|passwd|secret|token|api[_-]?key|access[_-]?key)\\w*\"?\\s*[=:]\\s*\"?)([^\\s\"',;]{4,})");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(://[^/\\s:@]+:)([^/\\s@]+)(@)");

    /** Values after credential-looking keys, and passwords in URLs, never reach the evidence. */
    static String redactAssignments(String text) {
        String result = ASSIGNMENT.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + redact(m.group(2))));
        return URL_CREDENTIALS.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****" + m.group(3)));
    }

    /** A token as evidence: its first characters only, never the value. */
    static String redact(String token) {
        return token.substring(0, Math.min(4, token.length())) + "… (" + token.length() + " characters, redacted)";
    }

    /** The part of a line around a match, as evidence. */
    String around(String line, Matcher match) {
        int start = Math.max(0, match.start() - 60);
        int end = Math.min(line.length(), match.end() + 60);
        return of((start > 0 ? "…" : "") + line.substring(start, end) + (end < line.length() ? "…" : ""));
    }
}

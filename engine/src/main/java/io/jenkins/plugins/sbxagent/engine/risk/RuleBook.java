package io.jenkins.plugins.sbxagent.engine.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.sbxagent.engine.change.ChangeKind;
import io.jenkins.plugins.sbxagent.engine.change.EntryType;
import io.jenkins.plugins.sbxagent.engine.text.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The risk rules in force: the shipped {@code risk-rules.yaml}, plus an administrator's file whose
 * rules replace shipped ones by id or add new ones. Every rule is checked when loaded; an error
 * names the file, the rule and the key.
 */
public final class RuleBook {
    /** The schema version this engine reads. */
    public static final int SCHEMA_VERSION = 1;
    private static final String SHIPPED = "risk-rules.yaml";

    private final Map<String, RiskRule> rules;
    /** The rules in order, made once: the analyzer asks for them for every change. */
    private final List<RiskRule> ordered;
    private final int version;

    private RuleBook(Map<String, RiskRule> rules, int version) {
        this.rules = java.util.Collections.unmodifiableMap(rules);
        this.ordered = List.copyOf(rules.values());
        this.version = version;
    }

    /** The shipped rules, read once per JVM (a rule book cannot change): an agent node's runs share them. */
    public static RuleBook shipped() {
        return Shipped.BOOK;
    }

    /** Initialised on first use, once, by the class loader's lock. */
    private static final class Shipped {
        static final RuleBook BOOK = readShipped();
    }

    private static RuleBook readShipped() {
        try (InputStream in = RuleBook.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("the engine jar lacks " + SHIPPED);
            }
            return new RuleBook(parse(in, SHIPPED), SCHEMA_VERSION);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped " + SHIPPED, e);
        }
    }

    /** These rules with an administrator's file laid over them. */
    public RuleBook withOverrides(Path file) throws IOException {
        Map<String, RiskRule> merged = new LinkedHashMap<>(rules);
        try (InputStream in = Files.newInputStream(file)) {
            merged.putAll(parse(in, file.toString()));
        }
        return new RuleBook(merged, version);
    }

    /** These rules with an administrator's rules, given as text, laid over them. */
    public RuleBook withOverrides(String yaml, String source) throws IOException {
        Map<String, RiskRule> merged = new LinkedHashMap<>(rules);
        merged.putAll(parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)), source));
        return new RuleBook(merged, version);
    }

    public List<RiskRule> rules() {
        return ordered;
    }

    public int version() {
        return version;
    }

    /** The rule with this id; an unknown id throws, naming it. */
    public RiskRule rule(String id) {
        RiskRule rule = rules.get(id);
        if (rule == null) {
            throw new NoSuchElementException("No risk rule with id '" + id + "'; known: " + rules.keySet());
        }
        return rule;
    }

    private static Map<String, RiskRule> parse(InputStream in, String source) throws IOException {
        JsonNode root = JsonTrees.read(new YAMLFactory(), in);
        if (root == null || !root.isObject()) {
            throw new RuleException(source, "(file)", "is not a YAML mapping with 'version' and 'rules'");
        }
        knownKeys(root, Set.of("version", "rules"), source, "");
        if (!root.path("rules").isArray()) {
            throw new RuleException(source, "rules", "is " + (root.has("rules") ? "not a list" : "missing") + "; write rules: followed by - id: ... entries");
        }
        int version = root.path("version").asInt(-1);
        if (version != SCHEMA_VERSION) {
            throw new RuleException(source, "version", "is " + root.path("version") + "; this engine reads version " + SCHEMA_VERSION);
        }
        Map<String, RiskRule> rules = new LinkedHashMap<>();
        for (JsonNode node : root.path("rules")) {
            RiskRule rule = rule(node, source);
            if (rules.put(rule.id(), rule) != null) {
                throw new RuleException(source, rule.id(), "is defined twice");
            }
        }
        return rules;
    }

    private static final Set<String> RULE_KEYS = Set.of("id", "family", "title", "severity", "why", "reference", "match");
    private static final Set<String> MATCH_KEYS = Set.of("paths", "excludePaths", "ignoreCase", "kinds", "types", "content", "scanLog",
            "escalate", "detector");
    private static final Set<String> ESCALATE_KEYS = Set.of("severity", "content");

    /** A key the schema does not know is refused: a typo would otherwise drop what it meant to say. */
    private static void knownKeys(JsonNode node, Set<String> keys, String source, String where) {
        if (!node.isObject()) {
            throw new RuleException(source, where, "is not a mapping");
        }
        for (java.util.Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!keys.contains(name)) {
                throw new RuleException(source, where.isEmpty() ? name : where + "." + name, "is not a key here; known: "
                        + new java.util.TreeSet<>(keys));
            }
        }
    }

    private static boolean flag(JsonNode node, String source, String where) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new RuleException(source, where, "is " + node + ", not true or false");
        }
        return node.asBoolean();
    }

    private static RiskRule rule(JsonNode node, String source) {
        String id = text(node, "id", source, "(a rule without id)");
        if (!id.matches("[a-z0-9][a-z0-9-]{1,63}")) {
            throw new RuleException(source, id, "id must be lower-case letters, digits and '-'");
        }
        knownKeys(node, RULE_KEYS, source, id);
        Severity severity = severity(node.path("severity").asText(""), source, id + ".severity");
        JsonNode match = node.path("match");
        if (!match.isObject()) {
            throw new RuleException(source, id + ".match", "is missing");
        }
        knownKeys(match, MATCH_KEYS, source, id + ".match");
        boolean ignoreCase = flag(match.path("ignoreCase"), source, id + ".match.ignoreCase");
        List<Glob> paths = globs(match.path("paths"), ignoreCase, source, id + ".match.paths");
        List<Glob> excludes = globs(match.path("excludePaths"), ignoreCase, source, id + ".match.excludePaths");
        Set<ChangeKind> kinds = EnumSet.noneOf(ChangeKind.class);
        for (String kind : strings(match.path("kinds"), source, id + ".match.kinds")) {
            kinds.add(enumValue(ChangeKind.class, kind.replace('-', '_'), source, id + ".match.kinds"));
        }
        Set<EntryType> types = EnumSet.noneOf(EntryType.class);
        for (String type : strings(match.path("types"), source, id + ".match.types")) {
            types.add(enumValue(EntryType.class, type, source, id + ".match.types"));
        }
        List<Pattern> content = patterns(match.path("content"), source, id + ".match.content");
        JsonNode escalate = match.path("escalate");
        if (!escalate.isMissingNode()) {
            knownKeys(escalate, ESCALATE_KEYS, source, id + ".match.escalate");
        }
        Severity escalateTo = escalate.isObject() ? severity(escalate.path("severity").asText(""), source, id + ".match.escalate.severity")
                : Severity.NONE;
        List<Pattern> escalateContent = patterns(escalate.path("content"), source, id + ".match.escalate.content");
        String detector = match.path("detector").asText("");
        if (!detector.isEmpty() && !Detectors.NAMES.contains(detector)) {
            throw new RuleException(source, id + ".match.detector", "'" + detector + "' is not a built-in detector; known: " + Detectors.NAMES);
        }
        if (paths.isEmpty() && content.isEmpty() && detector.isEmpty()) {
            throw new RuleException(source, id + ".match", "needs paths, content or a detector");
        }
        return new RiskRule(id, node.path("family").asText(id), text(node, "title", source, id), severity,
                text(node, "why", source, id), node.path("reference").asText(""),
                new RuleMatch(paths, excludes, kinds, types, content, flag(match.path("scanLog"), source, id + ".match.scanLog"), escalateTo, escalateContent,
                        detector));
    }

    private static String text(JsonNode node, String key, String source, String rule) {
        String value = node.path(key).asText("");
        if (value.isBlank()) {
            throw new RuleException(source, rule + "." + key, "is missing");
        }
        return value;
    }

    private static Severity severity(String text, String source, String where) {
        try {
            return Severity.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleException(source, where, "'" + text + "' is not one of low, medium, high, critical");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String source, String where) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleException(source, where, "'" + text + "' is not known");
        }
    }

    /** A list of texts, or one text for a list of one; anything else is refused, never dropped. */
    private static List<String> strings(JsonNode node, String source, String where) {
        try {
            return JsonTrees.texts(node);
        } catch (IllegalArgumentException e) {
            throw new RuleException(source, where, e.getMessage());
        }
    }

    private static List<Glob> globs(JsonNode node, boolean ignoreCase, String source, String where) {
        try {
            return Glob.all(strings(node, source, where), ignoreCase);
        } catch (RuleException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new RuleException(source, where, e.getMessage());
        }
    }

    private static List<Pattern> patterns(JsonNode node, String source, String where) {
        List<Pattern> patterns = new ArrayList<>();
        for (String text : strings(node, source, where)) {
            try {
                patterns.add(Pattern.compile(text));
            } catch (PatternSyntaxException e) {
                throw new RuleException(source, where, "'" + text + "' is not a regular expression: " + e.getDescription());
            }
        }
        return patterns;
    }

    /** A rules file that cannot be used; the message names the file, the rule and the key. */
    public static final class RuleException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        RuleException(String source, String where, String problem) {
            super(source + ": " + where + " " + problem);
        }
    }
}

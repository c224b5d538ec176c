package io.jenkins.plugins.sbxagent.engine.agent;

import io.jenkins.plugins.sbxagent.engine.spec.SpecException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A folder of skills the pipeline gives the agent: each skill a folder of its own with a
 * {@code SKILL.md}, as every agent reads them. Every file crosses in as a read-only put file
 * (hashed in the audit), so the folder is checked here: plain files only, plain names, bounded.
 * Entries whose names start with a dot (a checkout's {@code .git}) and files beside the skills
 * (a README, a LICENSE) stay behind: only the skills cross.
 *
 * @param folder the folder on this machine
 * @param skills the skill names, sorted
 * @param files  every file, relative to the folder, sorted
 */
public record SkillsFolder(Path folder, List<String> skills, List<String> files) {
    /** Bounds that keep a skills folder a few instructions and scripts, not a file system. */
    static final int MAX_FILES = 500;
    static final long MAX_BYTES = 20L << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,127}");
    private static final String FIELD = "--skills";

    public SkillsFolder {
        skills = List.copyOf(skills);
        files = List.copyOf(files);
    }

    public static SkillsFolder read(Path folder) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new SpecException(FIELD, folder + " is not a folder.", "Name a folder holding one folder per skill, each with a SKILL.md.");
        }
        TreeSet<String> files = new TreeSet<>();
        long[] bytes = {0};
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(folder)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    checkName(folder.relativize(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path relative = folder.relativize(file);
                    if (file.getFileName().toString().startsWith(".") || relative.getNameCount() < 2 && attributes.isRegularFile()) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (!attributes.isRegularFile()) {
                        // a link could point anywhere on this machine: what crosses in must be the file itself
                        throw new SpecException(FIELD, relative + " is a link or a special file.", "Copy the file itself into the folder.");
                    }
                    checkName(relative);
                    files.add(relative.toString());
                    bytes[0] += attributes.size();
                    if (files.size() > MAX_FILES || bytes[0] > MAX_BYTES) {
                        throw new SpecException(FIELD, folder + " holds more than " + MAX_FILES + " files or " + (MAX_BYTES >> 20) + " MB.",
                                "Pass only the skills this run needs.");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new SpecException(FIELD, folder + " cannot be read: " + e.getMessage(), "Name a readable folder.");
        }
        List<String> skills = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            if (path.getNameCount() == 2 && path.getFileName().toString().equals("SKILL.md")) {
                skills.add(path.getName(0).toString());
            }
        }
        if (skills.isEmpty()) {
            throw new SpecException(FIELD, folder + " holds no skill.", "Give each skill a folder with a SKILL.md: NAME/SKILL.md.");
        }
        return new SkillsFolder(folder, skills, new ArrayList<>(files));
    }

    /**
     * Where a skills folder lies in the workspace, judged by real paths so that no link hides it: its path relative
     * to the workspace, or empty when it lies outside (or is the workspace itself). The skills cross in by their own
     * way, so a folder inside the workspace is kept from the agent there.
     */
    public static Optional<String> placeIn(Path folder, Path workspace) {
        try {
            Path real = folder.toRealPath();
            Path root = workspace.toRealPath();
            return real.startsWith(root) && !real.equals(root) ? Optional.of(root.relativize(real).toString()) : Optional.empty();
        } catch (IOException e) {
            throw new SpecException(FIELD, folder + " cannot be read: " + e.getMessage(), "Name a readable folder.");
        }
    }

    private static void checkName(Path relative) {
        for (Path part : relative) {
            if (!NAME.matcher(part.toString()).matches()) {
                throw new SpecException(FIELD, "'" + relative.toString().replaceAll("\\p{Cntrl}", "?") + "' has a name sbx-agent does not pass on.",
                        "Use letters, digits, '.', '_', '-' and spaces, starting with a letter or digit.");
            }
        }
    }
}

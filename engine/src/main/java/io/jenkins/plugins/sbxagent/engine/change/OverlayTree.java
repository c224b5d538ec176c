package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The merged view of an overlay, read from its two layers on the host after it is unmounted: an
 * entry comes from the upper layer when it is there, unless a whiteout or an opaque folder above it
 * hides the lower one.
 */
public final class OverlayTree implements FileTree {
    private final Path lower;
    private final Path upper;

    public OverlayTree(Path lower, Path upper) {
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * The merged folder: the upper layer's entries but whiteouts, and the lower layer's where the folder lets them
     * through (not opaque, not replaced by the upper layer) and no whiteout hides them. Both layers must be listed: a
     * folder the agent changed lies in the upper layer with only its changed entries.
     */
    @Override
    public List<String> names(String relative) throws IOException {
        Optional<Path> folder = locate(relative);
        if (folder.isEmpty() || !Files.isDirectory(folder.get(), LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        Set<String> names = new TreeSet<>();
        Set<String> hidden = new HashSet<>();
        Path upperFolder = relative.isEmpty() ? upper : PathNames.resolve(upper, relative);
        if (Files.isDirectory(upperFolder, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(upperFolder)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    Map<String, Object> attributes = Entries.attributes(entry);
                    (attributes != null && Entries.isWhiteout(attributes) ? hidden : names).add(entry.getFileName().toString());
                }
            }
        }
        if (lowerShows(relative)) {
            try (Stream<Path> entries = Files.list(relative.isEmpty() ? lower : PathNames.resolve(lower, relative))) {
                entries.map(entry -> entry.getFileName().toString()).filter(name -> !hidden.contains(name)).forEach(names::add);
            }
        }
        return List.copyOf(names);
    }

    /** Whether the lower layer's folder at {@code relative} shows through: no upper folder on the way is opaque or not a folder. */
    private boolean lowerShows(String relative) throws IOException {
        Path lowerFolder = relative.isEmpty() ? lower : PathNames.resolve(lower, relative);
        if (!Files.isDirectory(lowerFolder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (relative.isEmpty()) {
            return !Entries.isOpaque(upper);
        }
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        for (String part : parts) {
            prefix.append(prefix.length() == 0 ? "" : "/").append(part);
            Path upperPath = PathNames.resolve(upper, prefix.toString());
            Map<String, Object> attributes = Entries.attributes(upperPath);
            if (attributes != null && (Entries.isWhiteout(attributes) || !Files.isDirectory(upperPath, LinkOption.NOFOLLOW_LINKS)
                    || Entries.isOpaque(upperPath))) {
                return false;
            }
            if (!Files.isDirectory(PathNames.resolve(lower, prefix.toString()), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<Path> locate(String relative) throws IOException {
        if (relative.isEmpty()) {
            return Optional.of(upper);
        }
        String[] parts = relative.split("/");
        StringBuilder prefix = new StringBuilder();
        boolean lowerVisible = true;
        for (int i = 0; i < parts.length; i++) {
            prefix.append(i == 0 ? "" : "/").append(parts[i]);
            Path upperPath = PathNames.resolve(upper, prefix.toString());
            Path lowerPath = PathNames.resolve(lower, prefix.toString());
            boolean last = i == parts.length - 1;
            Map<String, Object> upperAttributes = Entries.attributes(upperPath);
            Path found;
            if (upperAttributes != null) {
                if (Entries.isWhiteout(upperAttributes)) {
                    return Optional.empty();
                }
                found = upperPath;
                if (Entries.typeOf((Integer) upperAttributes.get("mode")) == EntryType.DIRECTORY && Entries.isOpaque(upperPath)) {
                    lowerVisible = false;
                }
            } else if (lowerVisible && Entries.attributes(lowerPath) != null) {
                found = lowerPath;
            } else {
                return Optional.empty();
            }
            if (last) {
                return Optional.of(found);
            }
            if (!Files.isDirectory(found, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            if (upperAttributes != null && !Files.isDirectory(upperPath, LinkOption.NOFOLLOW_LINKS)) {
                lowerVisible = false;
            }
        }
        return Optional.empty();
    }
}

package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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

package io.jenkins.plugins.sbxagent.engine.change;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Reads single entries of a file tree without following symbolic links. */
public final class Entries {
    /** Git's rule: a NUL byte in the first 8000 bytes makes a file binary. */
    private static final int BINARY_PROBE = 8000;
    private static final String NOT_A_DIRECTORY = "Not a directory";
    /**
     * Only the attributes the change detectors need: asking for all of {@code unix:*} makes the JDK
     * look up owner and group names for every file, which costs more than the walk itself.
     */
    static final String SNAPSHOT_ATTRIBUTES = "unix:mode,ino,ctime,size,lastModifiedTime,rdev";

    private Entries() {
    }

    /** The entry at {@code path}, or empty when nothing is there. Files are hashed when {@code hash} is set. */
    public static Optional<EntryState> read(Path path, boolean hash) throws IOException {
        Map<String, Object> attributes = attributes(path);
        return attributes == null ? Optional.empty() : Optional.of(state(path, attributes, hash));
    }

    /** The {@link #SNAPSHOT_ATTRIBUTES} of the entry at {@code path}, or null when nothing is there. */
    static Map<String, Object> attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, SNAPSHOT_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (java.nio.file.FileSystemException e) {
            if (NOT_A_DIRECTORY.equals(e.getReason())) {
                return null; // a file stands where the path needs a folder
            }
            throw e;
        }
    }

    static EntryState state(Path path, Map<String, Object> attributes, boolean hash) throws IOException {
        int rawMode = (Integer) attributes.get("mode");
        EntryType type = typeOf(rawMode);
        int mode = rawMode & 07777;
        return switch (type) {
            case FILE -> new EntryState(type, mode, (Long) attributes.get("size"), hash ? sha256(path) : null, null);
            case SYMLINK -> new EntryState(type, mode, 0, null, PathNames.linkTarget(Files.readSymbolicLink(path)));
            default -> new EntryState(type, mode, 0, null, null);
        };
    }

    static EntryType typeOf(int rawMode) {
        return switch (rawMode & 0170000) {
            case 0100000 -> EntryType.FILE;
            case 0040000 -> EntryType.DIRECTORY;
            case 0120000 -> EntryType.SYMLINK;
            default -> EntryType.OTHER;
        };
    }

    /** Whether an overlay upper layer marks a deletion here: a character device 0/0. */
    static boolean isWhiteout(Map<String, Object> attributes) {
        int rawMode = (Integer) attributes.get("mode");
        return (rawMode & 0170000) == 0020000 && ((Long) attributes.get("rdev")) == 0L;
    }

    /** Whether an overlay upper folder hides everything below it in the lower layer. */
    static boolean isOpaque(Path directory) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(directory, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        try {
            if (view == null || !view.list().contains("overlay.opaque")) {
                return false;
            }
            ByteBuffer value = ByteBuffer.allocate(8);
            view.read("overlay.opaque", value);
            value.flip();
            return value.hasRemaining() && value.get() == 'y';
        } catch (IOException e) {
            return false;
        }
    }

    /** SHA-256 of a regular file, streamed; the file is opened without following a link. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether a regular file looks binary to git. */
    public static boolean isBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] probe = in.readNBytes(BINARY_PROBE);
            for (byte b : probe) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

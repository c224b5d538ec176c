package io.jenkins.plugins.sbxagent.engine;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Test workspaces: made on disk, owned like a CI user's, and fingerprinted whole. */
final class Workspaces {
    private Workspaces() {
    }

    /** A small project: sources, docs, a .gitignore and a .git folder with a hook sample and config. */
    static Path project(Path root) throws IOException {
        Files.createDirectories(root.resolve("src"));
        Files.createDirectories(root.resolve(".git/hooks"));
        Files.writeString(root.resolve("README.md"), "# demo\n");
        Files.writeString(root.resolve("src/app.sh"), "#!/bin/sh\necho app\n");
        Files.writeString(root.resolve("src/old.txt"), "to be deleted\n");
        Files.writeString(root.resolve("notes.txt"), "one\ntwo\nthree\n");
        Files.writeString(root.resolve(".gitignore"), "build/\n");
        Files.writeString(root.resolve(".git/config"), "[core]\n\tbare = false\n");
        Files.writeString(root.resolve(".git/hooks/pre-commit.sample"), "#!/bin/sh\n");
        return root;
    }

    /** Gives the tree to uid:gid 1000, the sandbox user of the test image, as a CI agent's workspace would be. */
    static void chownToAgent(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                own(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                own(file);
                return FileVisitResult.CONTINUE;
            }

            private void own(Path path) throws IOException {
                Files.setAttribute(path, "unix:uid", 1000, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", 1000, LinkOption.NOFOLLOW_LINKS);
            }
        });
    }

    /** Every entry with its type, mode, owner, times and content hash: equal fingerprints mean an untouched tree. */
    static Map<String, String> fingerprint(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                entries.put(root.relativize(dir) + "/", describe(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                entries.put(root.relativize(file).toString(), describe(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static String describe(Path path) throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
        String content = "";
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            try {
                content = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        } else if (Files.isSymbolicLink(path)) {
            content = "-> " + Files.readSymbolicLink(path);
        }
        return a.get("mode") + " " + a.get("uid") + ":" + a.get("gid") + " " + a.get("size") + " " + a.get("lastModifiedTime") + " "
                + a.get("ctime") + " " + content;
    }
}

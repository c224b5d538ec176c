package io.jenkins.plugins.sbxagent.engine.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathNamesTest {
    @TempDir
    Path root;

    /** Makes a file whose name is exactly these bytes, which no Java string may stand for. */
    private Path fileNamed(String percentEncodedName) throws Exception {
        Path file = Path.of(URI.create(root.toUri() + percentEncodedName));
        Files.writeString(file, "content");
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "bad%FFname", "new%0Aline", "back%5Cslash", "d%C3%A9j%C3%A0.txt", "half%E2%82", "x%7F"})
    void shouldFindEveryFileAgainByItsEncodedName(String rawName) throws Exception {
        Path file = fileNamed(rawName);

        String encoded = PathNames.encode(root, file);

        assertThat(PathNames.resolve(root, encoded)).isEqualTo(file);
        assertThat(Files.readString(PathNames.resolve(root, encoded))).isEqualTo("content");
    }

    @Test
    void shouldWriteNamesAsReadableTextWithEscapesOnlyWhereNeeded() throws Exception {
        assertThat(PathNames.encode(root, fileNamed("plain.txt"))).isEqualTo("plain.txt");
        assertThat(PathNames.encode(root, fileNamed("bad%FFname"))).isEqualTo("bad\\xffname");
        assertThat(PathNames.encode(root, fileNamed("new%0Aline"))).isEqualTo("new\\x0aline");
        assertThat(PathNames.encode(root, fileNamed("back%5Cslash"))).isEqualTo("back\\\\slash");
        assertThat(PathNames.encode(root, fileNamed("d%C3%A9j%C3%A0.txt"))).isEqualTo("d\u00e9j\u00e0.txt");
    }

    @Test
    void shouldKeepALiteralBackslashXApartFromARawByte() throws Exception {
        Path literal = fileNamed("bad%5Cxffname");
        Path raw = fileNamed("bad%FFname");

        assertThat(PathNames.encode(root, literal)).isNotEqualTo(PathNames.encode(root, raw));
        assertThat(PathNames.resolve(root, PathNames.encode(root, literal))).isEqualTo(literal);
    }

    @Test
    void shouldEncodeNestedNames() throws Exception {
        Path folder = Files.createDirectory(Path.of(URI.create(root.toUri() + "dir%FF")));
        Path file = Files.writeString(folder.resolve("inner.txt"), "x");

        assertThat(PathNames.encode(root, file)).isEqualTo("dir\\xff/inner.txt");
        assertThat(PathNames.resolve(root, "dir\\xff/inner.txt")).isEqualTo(file);
        assertThat(PathNames.bytes("dir\\xff/inner.txt")).startsWith('d', 'i', 'r', (byte) 0xff, '/');
    }
}

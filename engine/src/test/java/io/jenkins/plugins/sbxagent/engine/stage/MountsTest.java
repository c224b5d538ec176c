package io.jenkins.plugins.sbxagent.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountsTest {
    @Test
    void shouldUnescapeWhatMountinfoEscapes() {
        assertThat(Mounts.unescape("/var/tmp/a\\040b\\011c\\012d\\134e")).isEqualTo("/var/tmp/a b\tc\nd\\e");
    }

    @Test
    void shouldLeaveABackslashThatStartsNoEscape() {
        assertThat(Mounts.unescape("/a\\09b\\")).isEqualTo("/a\\09b\\");
    }

    @Test
    void shouldFindTheRootMountUnderTheRootAndNoneUnderAFreshFolder(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        assertThat(Mounts.under(Path.of("/"))).contains(Path.of("/"));
        assertThat(Mounts.under(temp)).isEmpty();
    }
}

package io.jenkins.plugins.sbxagent.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IdSwapTest {
    @Test
    void shouldShowRootAsTheSandboxUserAndEveryOtherIdAsItself() {
        assertThat(new IdSwap(0, 1000).lines()).isEqualTo("0 1000 1;1000 0 1;1 1 999;1001 1001 4294966294");
    }

    @Test
    void shouldSwapTwoOrdinaryIdsWhicheverIsLower() {
        assertThat(new IdSwap(2000, 1000).lines()).isEqualTo("2000 1000 1;1000 2000 1;0 0 1000;1001 1001 999;2001 2001 4294965294");
        assertThat(new IdSwap(1000, 1001).lines()).isEqualTo("1000 1001 1;1001 1000 1;0 0 1000;1002 1002 4294966293");
    }

    @Test
    void shouldMapEveryIdExactlyOnce() {
        for (IdSwap swap : new IdSwap[] {new IdSwap(0, 1000), new IdSwap(5, 4), new IdSwap(IdSwap.LAST_ID, 0), new IdSwap(7, 7)}) {
            long inside = Arrays.stream(swap.lines().split(";")).mapToLong(line -> Long.parseLong(line.split(" ")[2])).sum();
            assertThat(inside).as(swap.toString()).isEqualTo(IdSwap.LAST_ID + 1);
            assertThat(swap.lines().split(";")).as("the kernel takes at most 340 lines").hasSizeLessThanOrEqualTo(5);
        }
    }

    @Test
    void shouldMapTheSameIdToItself() {
        assertThat(new IdSwap(1000, 1000).lines()).isEqualTo("0 0 4294967295");
    }

    @Test
    void shouldRefuseTheIdThatMeansNoId() {
        assertThatThrownBy(() -> new IdSwap(4294967295L, 1000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4294967294");
    }
}

package io.jenkins.plugins.sbxagent.engine.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.sbxagent.engine.agent.AgentKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The live conversation: complete events only, each once, however the file grows between two calls. */
class ConversationFeedTest {
    private static final String MESSAGE = "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"step %d <b>\"}]}}\n";

    /** What one call shows of the events from {@code offset}, and how far it read. */
    private record Step(String html, long read) {
    }

    private static Step step(byte[] events, long offset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long read = ConversationFeed.write(AgentKind.CLAUDE, new ByteArrayInputStream(events, (int) offset, events.length - (int) offset), out);
        return new Step(out.toString(StandardCharsets.UTF_8), read);
    }

    @Test
    void shouldShowEachCompleteEventOnceAndLeaveTheOneStillBeingWritten() throws IOException {
        String first = MESSAGE.formatted(1);
        String second = MESSAGE.formatted(2);
        byte[] partial = (first + second.substring(0, 20)).getBytes(StandardCharsets.UTF_8);

        Step one = step(partial, 0);
        byte[] whole = (first + second).getBytes(StandardCharsets.UTF_8);
        Step two = step(whole, one.read());

        assertThat(one.read()).isEqualTo(first.getBytes(StandardCharsets.UTF_8).length);
        assertThat(one.html()).contains("step 1 &lt;b&gt;").doesNotContain("step 2");
        assertThat(two.html()).contains("step 2 &lt;b&gt;").doesNotContain("step 1");
        assertThat(one.read() + two.read()).isEqualTo(whole.length);
        assertThat(step(whole, whole.length)).isEqualTo(new Step("", 0));
    }

    @Test
    void shouldCatchUpInStepsThatEndWhereALineEnds() throws IOException {
        StringBuilder events = new StringBuilder();
        for (int i = 0; events.length() < 3 * ConversationFeed.STEP_BYTES; i++) {
            events.append(MESSAGE.formatted(i));
        }
        byte[] bytes = events.toString().getBytes(StandardCharsets.UTF_8);

        long offset = 0;
        int calls = 0;
        StringBuilder shown = new StringBuilder();
        while (offset < bytes.length) {
            Step next = step(bytes, offset);
            assertThat(next.read()).isPositive().isLessThan(ConversationFeed.STEP_BYTES + 200L);
            assertThat(bytes[(int) (offset + next.read() - 1)]).as("a step ends at a line's end").isEqualTo((byte) '\n');
            shown.append(next.html());
            offset += next.read();
            calls++;
        }

        assertThat(calls).isBetween(3, 5);
        assertThat(shown.toString().split("<li class=\"message\">")).hasSize(events.toString().split("\n").length + 1);
    }

    @Test
    void shouldPassAnEventTooLongToShowEvenBeforeItEnds() throws IOException {
        byte[] huge = new byte[RunFactsHtml.EVENT_CHARS + ConversationFeed.STEP_BYTES];
        Arrays.fill(huge, (byte) 'x');

        Step one = step(huge, 0);
        byte[] after = (new String(huge, StandardCharsets.US_ASCII) + "\n" + MESSAGE.formatted(3)).getBytes(StandardCharsets.UTF_8);
        Step two = step(after, one.read());

        assertThat(one.html()).contains("an event of over " + RunFactsHtml.EVENT_CHARS + " bytes, left out here");
        assertThat(one.read()).isPositive();
        assertThat(two.html()).contains("step 3").doesNotContain("left out");
        assertThat(one.read() + two.read()).isEqualTo(after.length);
    }
}

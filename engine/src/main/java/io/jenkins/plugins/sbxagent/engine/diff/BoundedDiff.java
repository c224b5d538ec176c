package io.jenkins.plugins.sbxagent.engine.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.Chunk;
import com.github.difflib.patch.DeleteDelta;
import com.github.difflib.patch.InsertDelta;
import com.github.difflib.patch.Patch;
import java.util.List;

/**
 * A line diff whose cost is bounded whatever the agent wrote. Myers' algorithm costs the lines times
 * the differences, which an agent that rewrites every line of a long file turns into hours. So the
 * common head and tail are cut off first (cheap, and all most edits need), and a middle of more than
 * {@link #MIDDLE_LIMIT} lines is written as one replacement instead of being searched for matches.
 */
public final class BoundedDiff {
    /** Lines (old plus new) of the changed middle that Myers' algorithm may search. */
    public static final int MIDDLE_LIMIT = 8_000;

    private BoundedDiff() {
    }

    public static Patch<String> diff(List<String> original, List<String> revised) {
        int head = 0;
        int shortest = Math.min(original.size(), revised.size());
        while (head < shortest && original.get(head).equals(revised.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < shortest - head && original.get(original.size() - 1 - tail).equals(revised.get(revised.size() - 1 - tail))) {
            tail++;
        }
        List<String> before = original.subList(head, original.size() - tail);
        List<String> after = revised.subList(head, revised.size() - tail);
        Patch<String> patch = new Patch<>();
        if (before.isEmpty() && after.isEmpty()) {
            return patch;
        }
        if (before.size() + after.size() > MIDDLE_LIMIT || before.isEmpty() || after.isEmpty()) {
            patch.addDelta(delta(new Chunk<>(head, before), new Chunk<>(head, after)));
            return patch;
        }
        for (AbstractDelta<String> delta : DiffUtils.diff(before, after).getDeltas()) {
            patch.addDelta(delta(new Chunk<>(delta.getSource().getPosition() + head, delta.getSource().getLines()),
                    new Chunk<>(delta.getTarget().getPosition() + head, delta.getTarget().getLines())));
        }
        return patch;
    }

    private static AbstractDelta<String> delta(Chunk<String> source, Chunk<String> target) {
        if (source.getLines().isEmpty()) {
            return new InsertDelta<>(source, target);
        }
        if (target.getLines().isEmpty()) {
            return new DeleteDelta<>(source, target);
        }
        return new ChangeDelta<>(source, target);
    }
}

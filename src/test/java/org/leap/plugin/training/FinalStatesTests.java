package org.leap.plugin.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.opensearch.test.OpenSearchTestCase;

/**
 * A final state whose write fails (the tasks index unavailable) is kept, shown and written on a later try: before, the
 * failure was logged and the task stayed RUNNING in the index after its job had ended.
 */
public class FinalStatesTests extends OpenSearchTestCase {
    public void testAFailedWriteIsKeptShownAndWrittenLater() {
        List<TrainingTask> written = new ArrayList<>();
        AtomicInteger refusals = new AtomicInteger(2);
        FinalStates finals = new FinalStates(task -> {
            if (refusals.getAndDecrement() > 0) {
                throw new IllegalStateException("the tasks index is unavailable");
            }
            written.add(task);
        });
        TrainingTask running = TrainingTask.created("t1", "m", "node-a", 10, Map.of(), 1).running(2);
        TrainingTask ended = running.ended(TaskState.COMPLETED, null, Map.of("steps", 10), 3);

        finals.record(ended);
        assertTrue(written.isEmpty());
        assertSame(ended, finals.unwritten("t1"));
        assertEquals(List.of(ended), List.copyOf(finals.unwritten()));

        finals.flush();
        assertTrue("refused again", written.isEmpty());
        finals.flush();
        assertEquals(List.of(ended), written);
        assertNull(finals.unwritten("t1"));
        assertTrue(finals.unwritten().isEmpty());
    }

    public void testOnlyFinalStatesAreRecorded() {
        FinalStates finals = new FinalStates(task -> {});
        TrainingTask running = TrainingTask.created("t1", "m", "node-a", 10, Map.of(), 1).running(2);
        expectThrows(IllegalArgumentException.class, () -> finals.record(running));
    }
}

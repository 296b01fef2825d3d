package org.leap.plugin.training;

import java.util.List;
import java.util.Map;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.test.OpenSearchTestCase;

/** A task's life as its document records it: states, progress, ETA, and the round trip through the index. */
public class TrainingTaskTests extends OpenSearchTestCase {
    private static TrainingTask created() {
        return TrainingTask.created("t1", "m1", "node-a", 10, Map.of("name", "m1", "steps", 10), 1_000);
    }

    public void testProgressGivesPercentAndEtaAtThePaceSoFar() {
        TrainingTask running = created().running(10_000).progress(4, Map.of("loss", 0.5f));
        assertEquals(40.0, running.percent(), 1e-9);
        // 4 steps in 8 s: 2 s a step, 6 steps left
        assertEquals(12, running.etaSeconds(18_000));
        assertEquals(-1, created().etaSeconds(18_000));
    }

    public void testEndedTasksHaveNoEtaAndKeepTheReason() {
        TrainingTask failed = created().running(10_000).progress(4, Map.of()).ended(TaskState.FAILED, "boom", Map.of(), 20_000);
        assertTrue(failed.state().isFinal());
        assertEquals(-1, failed.etaSeconds(30_000));
        assertEquals("boom", failed.failure());
        expectThrows(IllegalArgumentException.class, () -> created().ended(TaskState.RUNNING, null, Map.of(), 0));
    }

    public void testDocumentAndWireRoundTrips() throws Exception {
        TrainingTask task = created().running(10_000).progress(3, Map.of("loss", 0.25f))
            .ended(TaskState.COMPLETED, null, Map.of("exit_rate", 0.5), 20_000);
        TrainingTask fromDoc = TrainingTask.fromSource(task.toSource());
        assertEquals(task.state(), fromDoc.state());
        assertEquals(task.stepsDone(), fromDoc.stepsDone());
        assertEquals(task.endedMillis(), fromDoc.endedMillis());
        assertEquals(task.metrics(), fromDoc.metrics());
        BytesStreamOutput out = new BytesStreamOutput();
        task.writeTo(out);
        try (StreamInput in = out.bytes().streamInput()) {
            assertEquals(task.toSource(), TrainingTask.readFrom(in).toSource());
        }
    }

    public void testRejectsAnUnknownStoredState() {
        Map<String, Object> doc = new java.util.HashMap<>(created().toSource());
        doc.put("state", "PAUSED");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> TrainingTask.fromSource(doc));
        assertTrue(e.getMessage(), e.getMessage().contains("unknown task state [PAUSED]"));
    }

    /** A foreign or hand-edited document was a ClassCastException or NullPointerException: every listing failed with it. */
    public void testAMalformedDocumentIsAnIllegalArgumentNamingTheField() {
        Map<String, Object> good = created().toSource();
        for (Map.Entry<String, Object> bad : Map.<String, Object>of("state", 3, "created", "yesterday", "job", "x", "node",
            List.of()).entrySet()) {
            Map<String, Object> source = new java.util.HashMap<>(good);
            source.put(bad.getKey(), bad.getValue());
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> TrainingTask.fromSource(source));
            assertTrue(e.getMessage(), e.getMessage().contains("is malformed: [" + bad.getKey() + "]"));
        }
        Map<String, Object> noState = new java.util.HashMap<>(good);
        noState.remove("state");
        expectThrows(IllegalArgumentException.class, () -> TrainingTask.fromSource(noState));
    }
}

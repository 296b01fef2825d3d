package org.leap.plugin.model;

import java.util.AbstractList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.leap.plugin.stats.RecentQueueWait;
import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.stats.EncodePath;
import org.opensearch.cluster.ClusterState;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.core.action.ActionListener;
import org.opensearch.test.OpenSearchTestCase;

/**
 * An {@link Error} inside an encode (here a class that fails to link, thrown while the texts are read) must still
 * answer the encode's caller exactly once, with the reason, and count as an error: before, it escaped the inference
 * task and the bulk or search waiting on the answer hung.
 */
public class EncodeErrorTests extends OpenSearchTestCase {
    private static final String MODEL = "bge-small-en-v1.5";

    public void testAnErrorDuringAnEncodeAnswersTheCallerOnce() throws Exception {
        Settings settings = Settings.builder().put(LeapSettings.DEFAULT_MODEL.getKey(), MODEL).build();
        ModelRegistry registry = new ModelRegistry(settings, createTempDir(), OpenSearchExecutors.newDirectExecutorService(), true,
            new RecentQueueWait(System::nanoTime), new QueueWaitShedder(settings, new ClusterSettings(settings, Set.of(
            LeapSettings.DEGRADE_MAX_QUEUE_WAIT)), () -> true));
        registry.startLoading();
        List<String> texts = new AbstractList<>() {
            @Override
            public String get(int index) {
                throw new NoClassDefFoundError("ai/djl/pytorch/jni/PyTorchLibrary");
            }

            @Override
            public int size() {
                return 1;
            }
        };
        AtomicInteger answers = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        registry.encode(MODEL, texts, null, null, EncodePath.INGEST, ClusterState.EMPTY_STATE, ActionListener.wrap(r -> answers
            .incrementAndGet(), e -> {
                answers.incrementAndGet();
                failure.set(e);
            }));
        assertEquals("the caller is answered once", 1, answers.get());
        assertNotNull(failure.get());
        assertTrue(failure.get().getMessage(), failure.get().getMessage().contains("NoClassDefFoundError"));
        assertEquals(1, registry.model(MODEL).stats(EncodePath.INGEST).snapshot().errors());
        registry.close();
    }
}

package org.leap.plugin.model;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.leap.plugin.stats.RecentQueueWait;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.plugin.settings.LeapSettings;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.test.OpenSearchTestCase;

/**
 * Removing a model (a trained model deleted from the cluster) while an encode runs with it: the native memory is freed
 * only once that encode has finished, and later encodes are refused with a 404 instead of reaching a freed encoder.
 */
public class LoadedModelCloseTests extends OpenSearchTestCase {
    private static final String MODEL = "bge-small-en-v1.5";

    public void testCloseWaitsForTheRunningEncodeAndRefusesLaterOnes() throws Exception {
        Settings settings = Settings.builder().put(LeapSettings.DEFAULT_MODEL.getKey(), MODEL).build();
        ModelRegistry registry = new ModelRegistry(settings, createTempDir(), OpenSearchExecutors.newDirectExecutorService(), true,
            new RecentQueueWait(System::nanoTime), new QueueWaitShedder(settings, new ClusterSettings(settings, Set.of(
            LeapSettings.DEGRADE_MAX_QUEUE_WAIT)), () -> true));
        registry.startLoading();
        LoadedModel model = registry.model(MODEL);
        assertEquals(model.failure(), ModelState.READY, model.state());
        EncodeOptions options = EncodeOptions.fullDepth(ExitPolicy.defaultFor(model.descriptor().layers()));

        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<List<Embedding>> encoded = new AtomicReference<>();
        Thread encode = new Thread(() -> encoded.set(model.withEncoder(encoder -> {
            inside.countDown();
            try {
                assertTrue(finish.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return encoder.encode(List.of("a sentence encoded while its model is removed"), options);
        })));
        encode.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS));

        Thread remove = new Thread(() -> registry.remove(MODEL));
        remove.start();
        remove.join(500);
        assertTrue("the close must wait for the running encode", remove.isAlive());
        finish.countDown();
        encode.join(30_000);
        remove.join(30_000);
        assertFalse(remove.isAlive());
        assertEquals(384, encoded.get().get(0).vector().length);

        ResourceNotFoundException refused = expectThrows(ResourceNotFoundException.class, () -> model.withEncoder(encoder -> encoder
            .encode(List.of("too late"), options)));
        assertTrue(refused.getMessage(), refused.getMessage().contains("removed"));
        assertFalse(registry.has(MODEL));
    }
}

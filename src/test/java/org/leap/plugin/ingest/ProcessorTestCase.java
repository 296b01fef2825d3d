package org.leap.plugin.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.leap.plugin.stats.RecentQueueWait;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.model.QueueWaitShedder;
import org.leap.plugin.settings.LeapSettings;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.OpenSearchExecutors;
import org.opensearch.test.ClusterServiceUtils;
import org.opensearch.test.OpenSearchTestCase;
import org.opensearch.test.client.NoOpNodeClient;
import org.opensearch.threadpool.TestThreadPool;
import org.opensearch.threadpool.ThreadPool;

/**
 * A processor factory over a real cluster service and a model registry that knows the shipped descriptors but loads
 * nothing, so no encoder runs: the base of the processor's config and per-document tests (documents that are refused
 * before any encode; the encode itself is tested on a real node).
 */
public abstract class ProcessorTestCase extends OpenSearchTestCase {
    private ThreadPool threadPool;
    protected ClusterService clusterService;
    protected TextEmbeddingProcessorFactory factory;
    protected static final int MAX_TEXTS_PER_DOCUMENT = 5;
    /** Never reached: every case here fails or skips its documents before they are encoded. */
    private NoOpNodeClient client;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        threadPool = new TestThreadPool(getTestName());
        clusterService = ClusterServiceUtils.createClusterService(threadPool);
        Settings settings = Settings.builder().putList(LeapSettings.MODELS.getKey(), "bge-small-en-v1.5").build();
        ModelRegistry registry = new ModelRegistry(settings, createTempDir(), OpenSearchExecutors.newDirectExecutorService(), true,
            new RecentQueueWait(System::nanoTime), new QueueWaitShedder(settings, new ClusterSettings(settings, Set.of(
            LeapSettings.DEGRADE_MAX_QUEUE_WAIT)), () -> true));
        client = new NoOpNodeClient(getTestName());
        factory = new TextEmbeddingProcessorFactory(() -> registry, client, clusterService, Settings.builder().put(
            LeapSettings.MAX_TEXTS_PER_DOCUMENT.getKey(), MAX_TEXTS_PER_DOCUMENT).build());
    }

    @Override
    public void tearDown() throws Exception {
        client.close();
        clusterService.close();
        terminate(threadPool);
        super.tearDown();
    }

    protected TextEmbeddingProcessor create(Map<String, Object> config) {
        return factory.create(Map.of(), "tag", null, new HashMap<>(config));
    }
}

package org.leap.plugin.model;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.stats.EncodePath;
import org.leap.plugin.stats.PathStatsSnapshot;
import org.leap.plugin.stats.RecentQueueWait;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.support.PlainActionFuture;
import org.opensearch.cluster.ClusterState;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchTestCase;

/**
 * Shedding on a real inference pool of one thread and a real model: a query encode queued behind a held thread for
 * longer than {@code plugins.leap.degrade.max_queue_wait} is answered 429 without encoding and counted as shed, its
 * wait still counted as load; an ingest encode queued as long is embedded; with the limit at 0 the query runs too.
 */
public class QueueWaitShedTests extends OpenSearchTestCase {
    private static final String MODEL = "bge-small-en-v1.5";
    private static final long HOLD_MILLIS = 100;

    private final Settings settings = Settings.builder().put(LeapSettings.DEFAULT_MODEL.getKey(), MODEL).build();
    private final ClusterSettings clusterSettings = new ClusterSettings(settings, Set.of(LeapSettings.DEGRADE_MAX_QUEUE_WAIT,
        LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET));
    private final RecentQueueWait queueWait = new RecentQueueWait(System::nanoTime);
    private ExecutorService pool;
    private ModelRegistry registry;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        pool = Executors.newSingleThreadExecutor();
        registry = new ModelRegistry(settings, createTempDir(), pool, true, queueWait, new QueueWaitShedder(settings, clusterSettings,
            () -> true));
        registry.startLoading();
        encode(EncodePath.QUERY).actionGet(60, TimeUnit.SECONDS); // the model has loaded on the pool's one thread
    }

    @Override
    public void tearDown() throws Exception {
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        registry.close();
        super.tearDown();
    }

    private PlainActionFuture<EncodeResult> encode(EncodePath path) {
        PlainActionFuture<EncodeResult> future = PlainActionFuture.newFuture();
        registry.encode(MODEL, List.of("does vitamin d lower the risk of fractures"), null, null, path, ClusterState.EMPTY_STATE, future);
        return future;
    }

    /** The pool's one thread held for {@link #HOLD_MILLIS} while the encodes are queued behind it; their futures. */
    private List<PlainActionFuture<EncodeResult>> queuedBehindABusyThread(EncodePath... paths) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.execute(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(30, TimeUnit.SECONDS));
        List<PlainActionFuture<EncodeResult>> queued = Arrays.stream(paths).map(this::encode).toList();
        Thread.sleep(HOLD_MILLIS);
        release.countDown();
        return queued;
    }

    private PathStatsSnapshot stats(EncodePath path) {
        return registry.model(MODEL).stats(path).snapshot();
    }

    public void testAQueryThatWaitedTooLongIsRefusedWithoutEncodingAndIngestIsNot() throws Exception {
        clusterSettings.applySettings(Settings.builder().put(LeapSettings.DEGRADE_MAX_QUEUE_WAIT.getKey(), "20ms").put(
            LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET.getKey(), "10ms").build());
        PathStatsSnapshot queryBefore = stats(EncodePath.QUERY);
        List<PlainActionFuture<EncodeResult>> queued = queuedBehindABusyThread(EncodePath.QUERY, EncodePath.INGEST);

        OpenSearchRejectedExecutionException refused = expectThrows(OpenSearchRejectedExecutionException.class, () -> queued.get(0)
            .actionGet(30, TimeUnit.SECONDS));
        assertEquals(RestStatus.TOO_MANY_REQUESTS, ExceptionsHelper.status(refused));
        assertTrue(refused.getMessage(), refused.getMessage().contains("longer than [plugins.leap.degrade.max_queue_wait] = [20ms]"));
        assertEquals(384, queued.get(1).actionGet(30, TimeUnit.SECONDS).embeddings().get(0).vector().length);

        PathStatsSnapshot query = stats(EncodePath.QUERY);
        assertEquals(1, query.shed());
        assertEquals("a shed encode is a request", queryBefore.requests() + 1, query.requests());
        assertEquals("and no error", 0, query.errors());
        assertEquals("the encoder did not run", queryBefore.texts(), query.texts());
        assertEquals(0, stats(EncodePath.INGEST).shed());
        assertTrue("both waits are load: " + queueWait.p50Nanos(), queueWait.p50Nanos() >= TimeUnit.MILLISECONDS.toNanos(HOLD_MILLIS));

        assertEquals("a query that did not wait runs", 384, encode(EncodePath.QUERY).actionGet(30, TimeUnit.SECONDS).embeddings().get(0)
            .vector().length);
    }

    public void testAtZeroAQueryWaitsAsLongAsItMustAndRuns() throws Exception {
        List<PlainActionFuture<EncodeResult>> queued = queuedBehindABusyThread(EncodePath.QUERY);
        assertEquals(384, queued.get(0).actionGet(30, TimeUnit.SECONDS).embeddings().get(0).vector().length);
        assertEquals(0, stats(EncodePath.QUERY).shed());
    }
}

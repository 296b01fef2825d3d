package org.leap.plugin.model;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.stats.EncodePath;
import org.opensearch.ExceptionsHelper;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.concurrency.OpenSearchRejectedExecutionException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchTestCase;

/**
 * Which encodes are refused for their wait: a query over the limit on a node over its budget, never one within it, never
 * one on a node that keeps up, never ingest, none at 0.
 */
public class QueueWaitShedderTests extends OpenSearchTestCase {
    private static final long MS = 1_000_000L;
    private static final String MODEL = "m";

    private final ClusterSettings clusterSettings = new ClusterSettings(Settings.EMPTY, Set.of(LeapSettings.DEGRADE_MAX_QUEUE_WAIT,
        LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET));
    private final AtomicBoolean overBudget = new AtomicBoolean(true);
    private final QueueWaitShedder shedder = new QueueWaitShedder(Settings.EMPTY, clusterSettings, overBudget::get);

    private void maxQueueWait(String value) {
        // the budget below the limit, as the settings require (the over-budget signal itself is the test's own)
        clusterSettings.applySettings(Settings.builder().put(LeapSettings.DEGRADE_MAX_QUEUE_WAIT.getKey(), value).put(
            LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET.getKey(), "1nanos").build());
    }

    public void testAQueryThatWaitedLongerIsRefusedWith429NamingTheWaitAndTheSetting() {
        maxQueueWait("20ms");
        Optional<OpenSearchRejectedExecutionException> refused = shedder.refusal(MODEL, EncodePath.QUERY, 21 * MS);
        assertTrue(refused.isPresent());
        assertEquals(RestStatus.TOO_MANY_REQUESTS, ExceptionsHelper.status(refused.get()));
        assertEquals("query encode of model [m] waited [21ms] for an inference thread, longer than "
            + "[plugins.leap.degrade.max_queue_wait] = [20ms]; refused without encoding", refused.get().getMessage());
    }

    public void testAQueryWithinTheLimitRuns() {
        maxQueueWait("20ms");
        assertEquals(Optional.empty(), shedder.refusal(MODEL, EncodePath.QUERY, 20 * MS));
        assertEquals(Optional.empty(), shedder.refusal(MODEL, EncodePath.QUERY, 0));
    }

    public void testANodeUnderItsBudgetRefusesNothing() {
        maxQueueWait("20ms");
        overBudget.set(false);
        assertEquals("a burst on a node that keeps up is no overload", Optional.empty(), shedder.refusal(MODEL, EncodePath.QUERY, 500 * MS));
        overBudget.set(true);
        assertTrue(shedder.refusal(MODEL, EncodePath.QUERY, 500 * MS).isPresent());
    }

    public void testAnIngestEncodeIsNeverRefused() {
        maxQueueWait("1ms");
        assertEquals(Optional.empty(), shedder.refusal(MODEL, EncodePath.INGEST, 60_000 * MS));
    }

    public void testZeroTheDefaultRefusesNothingAndTheLimitIsDynamic() {
        assertEquals(Optional.empty(), shedder.refusal(MODEL, EncodePath.QUERY, 60_000 * MS));
        maxQueueWait("1ms");
        assertTrue(shedder.refusal(MODEL, EncodePath.QUERY, 2 * MS).isPresent());
        maxQueueWait("0");
        assertEquals(Optional.empty(), shedder.refusal(MODEL, EncodePath.QUERY, 60_000 * MS));
    }
}

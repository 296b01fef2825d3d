package org.leap.plugin.settings;

import java.util.Set;

import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.test.OpenSearchTestCase;

/**
 * The max queue wait acts only above the queue wait budget, which must be on: a pair that does not fit is refused
 * whichever of the two an update sets, as {@code PUT _cluster/settings} validates an update against the rest.
 */
public class QueueWaitOrderTests extends OpenSearchTestCase {
    private final ClusterSettings clusterSettings = new ClusterSettings(Settings.EMPTY, Set.of(LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET,
        LeapSettings.DEGRADE_MAX_QUEUE_WAIT));

    private static Settings pair(String budget, String maxWait) {
        Settings.Builder b = Settings.builder();
        if (budget != null) {
            b.put(LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET.getKey(), budget);
        }
        if (maxWait != null) {
            b.put(LeapSettings.DEGRADE_MAX_QUEUE_WAIT.getKey(), maxWait);
        }
        return b.build();
    }

    public void testAMaxQueueWaitAboveTheBudgetIsTaken() {
        clusterSettings.validate(pair("10ms", "20ms"), true);
        assertEquals(TimeValue.timeValueMillis(20), LeapSettings.DEGRADE_MAX_QUEUE_WAIT.get(pair("10ms", "20ms")));
        clusterSettings.validate(pair(null, "100ms"), true); // above the default budget of 50 ms
        clusterSettings.validate(pair("0", "0"), true); // both off
        clusterSettings.validate(pair("500ms", null), true); // shedding off: any budget
    }

    public void testAMaxQueueWaitAtOrUnderTheBudgetIsRefusedNamingBoth() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> clusterSettings.validate(pair(null, "20ms"),
            true));
        assertTrue(e.getMessage(), e.getMessage().contains("[plugins.leap.degrade.max_queue_wait] [20ms] must be above "
            + "[plugins.leap.degrade.queue_wait_budget] [50ms]"));
        expectThrows(IllegalArgumentException.class, () -> clusterSettings.validate(pair("20ms", "20ms"), true));
    }

    public void testRaisingTheBudgetPastTheMaxQueueWaitIsRefusedToo() {
        expectThrows(IllegalArgumentException.class, () -> clusterSettings.validate(pair("30ms", "20ms"), true));
    }

    public void testAMaxQueueWaitWithDegradingOffIsRefused() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> clusterSettings.validate(pair("0", "20ms"),
            true));
        assertTrue(e.getMessage(), e.getMessage().contains("which must be above 0"));
    }
}

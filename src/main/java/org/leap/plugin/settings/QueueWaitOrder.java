package org.leap.plugin.settings;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.opensearch.common.settings.Setting;
import org.opensearch.common.unit.TimeValue;

/**
 * Refuses a {@code plugins.leap.degrade.max_queue_wait} that could never act: shedding acts only while the node is over
 * its {@code queue_wait_budget}, and keeps waits under the limit, so a limit at or under the budget would stop shedding
 * as soon as it worked, and with the budget at 0 (degrading off) it would never start. Both settings carry this check,
 * so that an update of either one is refused (400) when the pair does not fit, naming both values.
 */
final class QueueWaitOrder implements Setting.Validator<TimeValue> {
    private final boolean ofMaxQueueWait;

    /** @param ofMaxQueueWait whether this checks the max queue wait (else the budget), against the other setting */
    QueueWaitOrder(boolean ofMaxQueueWait) {
        this.ofMaxQueueWait = ofMaxQueueWait;
    }

    @Override
    public void validate(TimeValue value) {}

    @Override
    public void validate(TimeValue value, Map<Setting<?>, Object> settings) {
        TimeValue budget = ofMaxQueueWait ? (TimeValue) settings.get(LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET) : value;
        TimeValue maxWait = ofMaxQueueWait ? value : (TimeValue) settings.get(LeapSettings.DEGRADE_MAX_QUEUE_WAIT);
        if (maxWait.nanos() > 0 && (budget.nanos() == 0 || budget.nanos() >= maxWait.nanos())) {
            throw new IllegalArgumentException("[" + LeapSettings.DEGRADE_MAX_QUEUE_WAIT.getKey() + "] [" + maxWait + "] must be above ["
                + LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET.getKey() + "] [" + budget + "], which must be above 0: queries are shed only "
                + "while the node is over its budget; set both in one request (e.g. 10ms and 20ms), or the max queue wait to 0");
        }
    }

    @Override
    public Iterator<Setting<?>> settings() {
        return List.<Setting<?>>of(ofMaxQueueWait ? LeapSettings.DEGRADE_QUEUE_WAIT_BUDGET : LeapSettings.DEGRADE_MAX_QUEUE_WAIT)
            .iterator();
    }
}

package org.leap.plugin.drift;

/**
 * When the drift alarm fires: more than {@code failShare} of the window's query samples lost half their neighbours
 * (NN@10 below 0.5), over at least {@code minSamples} samples so that a handful of unlucky queries cannot fire it. The
 * paper's guidance is a fail share of 20%.
 *
 * @param failShare the share of NN@10 fails the alarm tolerates, in [0, 1]
 * @param minSamples query samples needed before the alarm may fire, at least 1
 */
public record DriftAlarm(double failShare, int minSamples) {
    public DriftAlarm {
        if ((failShare >= 0 && failShare <= 1) == false) {
            throw new IllegalArgumentException("the alarm's fail share must be in [0, 1], got " + failShare);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("the alarm needs at least 1 sample, got " + minSamples);
        }
    }

    public boolean raised(WindowStats stats) {
        return stats.querySamples() >= minSamples && stats.nn10FailShare() > failShare;
    }
}

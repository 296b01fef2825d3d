package org.leap.cli;

import java.util.Arrays;

/**
 * What one variant measured over the timed rounds of one bucket and batch size: each round's latency, for
 * percentiles, and totals of rows, tokens, FLOPs and layers run, for rates. Rates are totals over total time, so
 * rows/s, tokens/s and GFLOP/s agree with each other even though the sampled texts differ from round to round.
 */
final class VariantTimings {
    private final double[] millis;
    private int rounds;
    private long rows;
    private long tokens;
    private double flops;
    private long layersRun;

    VariantTimings(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        this.millis = new double[rounds];
    }

    /**
     * @param layers layers run, summed over the rows (a row that exits at layer l ran l)
     */
    void add(double elapsedMillis, int batchRows, long batchTokens, double batchFlops, long layers) {
        millis[rounds++] = elapsedMillis;
        rows += batchRows;
        tokens += batchTokens;
        flops += batchFlops;
        layersRun += layers;
    }

    double p50Millis() {
        return percentile(0.50);
    }

    double p99Millis() {
        return percentile(0.99);
    }

    double rowsPerSecond() {
        return rows / totalSeconds();
    }

    double tokensPerSecond() {
        return tokens / totalSeconds();
    }

    double gflopsPerSecond() {
        return flops / totalSeconds() / 1e9;
    }

    double meanExitLayer() {
        return layersRun / (double) rows;
    }

    private double totalSeconds() {
        return Arrays.stream(millis, 0, rounds).sum() / 1000;
    }

    /** Nearest rank: with few rounds p99 is the slowest round, not an interpolation past it. */
    private double percentile(double q) {
        if (rounds == 0) {
            throw new IllegalStateException("no timed round");
        }
        double[] sorted = Arrays.copyOf(millis, rounds);
        Arrays.sort(sorted);
        return sorted[Math.min(rounds - 1, (int) Math.ceil(q * rounds) - 1)];
    }
}

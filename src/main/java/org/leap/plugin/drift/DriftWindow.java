package org.leap.plugin.drift;

import java.util.function.DoubleUnaryOperator;

/**
 * The most recent drift samples of one model, each kind (queries, documents, queries measured on the shadow, and the
 * same two for queries degraded under load) in its own ring of fixed size. Degraded queries ran at another θ than the
 * model's, so they have their own rings and their own figures ({@link #degraded()}), never in {@link #stats()}. A window
 * holds samples of one model settings version only: a sample taken under newer settings empties it (figures measured
 * at the old theta say nothing about the new one, and an alarm must not outlive the theta change it caused), and a
 * sample still in flight from older settings is refused.
 */
public final class DriftWindow {
    /** A query whose NN@10 overlap is below this counts as an "NN@10 fail" (the paper's threshold). */
    public static final double NN10_FAIL_BELOW = 0.5;

    private final int layers;
    private final Ring queries;
    private final Ring documents;
    private final Ring system;
    private final Ring degradedQueries;
    private final Ring degradedSystem;
    private long settingsVersion = -1;

    /**
     * @param capacity samples kept of each kind
     * @param layers the model's depth, for the exit-layer histograms
     */
    public DriftWindow(int capacity, int layers) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the drift window needs a capacity of at least 1, got " + capacity);
        }
        this.layers = layers;
        this.queries = new Ring(capacity);
        this.documents = new Ring(capacity);
        this.system = new Ring(capacity);
        this.degradedQueries = new Ring(capacity);
        this.degradedSystem = new Ring(capacity);
    }

    /**
     * @return false when the sample was taken under older settings than the window's, and so was not recorded
     */
    public synchronized boolean addQuery(long version, double nn10, double cosine, int exitLayer) {
        return add(version, queries, nn10, cosine, checkedLayer(exitLayer));
    }

    /**
     * @return false when the sample was taken under older settings than the window's, and so was not recorded
     */
    public synchronized boolean addDocument(long version, double cosine, int exitLayer) {
        return add(version, documents, 0, cosine, checkedLayer(exitLayer));
    }

    /**
     * A query's system NN@10: its exited vector among the shadow documents' early-exit vectors against its full-depth
     * vector among their full-depth vectors.
     *
     * @return false when the sample was taken under older settings than the window's, and so was not recorded
     */
    public synchronized boolean addSystem(long version, double nn10) {
        return add(version, system, nn10, 0, 0);
    }

    /**
     * A query degraded under load: its NN@10 and the θ it ran at.
     *
     * @return false when the sample was taken under older settings than the window's, and so was not recorded
     */
    public synchronized boolean addDegradedQuery(long version, double nn10, double theta) {
        return add(version, degradedQueries, nn10, theta, 0);
    }

    /**
     * A degraded query's system NN@10, as {@link #addSystem} for the model's θ.
     *
     * @return false when the sample was taken under older settings than the window's, and so was not recorded
     */
    public synchronized boolean addDegradedSystem(long version, double nn10) {
        return add(version, degradedSystem, nn10, 0, 0);
    }

    /**
     * The model's settings are now at this version: when that is newer than the window's samples, they are dropped, so
     * that a report read right after a settings change shows no figures of the old settings.
     */
    public synchronized void advance(long version) {
        accepts(version);
    }

    private boolean add(long version, Ring ring, double first, double second, int layer) {
        if (accepts(version) == false) {
            return false;
        }
        ring.add(first, second, layer);
        return true;
    }

    private boolean accepts(long version) {
        if (version < settingsVersion) {
            return false;
        }
        if (version > settingsVersion) {
            settingsVersion = version;
            queries.clear();
            documents.clear();
            system.clear();
            degradedQueries.clear();
            degradedSystem.clear();
        }
        return true;
    }

    private int checkedLayer(int exitLayer) {
        if (exitLayer < 1 || exitLayer > layers) {
            throw new IllegalArgumentException("exit layer " + exitLayer + " is outside [1, " + layers + "]");
        }
        return exitLayer;
    }

    public synchronized WindowStats stats() {
        long[] queryLayers = new long[layers];
        long[] documentLayers = new long[layers];
        double nnSum = 0;
        double nnSquares = 0;
        double qCosSum = 0;
        int fails = 0;
        for (int i = 0; i < queries.size; i++) {
            nnSum += queries.first[i];
            nnSquares += queries.first[i] * queries.first[i];
            qCosSum += queries.second[i];
            fails += queries.first[i] < NN10_FAIL_BELOW ? 1 : 0;
            queryLayers[queries.layer[i] - 1]++;
        }
        double dCosSum = 0;
        for (int i = 0; i < documents.size; i++) {
            dCosSum += documents.second[i];
            documentLayers[documents.layer[i] - 1]++;
        }
        int q = queries.size;
        int d = documents.size;
        return new WindowStats(settingsVersion, q, q == 0 ? 0 : nnSum / q, q == 0 ? 0 : nnSquares / q, q == 0 ? 0 : fails / (double) q,
            q == 0 ? 0 : qCosSum / q, queryLayers, d, d == 0 ? 0 : dCosSum / d, documentLayers, system.size, system.meanFirst(), system
                .meanFirstSquared());
    }

    /** The figures of the degraded queries, of the same settings version as {@link #stats()}. */
    public synchronized DegradedStats degraded() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < degradedQueries.size; i++) {
            min = Math.min(min, degradedQueries.second[i]);
            max = Math.max(max, degradedQueries.second[i]);
        }
        int n = degradedQueries.size;
        return new DegradedStats(n, degradedQueries.meanFirst(), degradedSystem.size, degradedSystem.meanFirst(), n == 0 ? 0 : min,
            n == 0 ? 0 : max);
    }

    /** A fixed-size ring of (first, second, layer) triples; the oldest is overwritten when full. */
    private static final class Ring {
        final double[] first;
        final double[] second;
        final int[] layer;
        int size;
        int next;

        Ring(int capacity) {
            first = new double[capacity];
            second = new double[capacity];
            layer = new int[capacity];
        }

        void add(double a, double b, int l) {
            first[next] = a;
            second[next] = b;
            layer[next] = l;
            next = (next + 1) % first.length;
            size = Math.min(size + 1, first.length);
        }

        void clear() {
            size = 0;
            next = 0;
        }

        /** The mean of the first values held, 0 when the ring is empty. */
        double meanFirst() {
            return meanFirst(v -> v);
        }

        /** The mean of the squares of the first values held (their spread, with {@link #meanFirst()}), 0 when empty. */
        double meanFirstSquared() {
            return meanFirst(v -> v * v);
        }

        private double meanFirst(DoubleUnaryOperator of) {
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += of.applyAsDouble(first[i]);
            }
            return size == 0 ? 0 : sum / size;
        }
    }
}

package org.leap.plugin.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The stats a user may ask for by name, as k-NN's {@code /_plugins/_knn/stats/{stat}} does. Cluster-level ones sit
 * beside {@code cluster_name}; node-level ones under {@code nodes.<id>}.
 */
public enum LeapStatName {
    /** Cluster: every model's theta, k, l_min and settings version. */
    MODEL_SETTINGS(true),
    /** Node: per model, its state, device and the device's reason, and per path (ingest, query) the full counters. */
    MODELS(false),
    INGEST_REQUESTS(false),
    INGEST_TEXTS(false),
    QUERY_REQUESTS(false),
    QUERY_TEXTS(false),
    TRUNCATED_TEXTS(false),
    ENCODE_ERRORS(false),
    /** Node: per model, the drift report of this node (NN@10 and cosine over the window, alarm, samples, theta changes). */
    DRIFT(false);

    private final boolean clusterLevel;

    LeapStatName(boolean clusterLevel) {
        this.clusterLevel = clusterLevel;
    }

    public boolean clusterLevel() {
        return clusterLevel;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param csv comma-separated stat names, or null/blank for all
     * @throws IllegalArgumentException naming the unknown ones and the valid ones
     */
    public static Set<LeapStatName> parse(String csv) {
        if (csv == null || csv.isBlank() || csv.equals("_all")) {
            return Set.of(values());
        }
        Set<LeapStatName> out = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (String part : csv.split(",")) {
            String name = part.trim();
            LeapStatName match = Arrays.stream(values()).filter(s -> s.key().equals(name)).findFirst().orElse(null);
            if (match == null) {
                unknown.add(name);
            } else {
                out.add(match);
            }
        }
        if (unknown.isEmpty() == false) {
            throw new IllegalArgumentException("unrecognized stats " + unknown + "; the stats are "
                + Arrays.stream(values()).map(LeapStatName::key).collect(Collectors.toList()));
        }
        return out;
    }
}

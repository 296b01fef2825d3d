package org.leap.plugin.rest;

/** The REST paths of the plugin, beside k-NN's {@code /_plugins/_knn} and neural-search's {@code /_plugins/_neural}. */
final class LeapRoutes {
    static final String BASE = "/_plugins/_leap";
    static final String MODELS = BASE + "/models";
    static final String TASKS = BASE + "/tasks";

    private LeapRoutes() {}
}

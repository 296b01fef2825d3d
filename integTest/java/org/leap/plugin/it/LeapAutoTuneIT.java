package org.leap.plugin.it;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The θ controller on the real node (the IT node decides every second from 20 fresh samples:
 * {@code plugins.leap.tune.interval}, {@code plugins.leap.tune.min_samples}), with real SciFact titles and claims and
 * the public bge-small-en-v1.5, every title and query sampled (the titles, ingested at full depth, fill the shadow
 * index, so the controller decides on the system NN@10): at θ 0.80 with a target its NN@10 bound cannot reach on 20
 * samples, θ goes up a step; at θ 0.99 with a low target, it goes down a step; under the calibrated exit policy at
 * calibration target 0.80 with a high target, the calibration target goes up a step. Each decision is in {@code _drift}
 * with its evidence, the new value in the model's settings, and both survive a restart of the node, as does the shadow
 * index.
 */
public class LeapAutoTuneIT extends LeapNodeTestCase {
    private static final int DOCS = 300;
    private static final int MIN_SAMPLES = 20;
    private static final String DRIFT = "/_plugins/_leap/models/" + PUBLIC_MODEL + "/_drift";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tuning() throws IOException {
        return (Map<String, Object>) call("GET", DRIFT, null).get("tuning");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> decisions() throws IOException {
        return (List<Map<String, Object>>) tuning().get("decisions");
    }

    /** What the shadow holds: documents and when they were added. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> shadow() throws IOException {
        Map<String, Object> shadow = (Map<String, Object>) ((Map<String, Object>) call("GET", DRIFT, null).get("cluster")).get("shadow");
        return Map.of("documents", shadow.get("documents"), "oldest", String.valueOf(shadow.get("oldest_added_in_millis")), "newest",
            String.valueOf(shadow.get("newest_added_in_millis")));
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    /**
     * Sends the claims as {@code leap_neural} queries, round and round, until the controller has taken one more decision
     * than {@code before}; then turns it off, so that the queries in flight cannot bring another.
     */
    private static Map<String, Object> nextDecision(List<Map<String, Object>> claims, int before) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        for (int i = 0; decisions().size() == before; i++) {
            assertTrue("no decision 5 minutes after auto_tune went on: " + tuning() + " " + call("GET", DRIFT, null).get("cluster"),
                System.nanoTime() < deadline);
            for (Map<String, Object> claim : claims.subList(i * 5 % claims.size(), i * 5 % claims.size() + 5)) {
                call("POST", "/autotune/_search", """
                    {"size": 10, "_source": false, "query": {"leap_neural": {"vec": {"query_text": %s, "model_id": "%s", "k": 10}}}}"""
                    .formatted(json(claim.get("text")), PUBLIC_MODEL));
            }
        }
        setSettings(PUBLIC_MODEL, "{\"auto_tune\": false}");
        List<Map<String, Object>> all = decisions();
        assertEquals("one decision from one window: " + all, before + 1, all.size());
        return all.get(before);
    }

    /** What every decision carries: a window of at least the minimum of fresh samples, measured at the settings in force. */
    private static void assertEvidence(Map<String, Object> decision, double oldTheta, Number windowVersion) {
        assertEquals(decision.toString(), oldTheta, number(decision, "old_theta"), 0);
        assertTrue(decision.toString(), number(decision, "samples") >= MIN_SAMPLES);
        double nn10 = number(decision, "nn10_mean");
        double bound = number(decision, "nn10_lower_bound");
        assertTrue(decision.toString(), 0 <= bound && bound < nn10 && nn10 <= 1);
        double layers = number(decision, "mean_exit_layer");
        assertTrue(decision.toString(), layers >= 6 && layers <= LAYERS);
        assertEquals(decision.toString(), windowVersion.longValue(), ((Number) decision.get("window_settings_version")).longValue());
        assertTrue(decision.toString(), decision.get("time") instanceof String);
        assertEquals(decision.toString(), "system", decision.get("measure"));
    }

    @SuppressWarnings("unchecked")
    public void testRaisesThetaShortOfTheTargetLowersItWithRoomAndKeepsItsDecisionsOverARestart() throws Exception {
        List<Map<String, Object>> claims = jsonLines("samples/scifact/queries-train-in-subset.jsonl", 50);
        createIndexAndPipeline("autotune", "leap-autotune", "title", PUBLIC_MODEL);
        try {
            setSettings(PUBLIC_MODEL, "{\"drift.sample_rate\": 1.0}");
            indexTitles("autotune", "leap-autotune", DOCS);
            // θ 0.80, target 0.99: NN@10 there is about 0.3, its mean already short of the target, so θ goes up at once
            int before = decisions().size();
            setSettings(PUBLIC_MODEL, "{\"theta\": 0.80, \"k\": 1, \"l_min\": 6, \"drift.sample_rate\": 1.0, \"target_nn10\": 0.99,"
                + " \"auto_tune\": true}");
            Number version = (Number) modelSettings(PUBLIC_MODEL).get("version");
            assertEquals(Map.of("auto_tune", true, "target_nn10", 0.99), Map.of("auto_tune", tuning().get("auto_tune"), "target_nn10",
                tuning().get("target_nn10")));
            Map<String, Object> up = nextDecision(claims, before);
            logger.info("decision at θ 0.80, target 0.99: {}", up);
            assertEquals(up.toString(), "up", up.get("action"));
            assertEvidence(up, 0.80, version);
            assertEquals(up.toString(), 0.81, number(up, "new_theta"), 0);
            assertTrue(up.toString(), number(up, "nn10_lower_bound") < 0.99);
            assertTrue(up.toString(), ((String) up.get("reason")).contains("below the target 0.99"));
            Map<String, Object> settings = modelSettings(PUBLIC_MODEL);
            assertEquals(0.81, number(settings, "theta"), 0);
            assertEquals("the change is a settings update like one by hand", number(up, "settings_version"), number(settings, "version")
                - 1, 0);
            Map<String, Object> controller = (Map<String, Object>) tuning().get("controller");
            assertEquals(controller.toString(), "up", controller.get("last_move"));
            assertEquals(controller.toString(), List.of(Map.of("theta", 0.8, "decision", ((Number) controller.get("decisions")).intValue())),
                controller.get("failed"));

            // θ 0.99, target 0.5: the bound clears it by far more than the margin, so θ goes down, to a cheaper exit
            before = decisions().size();
            setSettings(PUBLIC_MODEL, "{\"theta\": 0.99, \"target_nn10\": 0.5, \"auto_tune\": true}");
            version = (Number) modelSettings(PUBLIC_MODEL).get("version");
            Map<String, Object> down = nextDecision(claims, before);
            logger.info("decision at θ 0.99, target 0.5: {}", down);
            assertEquals(down.toString(), "down", down.get("action"));
            assertEvidence(down, 0.99, version);
            assertEquals(down.toString(), 0.98, number(down, "new_theta"), 0);
            assertTrue(down.toString(), number(down, "nn10_lower_bound") >= 0.52);
            assertEquals(0.98, number(modelSettings(PUBLIC_MODEL), "theta"), 0);
            assertEquals("another target starts a fresh controller", List.of(), ((Map<String, Object>) tuning().get("controller")).get(
                "failed"));

            // the calibrated policy, calibration target 0.80, target 0.99: layer 11's threshold lets most queries out there,
            // short of the target, so the controller raises the calibration target, as it raises θ under the global policy
            before = decisions().size();
            setSettings(PUBLIC_MODEL, "{\"exit_policy\": \"calibrated\", \"calibration_target\": 0.80, \"target_nn10\": 0.99,"
                + " \"auto_tune\": true}");
            version = (Number) modelSettings(PUBLIC_MODEL).get("version");
            Map<String, Object> calibrated = nextDecision(claims, before);
            logger.info("decision at calibration target 0.80, target 0.99: {}", calibrated);
            assertEquals(calibrated.toString(), "calibration_target", calibrated.get("setting"));
            assertEquals(calibrated.toString(), "up", calibrated.get("action"));
            assertEquals(calibrated.toString(), 0.80, number(calibrated, "old_calibration_target"), 0);
            assertEquals(calibrated.toString(), 0.81, number(calibrated, "new_calibration_target"), 0);
            assertEquals(calibrated.toString(), version.longValue(), ((Number) calibrated.get("window_settings_version")).longValue());
            assertTrue(calibrated.toString(), number(calibrated, "mean_exit_layer") < LAYERS);
            Map<String, Object> calibratedSettings = modelSettings(PUBLIC_MODEL);
            assertEquals(0.81, number(calibratedSettings, "calibration_target"), 0);
            assertEquals("θ stays where it was", 0.98, number(calibratedSettings, "theta"), 0);

            Map<String, Object> kept = tuning();
            Map<String, Object> shadow = shadow();
            assertTrue(shadow.toString(), ((Number) shadow.get("documents")).intValue() >= DOCS);
            restartNode();
            assertEquals("the controller's state and decisions are in cluster state", kept, tuning());
            assertEquals("the shadow index is committed on close and opened again", shadow, shadow());
            assertEquals(0.81, number(modelSettings(PUBLIC_MODEL), "calibration_target"), 0);
        } finally {
            setSettings(PUBLIC_MODEL, "{\"theta\": 0.95, \"k\": 1, \"l_min\": 6, \"auto_tune\": false, \"target_nn10\": 0.9,"
                + " \"exit_policy\": \"global\", \"calibration_target\": null,"
                + " \"drift\": {\"sample_rate\": 0.01, \"auto_raise_theta\": false}}");
        }
    }
}

package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** Each loss term on small hand-computed cases: its value, and that a gradient step moves it the right way. */
class LeapLossTests extends NDArrayTestCase {
    private static final double EPS = 1e-5;

    @Test
    void testFinalTermIsOneMinusMeanCosine() {
        LeapLoss loss = loss("{}", 2, 2);
        // cos([1,0],[0,1]) = 0, cos([1,1],[1,0]) = 1/sqrt(2)
        NDArray s = rows(new float[][] { { 1, 0 }, { 1, 1 } });
        NDArray t = rows(new float[][] { { 0, 1 }, { 1, 0 } });
        assertEquals(1 - (0 + 1 / Math.sqrt(2)) / 2, loss.finalTerm(s, t).getFloat(), EPS);
        assertDescends(x -> loss.finalTerm(x, t), s);
    }

    @Test
    void testInterMapsStudentLayersUniformlyOntoTeacherLayers() {
        LeapLoss uniform = loss("{}", 6, 12);
        assertEquals(List.of(2, 4, 6, 8, 10, 12), List.of(1, 2, 3, 4, 5, 6).stream().map(uniform::teacherLayer).toList());
        LeapLoss halfDepth = loss("{}", 12, 6);
        assertEquals(1, halfDepth.teacherLayer(1));
        assertEquals(4, halfDepth.teacherLayer(7), "round(7 * 6 / 12) = round(3.5) = 4");
        LeapLoss toFinal = loss("{\"inter_map\": \"final\", \"late_layers\": [4, 5]}", 6, 12);
        assertEquals(List.of(2, 4, 6, 12, 12), List.of(1, 2, 3, 4, 5).stream().map(toFinal::teacherLayer).toList());
    }

    @Test
    void testInterAveragesIntermediateLayersAgainstMappedTeacherLayers() {
        LeapLoss loss = loss("{\"late_layers\": [2], \"exit_layer_weights\": {}}", 3, 3);
        List<NDArray> student = List.of(rows(new float[][] { { 1, 0 } }), rows(new float[][] { { 1, 1 } }), rows(new float[][] { { 0, 1 } }));
        List<NDArray> teacher = List.of(rows(new float[][] { { 0, 1 } }), rows(new float[][] { { 1, 0 } }), rows(new float[][] { { 5, 5 } }));
        // layers 1 and 2 only: (1 - 0) and (1 - 1/sqrt 2); the final layer is L_final's
        assertEquals((1 + (1 - 1 / Math.sqrt(2))) / 2, loss.inter(student, teacher, null).getFloat(), EPS);
    }

    @Test
    void testExitMarginIsWeightedSigmoidOfTauMinusCosine() {
        LeapLoss loss = loss("{\"exit_layer_weights\": {\"2\": 3}, \"exit_other_layer_weight\": 1, \"late_layers\": [2]}", 3, 3);
        NDArray target = rows(new float[][] { { 1, 0 } });
        // layer 1 at cos 0, layer 2 at cos 0.6 (vector (0.6, 0.8))
        List<NDArray> exits = List.of(rows(new float[][] { { 0, 1 } }), rows(new float[][] { { 0.6f, 0.8f } }));
        double expected = (1 * sigmoid(10 * (0.98 - 0)) + 3 * sigmoid(10 * (0.98 - 0.6))) / 4;
        assertEquals(expected, loss.exitMargin(exits, target, null).getFloat(), EPS);
        NDArray layer2 = exits.get(1);
        assertDescends(x -> loss.exitMargin(List.of(exits.get(0), x), target, null), layer2);
    }

    @Test
    void testStudentExitRampsInBetweenTenAndSixtyPercent() {
        LeapLoss loss = loss("{}", 12, 12);
        assertEquals(0, loss.ramp(0.05), EPS);
        assertEquals(0.5, loss.ramp(0.35), EPS);
        assertEquals(1, loss.ramp(0.9), EPS);
    }

    @Test
    void testStudentExitTermSendsNoGradientToTheFinalLayer() {
        // only L_exit is on, the teacher target is constant: any gradient at s_L could only leak through the student target
        LeapLoss loss = loss("{\"final_weight\": 0, \"alpha\": 0, \"delta\": 0, \"epsilon\": 0, \"gamma\": 0, "
            + "\"exit_layer_weights\": {}}", 3, 3);
        List<NDArray> student = new ArrayList<>(List.of(rows(new float[][] { { 1, 0.2f }, { 0.3f, 1 } }),
            rows(new float[][] { { 1, 1 }, { 0.5f, 1 } }), rows(new float[][] { { 0.2f, 1 }, { 1, 0.1f } })));
        student.forEach(a -> a.setRequiresGradient(true));
        TeacherEmbeddings teacher = TeacherEmbeddings.ofFinal(rows(new float[][] { { 1, 0 }, { 0, 1 } }));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            LeapLoss.Value value = loss.compute(student, teacher, 1.0, null);
            assertTrue(value.terms().get("exit_s") > 0.1, "the student-target part is on at full ramp: " + value.terms());
            collector.backward(value.total());
        }
        assertEquals(0, maxAbs(student.get(2).getGradient()), 0, "no gradient reaches s_L");
        assertTrue(maxAbs(student.get(0).getGradient()) > 1e-4, "exit layers do get a gradient");
    }

    @Test
    void testContrastMatchesMaskedKlByHandAndFallsWithAGradientStep() {
        LeapLoss loss = loss("{\"contrast_temperature\": 0.5}", 2, 2);
        float[][] s = { { 1, 0 }, { 0.8f, 0.6f }, { 0, 1 } };
        float[][] t = { { 1, 0 }, { 0, 1 }, { 0.6f, 0.8f } };
        assertEquals(maskedKl(s, t, 0.5), loss.contrast(rows(s), rows(t)).getFloat(), 1e-5);
        assertEquals(0, loss.contrast(rows(t), rows(t)).getFloat(), 1e-6, "identical similarity structure: no divergence");
        NDArray teacher = rows(t);
        assertDescends(x -> loss.contrast(x, teacher), rows(s));
    }

    @Test
    void testContrastOfOneRowIsZero() {
        LeapLoss loss = loss("{}", 2, 2);
        assertEquals(0, loss.contrast(rows(new float[][] { { 1, 0 } }), rows(new float[][] { { 0, 1 } })).getFloat(), 0);
    }

    @Test
    void testLateIsSquareRootOfCosineDistanceToOwnFinal() {
        LeapLoss loss = loss("{\"late_layers\": [1, 2], \"exit_layer_weights\": {}}", 3, 3);
        List<NDArray> student = List.of(rows(new float[][] { { 0, 1 } }), rows(new float[][] { { 0.6f, 0.8f } }),
            rows(new float[][] { { 1, 0 } }));
        double expected = (Math.sqrt(1 - 0 + 1e-6) + Math.sqrt(1 - 0.6 + 1e-6)) / 2;
        assertEquals(expected, loss.late(student).getFloat(), EPS);
        assertDescends(x -> loss.late(List.of(student.get(0), x, student.get(2))), student.get(1));
    }

    @Test
    void testStopGradFinalTargetKeepsLateTermOffTheFinalLayer() {
        String terms = "\"final_weight\": 0, \"alpha\": 0, \"beta\": 0, \"delta\": 0, \"gamma\": 0, \"late_layers\": [1]";
        assertTrue(finalLayerGradient(loss("{" + terms + "}", 2, 2)) > 1e-4, "without stop-grad L_late pulls on s_L");
        assertEquals(0, finalLayerGradient(loss("{" + terms + ", \"stop_grad_final_target\": true}", 2, 2)), 0);
    }

    private double finalLayerGradient(LeapLoss loss) {
        List<NDArray> student = List.of(rows(new float[][] { { 1, 0.3f }, { 0.2f, 1 } }), rows(new float[][] { { 0.1f, 1 }, { 1, 1 } }));
        student.forEach(a -> a.setRequiresGradient(true));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(loss.compute(student, TeacherEmbeddings.ofFinal(rows(new float[][] { { 1, 0 }, { 0, 1 } })), 0, null).total());
        }
        return maxAbs(student.get(1).getGradient());
    }

    @Test
    void testRedundancyPushesAdjacentLayersApartOnlyUpToTheClamp() {
        LeapLoss loss = loss("{\"redundancy_clamp\": 0.5, \"late_layers\": [1], \"exit_layer_weights\": {}}", 3, 3);
        // normalised distances: |(1,0) - (0.96,0.28)| = 0.2828..., |(0.96,0.28) - (0,1)| = 1.2 -> clamped to 0.5
        List<NDArray> student = new ArrayList<>(List.of(rows(new float[][] { { 1, 0 } }), rows(new float[][] { { 0.96f, 0.28f } }),
            rows(new float[][] { { 0, 1 } })));
        double near = Math.sqrt(0.04 * 0.04 + 0.28 * 0.28);
        assertEquals(-(near + 0.5) / 2, loss.redundancy(student).getFloat(), EPS);
        student.forEach(a -> a.setRequiresGradient(true));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(loss.redundancy(student));
        }
        assertEquals(0, maxAbs(student.get(2).getGradient()), 0, "a pair beyond the clamp is left alone");
        assertTrue(maxAbs(student.get(0).getGradient()) > 1e-4, "a close pair is pushed apart");
    }

    @Test
    void testDirectSumsWeightedDistancesToTeacherFinal() {
        LeapLoss loss = loss("{\"direct\": 1, \"direct_layer_weights\": {\"1\": 1, \"2\": 0.5}, \"late_layers\": [1], "
            + "\"exit_layer_weights\": {}}", 3, 3);
        List<NDArray> student = List.of(rows(new float[][] { { 0, 1 } }), rows(new float[][] { { 0.6f, 0.8f } }),
            rows(new float[][] { { 1, 0 } }));
        NDArray teacherFinal = rows(new float[][] { { 1, 0 } });
        assertEquals(1 * (1 - 0) + 0.5 * (1 - 0.6), loss.direct(student, teacherFinal, null).getFloat(), EPS);
        assertDescends(x -> loss.direct(List.of(x, student.get(1), student.get(2)), teacherFinal, null), student.get(0));
    }

    @Test
    void testFollowPullsTheFinalLayerTowardTheExitLayerAndNeverTheReverse() {
        LeapLoss loss = loss("{\"final_weight\": 0, \"alpha\": 0, \"beta\": 0, \"delta\": 0, \"epsilon\": 0, \"gamma\": 0, "
            + "\"final_follow\": 1, \"final_follow_layer\": 1}", 3, 3);
        List<NDArray> student = new ArrayList<>(List.of(rows(new float[][] { { 0.6f, 0.8f }, { 0, 1 } }),
            rows(new float[][] { { 1, 1 }, { 1, 1 } }), rows(new float[][] { { 1, 0 }, { 0, 2 } })));
        // cos((1,0), (0.6,0.8)) = 0.6, cos((0,2), (0,1)) = 1: 1 - mean = 0.2
        assertEquals(0.2, loss.follow(student).getFloat(), EPS);
        assertDescends(x -> loss.follow(List.of(student.get(0), student.get(1), x)), student.get(2));
        student.forEach(a -> a.setRequiresGradient(true));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            LeapLoss.Value value = loss.compute(student, TeacherEmbeddings.ofFinal(rows(new float[][] { { 1, 0 }, { 0, 1 } })), 0.5, null);
            assertEquals(0.2, value.terms().get("follow"), EPS);
            collector.backward(value.total());
        }
        assertEquals(0, maxAbs(student.get(0).getGradient()), 0, "the exit layer is only a target");
        assertTrue(maxAbs(student.get(2).getGradient()) > 1e-4, "the final layer moves");
    }

    @Test
    void testTotalWeighsEnabledTermsAndLeavesZeroWeightTermsOut() {
        LeapLoss loss = loss("{\"alpha\": 0, \"beta\": 0, \"delta\": 0, \"epsilon\": 0, \"gamma\": 0, \"final_weight\": 2, "
            + "\"direct\": 0.5, \"direct_layer_weights\": {\"1\": 1}}", 2, 2);
        List<NDArray> student = List.of(rows(new float[][] { { 0, 1 } }), rows(new float[][] { { 1, 1 } }));
        LeapLoss.Value value = loss.compute(student, TeacherEmbeddings.ofFinal(rows(new float[][] { { 1, 0 } })), 0.5, null);
        Map<String, Float> terms = value.terms();
        assertEquals(List.of("loss", "final", "direct", "cos_final"), List.copyOf(terms.keySet()));
        double fin = 1 - 1 / Math.sqrt(2);
        assertEquals(2 * fin + 0.5 * 1, value.total().getFloat(), EPS);
        assertFalse(terms.containsKey("contrast"));
    }

    @Test
    void testWidthProjectionMapsStudentIntoTeacherSpaceAndLearns() {
        LeapLoss loss = loss("{\"alpha\": 0, \"beta\": 0, \"epsilon\": 0, \"gamma\": 0}", 2, 2);
        List<NDArray> student = List.of(rows(new float[][] { { 1, 0, 0 }, { 0, 1, 0 } }), rows(new float[][] { { 1, 0, 0 }, { 0, 0, 1 } }));
        NDArray projection = manager.create(new float[] { 1, 0, 0, 1, 1, 0 }, new Shape(3, 2));
        TeacherEmbeddings teacher = TeacherEmbeddings.ofFinal(rows(new float[][] { { 0, 1 }, { 1, 0 } }));
        // projected finals: (1,0) and (1,0) against (0,1) and (1,0): cos 0 and 1
        assertEquals(0.5, loss.compute(student, teacher, 0, projection).terms().get("final"), EPS);
        assertDescends(p -> loss.compute(student, teacher, 0, p).total(), projection);
    }

    // --- helpers

    /** The paper's layer defaults assume 12 layers; these tiny students weigh every exit layer 1 and use layer 1 as late. */
    private LeapLoss loss(String json, int studentLayers, int teacherLayers) {
        try {
            ObjectNode node = (ObjectNode) new ObjectMapper().readTree(json);
            if (node.has("exit_layer_weights") == false) {
                node.putObject("exit_layer_weights");
            }
            if (node.has("late_layers") == false) {
                node.putArray("late_layers").add(1);
            }
            return new LeapLoss(LeapLossConfig.fromJson(node), studentLayers, teacherLayers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** KL(P_s || P_t) over rows of in-batch cosine similarities / temperature, diagonal excluded, mean over rows. */
    private static double maskedKl(float[][] s, float[][] t, double temperature) {
        int n = s.length;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] ps = softmaxWithoutSelf(s, i, temperature);
            double[] pt = softmaxWithoutSelf(t, i, temperature);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    total += ps[j] * Math.log(ps[j] / pt[j]);
                }
            }
        }
        return total / n;
    }

    private static double[] softmaxWithoutSelf(float[][] x, int i, double temperature) {
        int n = x.length;
        double[] logits = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            if (j != i) {
                logits[j] = Math.exp(cos(x[i], x[j]) / temperature);
                sum += logits[j];
            }
        }
        for (int j = 0; j < n; j++) {
            logits[j] /= sum;
        }
        return logits;
    }

    private static double cos(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < a.length; k++) {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return dot / Math.sqrt(na * nb);
    }
}

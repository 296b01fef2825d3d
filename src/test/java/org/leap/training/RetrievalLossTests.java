package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextTokenizer;

/** The retrieval terms on hand-computed cases, their config's checks, and the pseudo-query draw. */
class RetrievalLossTests extends NDArrayTestCase {
    private static final double EPS = 1e-5;

    @Test
    void testRankIsZeroWhenTheStudentRanksAsTheTeacherAndMatchesTheKlByHand() {
        RetrievalLoss loss = loss("{\"rank_layer_weights\": {\"3\": 1}, \"rank_temperature\": 1}", 3);
        NDArray passages = rows(new float[][] { { 1, 0 }, { 0, 1 } });
        NDArray teacher = rows(new float[][] { { 1, 0 } });
        assertEquals(0, loss.rank(teacher, teacher, passages).getFloat(), EPS);
        // teacher scores (1, 0), student scores (0, 1): KL(p_t || p_s) = sum p_t (log p_t - log p_s)
        double[] pt = softmax(1, 0);
        double[] ps = softmax(0, 1);
        double kl = pt[0] * Math.log(pt[0] / ps[0]) + pt[1] * Math.log(pt[1] / ps[1]);
        NDArray student = rows(new float[][] { { 0, 1 } });
        assertEquals(kl, loss.rank(student, teacher, passages).getFloat(), EPS);
        assertDescends(x -> loss.rank(x, teacher, passages), rows(new float[][] { { 0.2f, 1 } }));
    }

    @Test
    void testCalibrationChargesLayersThatAgreeWhileFarFromTheFinalOne() {
        RetrievalLoss loss = loss("{\"calibration\": 1, \"calibration_min_layer\": 2, \"calibration_theta\": 0.9}", 3);
        // layers 1 and 2 agree (cos 1: the rule would exit at 2) but layer 2 is orthogonal to the final layer
        List<NDArray> converged = List.of(rows(new float[][] { { 1, 0 } }), rows(new float[][] { { 1, 0 } }),
            rows(new float[][] { { 0, 1 } }));
        double exits = 1 / (1 + Math.exp(-50 * (1 - 0.9)));
        assertEquals(exits * 1.0, loss.calibration(converged).getFloat(), EPS);
        // layer 2 moves away from layer 1 (cos 0): the rule would not exit, nothing to charge
        List<NDArray> moving = List.of(rows(new float[][] { { 0, 1 } }), rows(new float[][] { { 1, 0 } }),
            rows(new float[][] { { 0, 1 } }));
        assertTrue(loss.calibration(moving).getFloat() < 1e-9);
        // where the exited layer is the final vector, nothing to charge either
        List<NDArray> honest = List.of(rows(new float[][] { { 1, 0 } }), rows(new float[][] { { 1, 0 } }),
            rows(new float[][] { { 1, 0 } }));
        assertEquals(0, loss.calibration(honest).getFloat(), EPS);
    }

    @Test
    void testCalibrationSendsNoGradientToTheFinalLayer() {
        RetrievalLoss loss = loss("{\"calibration\": 1, \"calibration_min_layer\": 2}", 3);
        List<NDArray> layers = List.of(rows(new float[][] { { 1, 0.1f } }), rows(new float[][] { { 1, 0 } }),
            rows(new float[][] { { 0.3f, 1 } }));
        layers.forEach(a -> a.setRequiresGradient(true));
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(loss.calibration(layers));
        }
        assertTrue(maxAbs(layers.get(1).getGradient()) > 1e-6, "the exit layer is moved");
        assertEquals(0, maxAbs(layers.get(2).getGradient()), 0, "the final layer is only a target");
    }

    @Test
    void testComputeWeighsTheQueryTermsAndSkipsThemWithoutQueries() {
        RetrievalLoss loss = loss("{\"final_weight\": 2, \"direct_layer_weights\": {\"2\": 3}, \"calibration\": 0}", 3);
        NDArray target = rows(new float[][] { { 1, 0 } });
        List<NDArray> queries = List.of(rows(new float[][] { { 1, 1 } }), rows(new float[][] { { 0, 1 } }),
            rows(new float[][] { { 1, 1 } }));
        RetrievalLoss.Value value = loss.compute(queries, target, queries, target);
        double finalTerm = 1 - 1 / Math.sqrt(2);
        assertEquals(finalTerm, value.terms().get("q_final"), EPS);
        assertEquals(1.0, value.terms().get("q_direct_2"), EPS);
        assertEquals(2 * finalTerm + 3 * 1.0, value.total().getFloat(), EPS);
        RetrievalLoss.Value none = loss.compute(queries, target, null, null);
        assertNull(none.total());
        assertTrue(none.terms().isEmpty());
    }

    @Test
    void testConfigRejectsLayersTheStudentLacksUnknownKeysAndAllZeroWeights() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> loss("{\"direct_layer_weights\": {\"12\": 1}}", 12));
        assertEquals("[retrieval.direct_layer_weights] names layer 12, but the student's exits are at layers 1..11", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss("{\"rank_layer_weights\": {\"13\": 1}}", 12));
        assertEquals("[retrieval.rank_layer_weights] names layer 13, but the student has 12 layers", e.getMessage());
        loss("{\"rank_layer_weights\": {\"12\": 1}}", 12);
        e = assertThrows(IllegalArgumentException.class, () -> loss("{\"final_weight\": 1, \"rank_temprature\": 1}", 12));
        assertTrue(e.getMessage().contains("rank_temprature"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss("{}", 12));
        assertEquals("[retrieval] is present but every weight in it is 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loss("{\"calibration\": 1, \"calibration_theta\": 1.5}", 12));
        assertEquals("[retrieval.calibration_theta] must be in (0, 1], got 1.5", e.getMessage());
    }

    @Test
    void testASentenceOfTheRightLengthIsDrawnOrTheFirstWordsWhenThereIsNone() {
        String text = "Short one. This sentence has exactly seven words here. " + "word ".repeat(50).strip() + ". Tail.";
        for (int seed = 0; seed < 10; seed++) {
            assertEquals("This sentence has exactly seven words here.", PseudoQueries.sentenceOf(text, new Random(seed)));
        }
        String noSentence = "a ".repeat(60).strip();
        assertEquals("a ".repeat(PseudoQueries.FALLBACK_WORDS).strip(), PseudoQueries.sentenceOf(noSentence, new Random(1)));
    }

    @Test
    void testDrawIsTheSameForTheSameStepAndTakesOnlyLongTexts() {
        ModelCatalog catalog = ModelCatalog.shipped();
        ModelDescriptor bge = catalog.descriptor("bge-small-en-v1.5");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            texts.add("Passage " + i + " starts here. It says something about topic number " + i + " at length. "
                + "It then adds a third sentence with more words about " + i + ".");
        }
        texts.add("A short text.");
        int[] lengths = { 60, 60, 60, 60, 60, 60, 4 };
        RetrievalTerms terms = RetrievalTerms.fromJson(json("{\"final_weight\": 1, \"max_queries\": 4}")).checkedFor(12);
        try (PseudoQueries queries = new PseudoQueries(texts, lengths, terms, 7, new TextTokenizer(catalog.tokenizer(bge), 64), "",
            null, "")) {
            int[] rows = { 0, 1, 2, 3, 4, 5, 6 };
            PseudoQueries.Drawn a = queries.draw(rows, 11);
            PseudoQueries.Drawn b = queries.draw(rows, 11);
            assertNotNull(a);
            assertEquals(4, a.sources().length);
            assertTrue(Arrays.stream(a.sources()).allMatch(r -> r < 6), "the short text gives no query");
            assertEquals(Arrays.toString(a.sources()), Arrays.toString(b.sources()));
            assertEquals(a.texts(), b.texts());
            assertTrue(a.teacher() == a.student(), "one tokenizer: one tokenization");
            for (int i = 0; i < a.texts().size(); i++) {
                assertTrue(texts.get(a.sources()[i]).contains(a.texts().get(i)));
            }
            assertNull(queries.draw(new int[] { 0, 6 }, 11), "one long text is no batch of queries");
        }
    }

    private RetrievalLoss loss(String json, int layers) {
        return new RetrievalLoss(RetrievalTerms.fromJson(json(json)), layers);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static double[] softmax(double a, double b) {
        double ea = Math.exp(a);
        double eb = Math.exp(b);
        return new double[] { ea / (ea + eb), eb / (ea + eb) };
    }

}

package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leap.encoder.djl.BertNetwork;
import org.leap.encoder.djl.DjlEngine;
import org.leap.model.ModelDescriptor;

/**
 * The teacher cache stands in for the teacher's forward pass: a hit gives the loss a fresh forward gives, a resumed
 * session reads what an earlier one saved, and vectors made under another teacher or tokenizer are refused.
 */
class TeacherCacheTests {
    private static final ModelDescriptor TINY = new ModelDescriptor("tiny", null,
        new ModelDescriptor.Source(null, "none.onnx", null, "none.json", null), 2, 4, 2, 16, "mean", "mean", "", "", null);
    private static final List<String> TEXTS = List.of("a short one", "a somewhat longer text here", "three", "a fourth");
    private static final long[][] TOKENS = { { 1, 2, 3 }, { 1, 5, 6, 7, 8, 9 }, { 1, 7 }, { 1, 4, 2, 3 } };
    private static final TeacherCache.Key KEY = new TeacherCache.Key("tiny", "aa11", "bb22", "", 16, 4);

    @TempDir
    Path dir;

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu(), DjlEngine.pytorch().getEngineName());
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void testCacheHitGivesTheLossOfAFreshTeacherForward() throws Exception {
        LeapLoss loss = new LeapLoss(LeapLossConfig.fromJson(new ObjectMapper().readTree("""
            {"alpha": 0, "exit_layer_weights": {}, "late_layers": [1], "direct": 1, "direct_layer_weights": {"1": 1},
             "exit_contrast": 0.5, "exit_contrast_layer": 1}""")), 2, 2);
        int[] rows = { 0, 1, 2, 3 };
        Path folder = dir.resolve("teacher-cache");
        try (BertNetwork student = BertNetwork.create(TINY, AutogradSafetyTests.randomWeights(1), manager, Device.cpu());
             BertNetwork teacherNet = BertNetwork.create(TINY, AutogradSafetyTests.randomWeights(2), manager, Device.cpu());
             BertNetwork otherNet = BertNetwork.create(TINY, AutogradSafetyTests.randomWeights(3), manager, Device.cpu());
             NDManager batch = manager.newSubManager()) {
            var pooled = PooledForward.run(student, TOKENS, rows, batch);
            TeacherEmbeddings fresh;
            try (Autograd.Paused ignored = Autograd.paused()) {
                fresh = TeacherEmbeddings.ofLayers(PooledForward.run(teacherNet, TOKENS, rows, batch));
            }
            float expected = loss.compute(pooled, fresh, 0.5, null).terms().get("loss");

            // first session: rows 1 and 3 come from an earlier batch, then the full batch fills in 0 and 2
            TeacherCache first = TeacherCache.open(folder, KEY, TEXTS);
            Teacher computing = new Teacher(teacherNet, TOKENS, first);
            computing.embed(new int[] { 1, 3 }, batch);
            float missesFilled = loss.compute(pooled, computing.embed(rows, batch), 0.5, null).terms().get("loss");
            assertEquals(expected, missesFilled, 1e-5f);
            assertNotNull(computing.saveCache());
            assertNull(computing.saveCache(), "nothing new, nothing written");

            // resumed session: the cache answers every row, so a teacher with other weights is never run
            TeacherCache resumed = TeacherCache.open(folder, KEY, TEXTS);
            assertEquals(4, resumed.size());
            float hit = loss.compute(pooled, new Teacher(otherNet, TOKENS, resumed).embed(rows, batch), 0.5, null)
                .terms().get("loss");
            assertEquals(expected, hit, 1e-6f);
        }
    }

    @Test
    void testSameTextOnTwoRowsSharesOneEntry() {
        TeacherCache cache = TeacherCache.inMemory(KEY, List.of("same", "other", "same"));
        cache.put(0, new float[] { 1, 2, 3, 4 });
        assertEquals(1, cache.size());
        assertEquals(2f, cache.get(2)[1]);
        assertNull(cache.get(1));
        assertNull(cache.save(), "an in-memory cache writes nothing");
    }

    @Test
    void testRefusesACacheOfAnotherTeacherOrTokenizer() {
        Path folder = dir.resolve("teacher-cache");
        TeacherCache cache = TeacherCache.open(folder, KEY, TEXTS);
        cache.put(0, new float[] { 1, 2, 3, 4 });
        cache.save();

        String tokenizer = assertThrows(IllegalArgumentException.class, () -> TeacherCache.open(folder,
            new TeacherCache.Key("tiny", "aa11", "cc33", "", 16, 4), TEXTS)).getMessage();
        assertTrue(tokenizer.contains("tokenizer_sha256 [bb22], this run [cc33]") && tokenizer.contains("delete " + folder),
            tokenizer);
        String teacher = assertThrows(IllegalArgumentException.class, () -> TeacherCache.open(folder,
            new TeacherCache.Key("other", "dd44", "bb22", "", 16, 4), TEXTS)).getMessage();
        assertTrue(teacher.contains("teacher [tiny], this run [other]") && teacher.contains("weights_sha256 [aa11]"), teacher);
        String limit = assertThrows(IllegalArgumentException.class, () -> TeacherCache.open(folder,
            new TeacherCache.Key("tiny", "aa11", "bb22", "", 256, 4), TEXTS)).getMessage();
        assertTrue(limit.contains("max_tokens [16], this run [256]"), limit);
    }
}

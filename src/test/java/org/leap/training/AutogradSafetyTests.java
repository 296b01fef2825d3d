package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.leap.encoder.djl.BertNetwork;
import org.leap.encoder.djl.DjlEngine;
import org.leap.model.BertWeights;
import org.leap.model.ModelDescriptor;
import org.leap.model.Tensor;

/**
 * Gradients through the network and every loss term must not depend on when the garbage collector runs. DJL backs
 * tensors made from Java numbers with direct buffers; if autograd keeps such a tensor for backward and the buffer is
 * collected first, backward reads freed memory. A real bge-small run hit NaN gradients at step 19 this way.
 */
class AutogradSafetyTests {
    private static final ModelDescriptor TINY = new ModelDescriptor("tiny", null,
        new ModelDescriptor.Source(null, "none.onnx", null, "none.json", null), 2, 4, 2, 16, "mean", "mean", "", "", null);
    private static final long[][] TOKENS = { { 1, 2, 3, 4 }, { 1, 5, 6 }, { 1, 7, 8, 9 } };

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
    void testGradientsDoNotChangeWhenGarbageIsCollectedBeforeBackward() throws Exception {
        LeapLoss loss = new LeapLoss(LeapLossConfig.fromJson(new ObjectMapper().readTree("""
            {"exit_layer_weights": {}, "late_layers": [1], "direct": 1, "direct_layer_weights": {"1": 1},
             "exit_contrast": 0.5, "exit_contrast_layer": 1}""")), 2, 2);
        try (BertNetwork student = BertNetwork.create(TINY, randomWeights(1), manager, Device.cpu());
             BertNetwork teacher = BertNetwork.create(TINY, randomWeights(2), manager, Device.cpu())) {
            Map<String, NDArray> params = new HashMap<>(student.namedParameters());
            params.remove("embeddings.word");
            params.values().forEach(p -> p.setRequiresGradient(true));
            Map<String, float[]> quiet = gradients(loss, student, teacher, params, false);
            Map<String, float[]> collected = gradients(loss, student, teacher, params, true);
            for (String name : params.keySet()) {
                assertArrayEquals(quiet.get(name), collected.get(name), 0f, name);
                for (float v : collected.get(name)) {
                    assertTrue(Float.isFinite(v), name);
                }
            }
        }
    }

    private Map<String, float[]> gradients(LeapLoss loss, BertNetwork student, BertNetwork teacher, Map<String, NDArray> params,
                                           boolean collectGarbage) {
        int[] rows = { 0, 1, 2 };
        List<ByteBuffer> junk = new ArrayList<>();
        try (NDManager batch = manager.newSubManager()) {
            TeacherEmbeddings t;
            try (Autograd.Paused ignored = Autograd.paused()) {
                t = TeacherEmbeddings.ofLayers(PooledForward.run(teacher, TOKENS, rows, batch));
            }
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                NDArray total = loss.compute(PooledForward.run(student, TOKENS, rows, batch), t, 0.8, null).total();
                if (collectGarbage) {
                    for (int i = 0; i < 10; i++) {
                        System.gc();
                    }
                    // freed direct buffers get reused: fill the reused memory with NaN
                    for (int i = 0; i < 4000; i++) {
                        ByteBuffer b = ByteBuffer.allocateDirect(4 << (i % 4)).order(ByteOrder.nativeOrder());
                        while (b.remaining() >= 4) {
                            b.putFloat(Float.NaN);
                        }
                        junk.add(b);
                    }
                }
                collector.backward(total);
            }
        }
        Map<String, float[]> out = new HashMap<>();
        params.forEach((name, p) -> {
            try (NDArray g = p.getGradient()) {
                out.put(name, g.toFloatArray());
            }
            Autograd.zeroGradient(p);
        });
        assertTrue(junk.size() >= 0);
        return out;
    }

    static BertWeights randomWeights(long seed) {
        Random random = new Random(seed);
        Map<String, Tensor> w = new HashMap<>();
        put(w, random, "embeddings.word_embeddings.weight", 10, 4);
        put(w, random, "embeddings.position_embeddings.weight", 16, 4);
        put(w, random, "embeddings.token_type_embeddings.weight", 2, 4);
        put(w, random, "embeddings.LayerNorm.weight", 4);
        put(w, random, "embeddings.LayerNorm.bias", 4);
        for (int l = 0; l < 2; l++) {
            String p = "encoder.layer." + l + ".";
            for (String part : new String[] { "query", "key", "value" }) {
                put(w, random, p + "attention.self." + part + ".weight", 4, 4);
                put(w, random, p + "attention.self." + part + ".bias", 4);
            }
            put(w, random, p + "attention.output.dense.weight", 4, 4);
            put(w, random, p + "attention.output.dense.bias", 4);
            put(w, random, p + "attention.output.LayerNorm.weight", 4);
            put(w, random, p + "attention.output.LayerNorm.bias", 4);
            put(w, random, p + "intermediate.dense.weight", 8, 4);
            put(w, random, p + "intermediate.dense.bias", 8);
            put(w, random, p + "output.dense.weight", 4, 8);
            put(w, random, p + "output.dense.bias", 4);
            put(w, random, p + "output.LayerNorm.weight", 4);
            put(w, random, p + "output.LayerNorm.bias", 4);
        }
        return new BertWeights(w);
    }

    private static void put(Map<String, Tensor> w, Random random, String name, long... shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        float[] data = new float[(int) size];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian() * 0.5f;
        }
        w.put(name, new Tensor(name, shape, data));
    }
}

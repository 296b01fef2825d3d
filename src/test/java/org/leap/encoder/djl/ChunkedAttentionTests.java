package org.leap.encoder.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.leap.model.BertWeights;
import org.leap.model.ModelDescriptor;
import org.leap.model.Tensor;

/** Attention computed in groups of rows must give the layer's output, and its gradients, of attention done at once. */
class ChunkedAttentionTests {
    private static final int HIDDEN = 8;
    private static final int HEADS = 2;
    private static final ModelDescriptor TINY = new ModelDescriptor("tiny", null,
        new ModelDescriptor.Source(null, "none.onnx", null, "none.json", null), 1, HIDDEN, HEADS, 16, "mean", "mean", "", "", null);
    private static final int[] LENGTHS = { 7, 7, 5, 3, 1 };
    private static final int SEQ = 7;
    private static final long WHOLE = Long.MAX_VALUE;
    /** Two rows' scores: the five rows run as 2 + 2 + 1. */
    private static final long TWO_ROWS = 2L * HEADS * SEQ * SEQ;
    /** Less than a row's scores: one row at a time. */
    private static final long ONE_ROW = 1;

    private NDManager manager;
    private BertNetwork network;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager(Device.cpu(), DjlEngine.pytorch().getEngineName());
        network = BertNetwork.create(TINY, randomWeights(), manager, Device.cpu());
    }

    @AfterEach
    void close() {
        network.close();
        manager.close();
    }

    @Test
    void testChunkedLayerEqualsWholeBatchWithPadding() {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = network.embed(ids(batch));
            NDArray bias = BertNetwork.maskBias(mask(batch));
            float[] whole = network.layer(0, x, bias, WHOLE).toFloatArray();
            assertArrayEquals(whole, network.layer(0, x, bias, TWO_ROWS).toFloatArray(), 1e-5f);
            assertArrayEquals(whole, network.layer(0, x, bias, ONE_ROW).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void testChunkedLayerEqualsWholeBatchWithoutMask() {
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = network.embed(ids(batch));
            float[] whole = network.layer(0, x, null, WHOLE).toFloatArray();
            assertArrayEquals(whole, network.layer(0, x, null, TWO_ROWS).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void testChunkedLayerGivesTheSameGradients() {
        float[] whole = qkvGradient(WHOLE);
        float[] chunked = qkvGradient(TWO_ROWS);
        assertArrayEquals(whole, chunked, 1e-5f);
    }

    /** The gradient of a random projection of the layer's output with respect to the fused QKV weight. */
    private float[] qkvGradient(long scoreBudget) {
        // a network of its own: gradients accumulate across backward calls
        try (NDManager batch = manager.newSubManager();
             BertNetwork fresh = BertNetwork.create(TINY, randomWeights(), batch, Device.cpu())) {
            NDArray weight = fresh.layers().get(0).qkvWeight();
            weight.setRequiresGradient(true);
            NDArray x = fresh.embed(ids(batch));
            NDArray bias = BertNetwork.maskBias(mask(batch));
            float[] projection = new float[LENGTHS.length * SEQ * HIDDEN];
            Random random = new Random(5);
            for (int i = 0; i < projection.length; i++) {
                projection[i] = (float) random.nextGaussian();
            }
            NDArray direction = batch.create(projection, new Shape(LENGTHS.length, SEQ, HIDDEN));
            try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                collector.backward(fresh.layer(0, x, bias, scoreBudget).mul(direction).sum());
            }
            try (NDArray gradient = weight.getGradient()) {
                return gradient.toFloatArray();
            }
        }
    }

    private static NDArray ids(NDManager manager) {
        long[] ids = new long[LENGTHS.length * SEQ];
        Random random = new Random(3);
        for (int i = 0; i < LENGTHS.length; i++) {
            for (int t = 0; t < LENGTHS[i]; t++) {
                ids[i * SEQ + t] = 1 + random.nextInt(9);
            }
        }
        return manager.create(ids, new Shape(LENGTHS.length, SEQ));
    }

    private static NDArray mask(NDManager manager) {
        float[] mask = new float[LENGTHS.length * SEQ];
        for (int i = 0; i < LENGTHS.length; i++) {
            Arrays.fill(mask, i * SEQ, i * SEQ + LENGTHS[i], 1f);
        }
        return manager.create(mask, new Shape(LENGTHS.length, SEQ));
    }

    private static BertWeights randomWeights() {
        Random random = new Random(1);
        Map<String, Tensor> w = new HashMap<>();
        put(w, random, "embeddings.word_embeddings.weight", 10, HIDDEN);
        put(w, random, "embeddings.position_embeddings.weight", 16, HIDDEN);
        put(w, random, "embeddings.token_type_embeddings.weight", 2, HIDDEN);
        put(w, random, "embeddings.LayerNorm.weight", HIDDEN);
        put(w, random, "embeddings.LayerNorm.bias", HIDDEN);
        String p = "encoder.layer.0.";
        for (String part : new String[] { "query", "key", "value" }) {
            put(w, random, p + "attention.self." + part + ".weight", HIDDEN, HIDDEN);
            put(w, random, p + "attention.self." + part + ".bias", HIDDEN);
        }
        put(w, random, p + "attention.output.dense.weight", HIDDEN, HIDDEN);
        put(w, random, p + "attention.output.dense.bias", HIDDEN);
        put(w, random, p + "attention.output.LayerNorm.weight", HIDDEN);
        put(w, random, p + "attention.output.LayerNorm.bias", HIDDEN);
        put(w, random, p + "intermediate.dense.weight", 2 * HIDDEN, HIDDEN);
        put(w, random, p + "intermediate.dense.bias", 2 * HIDDEN);
        put(w, random, p + "output.dense.weight", HIDDEN, 2 * HIDDEN);
        put(w, random, p + "output.dense.bias", HIDDEN);
        put(w, random, p + "output.LayerNorm.weight", HIDDEN);
        put(w, random, p + "output.LayerNorm.bias", HIDDEN);
        return new BertWeights(w);
    }

    private static void put(Map<String, Tensor> w, Random random, String name, long... shape) {
        float[] data = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian() * 0.5f;
        }
        w.put(name, new Tensor(name, shape, data));
    }
}

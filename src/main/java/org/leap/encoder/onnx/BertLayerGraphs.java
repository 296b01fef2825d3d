package org.leap.encoder.onnx;

import java.util.Arrays;

import org.leap.model.BertWeights;
import org.leap.model.ModelDescriptor;
import org.leap.model.Tensor;
import org.leap.model.onnx.OnnxGraphWriter;

/**
 * A BERT encoder cut into ONNX graphs, one per transformer layer (the first one with the embedding block), built
 * from weights in memory. Running the layers as separate graphs is what lets rows leave between layers while each layer still runs
 * on ONNX Runtime's fused kernels.
 *
 * <p>The layer graph is the Hugging Face BERT layer as its exporter writes it (separate Q, K, V MatMuls, Softmax over
 * scores plus an additive mask, LayerNormalization with eps 1e-12, GELU in its erf form), so ONNX Runtime's graph
 * optimizer finds the same fusions it finds in an exported model. Each layer graph also mean-pools its output with
 * the given pooling weights, so the exit test reads {@code [batch, 1, hidden]} floats instead of the whole state.
 *
 * <p>Graph inputs: {@code hidden [batch, seq, H]}, or for the first layer {@code input_ids [batch, seq]} and {@code
 * position_ids [1, seq]} (int64); {@code mask_bias [batch, 1, 1, seq]} (0 on tokens, very negative on padding) and
 * {@code pool_weights [batch, 1, seq]} (mask / token count). Outputs: {@code out} and {@code pooled}.
 */
final class BertLayerGraphs {
    static final int OPSET = 17;
    private static final float LAYER_NORM_EPS = 1e-12f;

    private BertLayerGraphs() {}

    /**
     * Layer {@code index} (0-based); the first layer's graph starts with the embedding block, so it takes token ids
     * instead of a hidden state and a short text costs one session run fewer.
     */
    static byte[] layer(ModelDescriptor model, BertWeights weights, int index) {
        OnnxGraphWriter g = new OnnxGraphWriter();
        if (index == 0) {
            g.longInput("input_ids", "batch", "seq").longInput("position_ids", "1", "seq");
            embedding(g, model, weights);
        } else {
            g.floatInput("hidden", "batch", "seq", hidden(model));
        }
        g.floatInput("mask_bias", "batch", "1", "1", "seq").floatInput("pool_weights", "batch", "1", "seq")
            .floatOutput("out", "batch", "seq", hidden(model)).floatOutput("pooled", "batch", "1", hidden(model));
        transformerLayer(g, model, weights, index);
        g.node("MatMul", new String[] { "pool_weights", "out" }, "pooled");
        return g.model(model.name() + "-layer-" + index, OPSET);
    }

    /** Word + position + token type 0 embeddings, layer-normalised, into {@code hidden}. */
    private static void embedding(OnnxGraphWriter g, ModelDescriptor model, BertWeights weights) {
        initializer(g, "word", weights.get("embeddings.word_embeddings.weight"));
        initializer(g, "position", weights.get("embeddings.position_embeddings.weight"));
        Tensor tokenTypes = weights.get("embeddings.token_type_embeddings.weight");
        g.floats("token_type0", new long[] { model.hidden() }, Arrays.copyOf(tokenTypes.data(), model.hidden()));
        initializer(g, "norm_gamma", weights.get("embeddings.LayerNorm.weight"));
        initializer(g, "norm_beta", weights.get("embeddings.LayerNorm.bias"));
        g.node("Gather", new String[] { "word", "input_ids" }, "words");
        g.node("Gather", new String[] { "position", "position_ids" }, "positions");
        g.node("Add", new String[] { "words", "positions" }, "sum0");
        g.node("Add", new String[] { "sum0", "token_type0" }, "sum");
        g.node("LayerNormalization", new String[] { "sum", "norm_gamma", "norm_beta" }, "hidden", "epsilon", LAYER_NORM_EPS);
    }

    /** One transformer layer from {@code hidden} (and {@code mask_bias}) to {@code out}. */
    private static void transformerLayer(OnnxGraphWriter g, ModelDescriptor model, BertWeights weights, int index) {
        String p = "encoder.layer." + index + ".";
        int heads = model.heads();
        long headSize = model.hidden() / heads;
        g.longs("heads_shape", 0, 0, heads, headSize).longs("hidden_shape", 0, 0, model.hidden());
        g.floats("scale", new long[0], new float[] { (float) Math.sqrt(headSize) });
        g.floats("sqrt2", new long[0], new float[] { (float) Math.sqrt(2.0) });
        g.floats("one", new long[0], new float[] { 1f });
        g.floats("half", new long[0], new float[] { 0.5f });

        for (String part : new String[] { "query", "key", "value" }) {
            String head = part + "_heads";
            linear(g, weights, p + "attention.self." + part, "hidden", part);
            g.node("Reshape", new String[] { part, "heads_shape" }, head);
            long[] perm = part.equals("key") ? new long[] { 0, 2, 3, 1 } : new long[] { 0, 2, 1, 3 };
            g.node("Transpose", new String[] { head }, part + "_t", "perm", perm);
        }
        g.node("MatMul", new String[] { "query_t", "key_t" }, "scores_raw");
        g.node("Div", new String[] { "scores_raw", "scale" }, "scores_scaled");
        g.node("Add", new String[] { "scores_scaled", "mask_bias" }, "scores");
        g.node("Softmax", new String[] { "scores" }, "probs", "axis", -1L);
        g.node("MatMul", new String[] { "probs", "value_t" }, "context_heads");
        g.node("Transpose", new String[] { "context_heads" }, "context_t", "perm", new long[] { 0, 2, 1, 3 });
        g.node("Reshape", new String[] { "context_t", "hidden_shape" }, "context");
        linear(g, weights, p + "attention.output.dense", "context", "attention_dense");
        g.node("Add", new String[] { "attention_dense", "hidden" }, "attention_residual");
        layerNorm(g, weights, p + "attention.output.LayerNorm", "attention_residual", "attention");

        linear(g, weights, p + "intermediate.dense", "attention", "inner");
        g.node("Div", new String[] { "inner", "sqrt2" }, "gelu_scaled");
        g.node("Erf", new String[] { "gelu_scaled" }, "gelu_erf");
        g.node("Add", new String[] { "gelu_erf", "one" }, "gelu_shifted");
        g.node("Mul", new String[] { "inner", "gelu_shifted" }, "gelu_product");
        g.node("Mul", new String[] { "gelu_product", "half" }, "activated");
        linear(g, weights, p + "output.dense", "activated", "output_dense");
        g.node("Add", new String[] { "output_dense", "attention" }, "output_residual");
        layerNorm(g, weights, p + "output.LayerNorm", "output_residual", "out");
    }

    /** {@code x W^T + b} as MatMul and Add, the weight stored {@code [in, out]} as the exporter does. */
    private static void linear(OnnxGraphWriter g, BertWeights weights, String module, String input, String output) {
        Tensor w = weights.get(module + ".weight");
        int out = (int) w.shape()[0];
        int in = (int) w.shape()[1];
        float[] transposed = new float[w.data().length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = w.data()[o * in + i];
            }
        }
        g.floats(module + ".w", new long[] { in, out }, transposed);
        initializer(g, module + ".b", weights.get(module + ".bias"));
        g.node("MatMul", new String[] { input, module + ".w" }, output + "_mm");
        g.node("Add", new String[] { output + "_mm", module + ".b" }, output);
    }

    private static void layerNorm(OnnxGraphWriter g, BertWeights weights, String module, String input, String output) {
        initializer(g, module + ".gamma", weights.get(module + ".weight"));
        initializer(g, module + ".beta", weights.get(module + ".bias"));
        g.node("LayerNormalization", new String[] { input, module + ".gamma", module + ".beta" }, output, "epsilon", LAYER_NORM_EPS);
    }

    private static void initializer(OnnxGraphWriter g, String name, Tensor tensor) {
        g.floats(name, tensor.shape(), tensor.data());
    }

    private static String hidden(ModelDescriptor model) {
        return Integer.toString(model.hidden());
    }
}

package org.leap.encoder.djl;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import org.leap.model.BertWeights;
import org.leap.model.ModelDescriptor;
import org.leap.model.Tensor;

/**
 * A BERT encoder as plain functions over DJL arrays: the embedding block, one transformer layer, and masked mean
 * pooling. Inference and training call the same functions, so both compute the same model.
 *
 * <p>Constants of the exported models: LayerNorm eps 1e-12, GELU in its erf form, attention scale 1/sqrt(head size).
 * Query, key and value projections are fused into one {@code [3H, H]} linear to save two ops per layer.
 *
 * <p>DJL attaches an op's result to the manager of its first operand, so callers attach the hidden state to a
 * short-lived manager per layer and every intermediate dies with it.
 *
 * <p>Training records these functions with autograd, so they never use DJL's {@code Number} overloads ({@code
 * mul(float)} and the like): those wrap the number in a tensor over a Java direct buffer that is freed when the
 * garbage collector runs, while autograd may still hold the tensor for the backward pass.
 */
public final class BertNetwork implements AutoCloseable {
    private static final float LAYER_NORM_EPS = 1e-12f;
    private static final float MASKED = -3.4028235e38f;
    /**
     * Most attention scores ({@code rows x heads x S x S} floats, here 4 MB) computed at once. Score tensors of tens
     * of MB leave the cache and are mapped fresh on every allocation: a bge-small layer at 8 rows of 300 tokens (4.3 MB
     * of scores a row) took 83-99 ms with attention over the whole batch and 69-78 ms one row at a time, while chunks
     * of 21 rows of 64 tokens cost no more than the whole batch of 32.
     */
    static final long ATTENTION_SCORE_BUDGET = 1L << 20;

    private final ModelDescriptor model;
    private final NDManager manager;
    private final NDArray wordEmbeddings;
    private final NDArray positionEmbeddings;
    private final NDArray tokenTypeEmbedding;
    private final NDArray embeddingNormGamma;
    private final NDArray embeddingNormBeta;
    private final List<Layer> layers;
    private final NDArray attentionScale;

    /** One transformer layer's parameters, linear weights in {@code [out, in]} layout. */
    public record Layer(NDArray qkvWeight, NDArray qkvBias, NDArray attentionOutWeight, NDArray attentionOutBias,
                        NDArray attentionNormGamma, NDArray attentionNormBeta, NDArray ffnInWeight, NDArray ffnInBias,
                        NDArray ffnOutWeight, NDArray ffnOutBias, NDArray outputNormGamma, NDArray outputNormBeta) {
        public List<NDArray> parameters() {
            return List.of(qkvWeight, qkvBias, attentionOutWeight, attentionOutBias, attentionNormGamma, attentionNormBeta,
                ffnInWeight, ffnInBias, ffnOutWeight, ffnOutBias, outputNormGamma, outputNormBeta);
        }
    }

    private BertNetwork(ModelDescriptor model, NDManager manager, NDArray wordEmbeddings, NDArray positionEmbeddings,
                        NDArray tokenTypeEmbedding, NDArray embeddingNormGamma, NDArray embeddingNormBeta, List<Layer> layers) {
        this.model = model;
        this.manager = manager;
        this.wordEmbeddings = wordEmbeddings;
        this.positionEmbeddings = positionEmbeddings;
        this.tokenTypeEmbedding = tokenTypeEmbedding;
        this.embeddingNormGamma = embeddingNormGamma;
        this.embeddingNormBeta = embeddingNormBeta;
        this.layers = List.copyOf(layers);
        // A native scalar, not mul(float): DJL turns a Java number into a tensor over a direct buffer that it frees once
        // the number's NDArray is collected, but autograd keeps that tensor for the backward pass, which then reads freed
        // memory (NaN or garbage gradients a few steps into training).
        this.attentionScale = manager.full(new Shape(), (float) (1.0 / Math.sqrt(model.hidden() / (double) model.heads())));
    }

    /** Copies the weights onto the device, under a manager owned by the returned network. */
    public static BertNetwork create(ModelDescriptor model, BertWeights weights, NDManager parent, Device device) {
        NDManager manager = parent.newSubManager(device);
        try {
            // Only token type 0 is ever used. Copy its row rather than keep a view: DJL backs created arrays with a
            // direct buffer that the owning array keeps alive, so a view outliving its parent reads freed memory
            // once the garbage collector runs (seen here as embeddings drifting after a few thousand rows).
            Tensor tokenTypes = weights.get("embeddings.token_type_embeddings.weight");
            NDArray tokenType0 = manager.create(java.util.Arrays.copyOf(tokenTypes.data(), model.hidden()), new Shape(model.hidden()));
            List<Layer> layers = new ArrayList<>();
            for (int l = 0; l < model.layers(); l++) {
                String p = "encoder.layer." + l + ".";
                NDArray qkvWeight = concat(manager, weights, p + "attention.self.query.weight",
                    p + "attention.self.key.weight", p + "attention.self.value.weight");
                NDArray qkvBias = concat(manager, weights, p + "attention.self.query.bias",
                    p + "attention.self.key.bias", p + "attention.self.value.bias");
                layers.add(new Layer(qkvWeight, qkvBias, array(manager, weights.get(p + "attention.output.dense.weight")),
                    array(manager, weights.get(p + "attention.output.dense.bias")),
                    array(manager, weights.get(p + "attention.output.LayerNorm.weight")),
                    array(manager, weights.get(p + "attention.output.LayerNorm.bias")),
                    array(manager, weights.get(p + "intermediate.dense.weight")),
                    array(manager, weights.get(p + "intermediate.dense.bias")),
                    array(manager, weights.get(p + "output.dense.weight")), array(manager, weights.get(p + "output.dense.bias")),
                    array(manager, weights.get(p + "output.LayerNorm.weight")),
                    array(manager, weights.get(p + "output.LayerNorm.bias"))));
            }
            if (weights.has("encoder.layer." + model.layers() + ".output.dense.weight")) {
                throw new IllegalArgumentException("model [" + model.name() + "] has more than the " + model.layers()
                    + " layers its descriptor declares");
            }
            return new BertNetwork(model, manager, array(manager, weights.get("embeddings.word_embeddings.weight")),
                array(manager, weights.get("embeddings.position_embeddings.weight")), tokenType0,
                array(manager, weights.get("embeddings.LayerNorm.weight")), array(manager, weights.get("embeddings.LayerNorm.bias")),
                layers);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static NDArray concat(NDManager manager, BertWeights weights, String... names) {
        NDList parts = new NDList();
        for (String name : names) {
            parts.add(array(manager, weights.get(name)));
        }
        NDArray fused = NDArrays.concat(parts, 0);
        parts.close();
        return fused;
    }

    static NDArray array(NDManager manager, Tensor tensor) {
        return manager.create(tensor.data(), new Shape(tensor.shape()));
    }

    public ModelDescriptor model() {
        return model;
    }

    /** Token ids {@code [B, S]} (in a per-batch manager) to the embedding block's output {@code [B, S, H]}. */
    public NDArray embed(NDArray ids) {
        long seq = ids.getShape().get(1);
        NDManager batch = ids.getManager();
        NDArray words = Embedding.embedding(ids, wordEmbeddings, SparseFormat.DENSE).singletonOrThrow();
        NDArray positions = positionEmbeddings.get(batch, new NDIndex(":{}", seq));
        NDArray sum = words.add(positions).add(tokenTypeEmbedding);
        return layerNorm(sum, embeddingNormGamma, embeddingNormBeta);
    }

    /**
     * One transformer layer (0-based index) on {@code x [B, S, H]}; {@code maskBias [B, 1, 1, S]} is 0 on tokens and
     * very negative on padding, or null when the batch has no padding.
     */
    public NDArray layer(int index, NDArray x, NDArray maskBias) {
        return layer(index, x, maskBias, ATTENTION_SCORE_BUDGET);
    }

    /** {@link #layer(int, NDArray, NDArray)} with the score budget as a parameter, so tests can force chunking. */
    NDArray layer(int index, NDArray x, NDArray maskBias, long scoreBudget) {
        Layer p = layers.get(index);
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long seq = shape.get(1);
        long hidden = shape.get(2);
        long heads = model.heads();
        NDArray qkv = Linear.linear(x, p.qkvWeight(), p.qkvBias()).singletonOrThrow()
            .reshape(batch, seq, 3, heads, hidden / heads).transpose(2, 0, 3, 1, 4);
        long rowsPerChunk = Math.max(1, scoreBudget / (heads * seq * seq));
        NDArray context;
        if (rowsPerChunk >= batch) {
            context = attention(qkv, maskBias);
        } else {
            long[] cuts = LongStream.iterate(rowsPerChunk, c -> c < batch, c -> c + rowsPerChunk).toArray();
            NDList qkvChunks = qkv.split(cuts, 1);
            NDList biasChunks = maskBias == null ? null : maskBias.split(cuts, 0);
            NDList contexts = new NDList(qkvChunks.size());
            for (int c = 0; c < qkvChunks.size(); c++) {
                contexts.add(attention(qkvChunks.get(c), biasChunks == null ? null : biasChunks.get(c)));
            }
            context = NDArrays.concat(contexts, 0);
        }
        context = context.transpose(0, 2, 1, 3).reshape(batch, seq, hidden);
        NDArray attention = Linear.linear(context, p.attentionOutWeight(), p.attentionOutBias()).singletonOrThrow().add(x);
        NDArray normed = layerNorm(attention, p.attentionNormGamma(), p.attentionNormBeta());
        NDArray inner = Linear.linear(normed, p.ffnInWeight(), p.ffnInBias()).singletonOrThrow();
        inner = Activation.gelu(inner);
        NDArray output = Linear.linear(inner, p.ffnOutWeight(), p.ffnOutBias()).singletonOrThrow().add(normed);
        return layerNorm(output, p.outputNormGamma(), p.outputNormBeta());
    }

    /** Scaled dot-product attention of {@code qkv [3, B, heads, S, d]}: the context {@code [B, heads, S, d]}. */
    private NDArray attention(NDArray qkv, NDArray maskBias) {
        NDArray query = qkv.get(0).mul(attentionScale);
        NDArray keyT = qkv.get(1).transpose(0, 1, 3, 2);
        NDArray scores = query.matMul(keyT);
        if (maskBias != null) {
            scores = scores.add(maskBias);
        }
        return scores.softmax(-1).matMul(qkv.get(2));
    }

    /** {@code [B, 1, 1, S]} additive attention mask from a {@code [B, S]} 0/1 float mask. */
    public static NDArray maskBias(NDArray mask) {
        Shape s = mask.getShape();
        return mask.sub(1f).mul(-MASKED).reshape(s.get(0), 1, 1, s.get(1));
    }

    /** {@code [B, 1, S]} pooling weights: the mask divided by each row's token count. */
    public static NDArray poolingWeights(NDArray mask) {
        Shape s = mask.getShape();
        return mask.div(mask.sum(new int[] { 1 }, true)).reshape(s.get(0), 1, s.get(1));
    }

    /** Attention-masked mean pooling as one batched matmul: {@code [B, 1, S] x [B, S, H] -> [B, H]}. */
    public static NDArray meanPool(NDArray hidden, NDArray poolingWeights) {
        Shape s = hidden.getShape();
        return poolingWeights.matMul(hidden).reshape(s.get(0), s.get(2));
    }

    private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(model.hidden()), gamma, beta, LAYER_NORM_EPS).singletonOrThrow();
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Every parameter, embeddings first; the order is stable, which checkpoints rely on. */
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>(List.of(wordEmbeddings, positionEmbeddings, tokenTypeEmbedding,
            embeddingNormGamma, embeddingNormBeta));
        layers.forEach(l -> all.addAll(l.parameters()));
        return all;
    }

    /**
     * Every parameter under a stable name, in {@link #parameters()} order: {@code embeddings.word}, {@code
     * embeddings.position}, {@code embeddings.token_type0}, {@code embeddings.norm_gamma}, {@code embeddings.norm_beta},
     * then {@code layer.N.<component>} with the component names of {@link Layer}. Checkpoints key on these names.
     */
    public Map<String, NDArray> namedParameters() {
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("embeddings.word", wordEmbeddings);
        named.put("embeddings.position", positionEmbeddings);
        named.put("embeddings.token_type0", tokenTypeEmbedding);
        named.put("embeddings.norm_gamma", embeddingNormGamma);
        named.put("embeddings.norm_beta", embeddingNormBeta);
        RecordComponent[] components = Layer.class.getRecordComponents();
        for (int l = 0; l < layers.size(); l++) {
            List<NDArray> params = layers.get(l).parameters();
            for (int i = 0; i < components.length; i++) {
                named.put("layer." + l + "." + components[i].getName(), params.get(i));
            }
        }
        return named;
    }

    /**
     * The current parameters as Hugging Face-named weights, the inverse of {@link #create}: the fused QKV projection
     * is split again, and the token type table holds the one row this network uses. Trained models are saved from this.
     */
    public BertWeights weights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        put(out, "embeddings.word_embeddings.weight", wordEmbeddings);
        put(out, "embeddings.position_embeddings.weight", positionEmbeddings);
        out.put("embeddings.token_type_embeddings.weight",
            new Tensor("embeddings.token_type_embeddings.weight", new long[] { 1, model.hidden() }, tokenTypeEmbedding.toFloatArray()));
        put(out, "embeddings.LayerNorm.weight", embeddingNormGamma);
        put(out, "embeddings.LayerNorm.bias", embeddingNormBeta);
        int h = model.hidden();
        for (int l = 0; l < layers.size(); l++) {
            Layer p = layers.get(l);
            String prefix = "encoder.layer." + l + ".";
            float[] qkvWeight = p.qkvWeight().toFloatArray();
            float[] qkvBias = p.qkvBias().toFloatArray();
            String[] parts = { "query", "key", "value" };
            for (int i = 0; i < 3; i++) {
                String w = prefix + "attention.self." + parts[i] + ".weight";
                String b = prefix + "attention.self." + parts[i] + ".bias";
                out.put(w, new Tensor(w, new long[] { h, h }, Arrays.copyOfRange(qkvWeight, i * h * h, (i + 1) * h * h)));
                out.put(b, new Tensor(b, new long[] { h }, Arrays.copyOfRange(qkvBias, i * h, (i + 1) * h)));
            }
            put(out, prefix + "attention.output.dense.weight", p.attentionOutWeight());
            put(out, prefix + "attention.output.dense.bias", p.attentionOutBias());
            put(out, prefix + "attention.output.LayerNorm.weight", p.attentionNormGamma());
            put(out, prefix + "attention.output.LayerNorm.bias", p.attentionNormBeta());
            put(out, prefix + "intermediate.dense.weight", p.ffnInWeight());
            put(out, prefix + "intermediate.dense.bias", p.ffnInBias());
            put(out, prefix + "output.dense.weight", p.ffnOutWeight());
            put(out, prefix + "output.dense.bias", p.ffnOutBias());
            put(out, prefix + "output.LayerNorm.weight", p.outputNormGamma());
            put(out, prefix + "output.LayerNorm.bias", p.outputNormBeta());
        }
        return new BertWeights(out);
    }

    private static void put(Map<String, Tensor> out, String name, NDArray array) {
        out.put(name, new Tensor(name, array.getShape().getShape(), array.toFloatArray()));
    }

    @Override
    public void close() {
        manager.close();
    }
}

package org.leap.encoder.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.RowExits;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlEngine;
import org.leap.model.BertWeights;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextTokenizer;
import org.leap.text.TokenizedText;

/**
 * The early-exit encoder on ONNX Runtime: one session per layer, the first with the embedding block
 * ({@link BertLayerGraphs}), so rows leave between layers as in the PyTorch encoder while every layer runs on ONNX
 * Runtime's fused CPU kernels. The hidden state stays in native memory from layer to layer; it is copied out only
 * when rows leave, to drop them and the padding no remaining row needs.
 *
 * <p>Same constraint as {@link OnnxRuntimeEncoder}: ONNX Runtime sessions must be created before libtorch loads in the
 * JVM, so {@link #load} refuses once the PyTorch engine has started.
 */
public final class OnnxLayerEncoder implements SentenceEncoder {
    private static final float MASKED = -3.4028235e38f;

    private final ModelDescriptor model;
    private final TextTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final List<OrtSession> layers;
    private final DeviceChoice device;
    private final int maxRows;
    private final int tokenBudget;

    private OnnxLayerEncoder(ModelDescriptor model, TextTokenizer tokenizer, OrtEnvironment environment,
                             List<OrtSession> layers, DeviceChoice device, int maxRows, int tokenBudget) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.environment = environment;
        this.layers = layers;
        this.device = device;
        this.maxRows = maxRows;
        this.tokenBudget = tokenBudget;
    }

    /**
     * Builds the model's graphs from its weights and opens one session per graph.
     *
     * @param deviceReason why the model runs on the CPU, for {@link #device()}: ONNX Runtime here has no GPU provider
     * @param maxRows rows per forward pass at most
     * @param tokenBudget rows × longest row per forward pass at most (see {@link LengthBatches})
     * @param threads ONNX Runtime intra-op threads of each session (one session runs at a time per encode)
     */
    public static OnnxLayerEncoder load(ModelCatalog catalog, String name, String deviceReason, int maxRows, int tokenBudget,
        int threads) {
        if (DjlEngine.started()) {
            throw new IllegalStateException("load ONNX Runtime models before the PyTorch engine starts in this JVM: "
                + "an ONNX Runtime session created after libtorch loads makes PyTorch return NaN");
        }
        if (maxRows < 1 || tokenBudget < 1) {
            throw new IllegalArgumentException("batch rows and token budget must be at least 1, got " + maxRows + " and " + tokenBudget);
        }
        if (threads < 1 || threads > Runtime.getRuntime().availableProcessors()) {
            throw new IllegalArgumentException("ONNX Runtime threads must be in [1, " + Runtime.getRuntime().availableProcessors()
                + "] (this machine's processors), got " + threads);
        }
        ModelDescriptor model = catalog.descriptor(name);
        BertWeights weights = catalog.weights(model);
        TextTokenizer tokenizer = new TextTokenizer(catalog.tokenizer(model), model.maxLength());
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<OrtSession> sessions = new ArrayList<>();
        try (OrtSession.SessionOptions options = LayerSessionOptions.create(threads)) {
            for (int l = 0; l < model.layers(); l++) {
                sessions.add(environment.createSession(BertLayerGraphs.layer(model, weights, l), options));
            }
            return new OnnxLayerEncoder(model, tokenizer, environment, List.copyOf(sessions), new DeviceChoice(false, deviceReason),
                maxRows, tokenBudget);
        } catch (OrtException | RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("ONNX Runtime cannot load model [" + name + "]: " + e.getMessage(), e);
            for (OrtSession session : sessions) {
                try {
                    session.close();
                } catch (OrtException closing) {
                    failure.addSuppressed(closing);
                }
            }
            tokenizer.close();
            throw failure;
        }
    }

    @Override
    public ModelDescriptor model() {
        return model;
    }

    @Override
    public String engine() {
        return "onnxruntime";
    }

    @Override
    public DeviceChoice device() {
        return device;
    }

    @Override
    public List<Embedding> encode(List<String> texts, EncodeOptions options) {
        ExitPolicy policy = options.policy().checkedFor(model.layers());
        List<TokenizedText> tokens = tokenizer.tokenize(texts, model.prefix(options.passage()));
        return LengthBatches.encode(tokens, maxRows, tokenBudget, (rows, out) -> {
            try {
                encodeBatch(tokens, rows, policy, options, out);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on model [" + model.name() + "]: " + e.getMessage(), e);
            }
        });
    }

    private void encodeBatch(List<TokenizedText> tokens, int[] rows, ExitPolicy policy, EncodeOptions options, Embedding[] out)
        throws OrtException {
        int[] lengths = Arrays.stream(rows).map(r -> tokens.get(r).length()).toArray();
        int seq = Arrays.stream(lengths).max().orElseThrow();
        RowExits exits = new RowExits(rows.length, model.layers(), model.hidden(), policy, options);
        int[] active = IntStream.range(0, rows.length).toArray();
        State state = null;
        try {
            Masks masks = Masks.of(environment, lengths, active, seq);
            try {
                for (int layer = 1; active.length > 0; layer++) {
                    OrtSession.Result result = layer == 1 ? runFirst(tokens, rows, seq, masks)
                        : layers.get(layer - 1).run(Map.of("hidden", state.hidden(), "mask_bias", masks.bias(), "pool_weights",
                            masks.pooling()));
                    if (state != null) {
                        state.close();
                    }
                    state = new State((OnnxTensor) result.get("out").orElseThrow(), result);
                    if (exits.needsPooling(layer) == false) {
                        continue;
                    }
                    float[] pooled = floats((OnnxTensor) result.get("pooled").orElseThrow());
                    boolean[] exited = exits.afterLayer(layer, pooled, active);
                    for (int i = 0; i < active.length; i++) {
                        if (exited[i]) {
                            out[rows[active[i]]] = exits.embedding(active[i], tokens.get(rows[active[i]]).truncated());
                        }
                    }
                    int[] kept = RowExits.remaining(active, exited);
                    if (kept.length > 0 && kept.length < active.length) {
                        int newSeq = Arrays.stream(kept).map(a -> lengths[a]).max().orElseThrow();
                        OnnxTensor compacted = keepRows(state.hidden(), exited, seq, newSeq);
                        state.close();
                        state = new State(compacted, null);
                        seq = newSeq;
                        masks.close();
                        masks = Masks.of(environment, lengths, kept, seq);
                    }
                    active = kept;
                }
            } finally {
                masks.close();
            }
        } finally {
            if (state != null) {
                state.close();
            }
        }
    }

    /** The first layer, from token ids padded to {@code seq} (its graph holds the embedding block). */
    private OrtSession.Result runFirst(List<TokenizedText> tokens, int[] rows, int seq, Masks masks) throws OrtException {
        long[] ids = TokenizedText.padded(tokens, rows, seq);
        long[] positions = LongStream.range(0, seq).toArray();
        try (OnnxTensor idsT = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), new long[] { rows.length, seq });
             OnnxTensor positionsT = OnnxTensor.createTensor(environment, LongBuffer.wrap(positions), new long[] { 1, seq })) {
            return layers.get(0).run(Map.of("input_ids", idsT, "position_ids", positionsT, "mask_bias", masks.bias(), "pool_weights",
                masks.pooling()));
        }
    }

    /** Copies out the rows that go on, cut to {@code newSeq} tokens. */
    private OnnxTensor keepRows(OnnxTensor hidden, boolean[] exited, int seq, int newSeq) throws OrtException {
        FloatBuffer all = hidden.getFloatBuffer();
        int h = model.hidden();
        int kept = (int) IntStream.range(0, exited.length).filter(i -> exited[i] == false).count();
        FloatBuffer out = FloatBuffer.allocate(kept * newSeq * h);
        for (int i = 0; i < exited.length; i++) {
            if (exited[i] == false) {
                out.put(all.slice(i * seq * h, newSeq * h));
            }
        }
        out.flip();
        return OnnxTensor.createTensor(environment, out, new long[] { kept, newSeq, h });
    }

    private static float[] floats(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    /** The layer input: a tensor, and the session result that owns it when it came straight from the previous layer. */
    private record State(OnnxTensor hidden, OrtSession.Result owner) implements AutoCloseable {
        @Override
        public void close() {
            if (owner != null) {
                owner.close();
            } else {
                hidden.close();
            }
        }
    }

    /** The mask bias and pooling weights of the active rows. */
    private record Masks(OnnxTensor bias, OnnxTensor pooling) implements AutoCloseable {
        static Masks of(OrtEnvironment environment, int[] lengths, int[] active, int seq) throws OrtException {
            float[] bias = new float[active.length * seq];
            float[] pooling = new float[active.length * seq];
            for (int i = 0; i < active.length; i++) {
                int len = lengths[active[i]];
                Arrays.fill(pooling, i * seq, i * seq + len, 1f / len);
                Arrays.fill(bias, i * seq + len, (i + 1) * seq, MASKED);
            }
            OnnxTensor biasT = OnnxTensor.createTensor(environment, FloatBuffer.wrap(bias), new long[] { active.length, 1, 1, seq });
            return new Masks(biasT, OnnxTensor.createTensor(environment, FloatBuffer.wrap(pooling), new long[] { active.length, 1, seq }));
        }

        @Override
        public void close() {
            bias.close();
            pooling.close();
        }
    }

    @Override
    public void close() {
        try {
            for (OrtSession layer : layers) {
                layer.close();
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }
}

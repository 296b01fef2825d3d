package org.leap.encoder.onnx;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.EncodeMode;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.VectorMath;
import org.leap.encoder.djl.DjlEngine;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextTokenizer;
import org.leap.text.TokenizedText;

/**
 * The original ONNX graph on ONNX Runtime, full depth only, mean-pooled like the early-exit encoder. It is the
 * reference the layer-by-layer encoder must agree with, and the baseline its speed is measured against.
 *
 * <p>Measured here: once libtorch (DJL's PyTorch engine) is loaded, creating an ONNX Runtime 1.20 session makes every
 * later PyTorch forward in the process return NaN. The other order works. So a JVM that uses both must load this
 * encoder first; {@link #load} refuses otherwise rather than let the other engine compute garbage.
 */
public final class OnnxRuntimeEncoder implements SentenceEncoder {
    private final ModelDescriptor model;
    private final TextTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int batchSize;

    private OnnxRuntimeEncoder(ModelDescriptor model, TextTokenizer tokenizer, OrtEnvironment environment, OrtSession session,
                               int batchSize) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.environment = environment;
        this.session = session;
        this.batchSize = batchSize;
    }

    /** @param threads intra-op threads; the machine's cores by default */
    public static OnnxRuntimeEncoder load(ModelCatalog catalog, String name, int batchSize, int threads) {
        if (DjlEngine.started()) {
            throw new IllegalStateException("load ONNX Runtime models before the PyTorch engine starts in this JVM: "
                + "an ONNX Runtime session created after libtorch loads makes PyTorch return NaN");
        }
        ModelDescriptor model = catalog.descriptor(name);
        if (model.source().onnx() == null) {
            throw new IllegalArgumentException("model [" + name + "] has no ONNX graph to run on ONNX Runtime");
        }
        byte[] onnx = catalog.read(model, model.source().onnx(), model.source().onnxSha256());
        TextTokenizer tokenizer = new TextTokenizer(
            catalog.read(model, model.source().tokenizer(), model.source().tokenizerSha256()), model.maxLength());
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // idle ONNX Runtime threads otherwise spin and take the cores from libtorch running beside it
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return new OnnxRuntimeEncoder(model, tokenizer, environment, environment.createSession(onnx, options), batchSize);
        } catch (OrtException e) {
            tokenizer.close();
            throw new IllegalStateException("ONNX Runtime cannot load model [" + name + "]: " + e.getMessage(), e);
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
        return new DeviceChoice(false, "the ONNX Runtime reference runs on CPU only");
    }

    @Override
    public List<Embedding> encode(List<String> texts, EncodeOptions options) {
        if (options.mode() != EncodeMode.FULL_DEPTH || options.trace()) {
            throw new IllegalArgumentException("the ONNX Runtime reference only runs full depth without a trace");
        }
        List<TokenizedText> tokens = tokenizer.tokenize(texts, model.prefix(options.passage()));
        return LengthBatches.encode(tokens, batchSize, LengthBatches.DEFAULT_TOKEN_BUDGET, (rows, out) -> encodeBatch(tokens, rows, out));
    }

    private void encodeBatch(List<TokenizedText> tokens, int[] rows, Embedding[] out) {
        int seq = Arrays.stream(rows).map(r -> tokens.get(r).length()).max().orElseThrow();
        long[] ids = TokenizedText.padded(tokens, rows, seq);
        long[] mask = new long[rows.length * seq];
        for (int i = 0; i < rows.length; i++) {
            Arrays.fill(mask, i * seq, i * seq + tokens.get(rows[i]).length(), 1L);
        }
        long[] shape = { rows.length, seq };
        try (OnnxTensor idsT = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskT = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typesT = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", idsT, "attention_mask", maskT, "token_type_ids", typesT))) {
            // the first output is the last hidden state; exports name it last_hidden_state or output_0
            FloatBuffer hiddenStates = ((OnnxTensor) result.get(0)).getFloatBuffer();
            int hidden = model.hidden();
            for (int i = 0; i < rows.length; i++) {
                int len = tokens.get(rows[i]).length();
                float[] sum = new float[hidden];
                for (int t = 0; t < len; t++) {
                    int base = (i * seq + t) * hidden;
                    for (int h = 0; h < hidden; h++) {
                        sum[h] += hiddenStates.get(base + h);
                    }
                }
                out[rows[i]] = new Embedding(VectorMath.normalized(sum), model.layers(), tokens.get(rows[i]).truncated(), null);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on model [" + model.name() + "]: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }
}

package org.leap.encoder.djl;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.DeviceRequest;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.RowExits;
import org.leap.encoder.SentenceEncoder;
import org.leap.model.BertWeights;
import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextTokenizer;
import org.leap.text.TokenizedText;

/**
 * The early-exit encoder on DJL's PyTorch engine. Texts are sorted by token length into batches (padding then costs
 * little), run layer by layer, and every row leaves its batch as soon as the exit rule fires: the batch that goes on
 * is cut to the remaining rows and to their longest sequence, so an exited row costs nothing more.
 */
public final class DjlBertEncoder implements SentenceEncoder {
    private final ModelDescriptor model;
    private final TextTokenizer tokenizer;
    private final NDManager root;
    private final BertNetwork network;
    private final DeviceChoice device;
    private final int maxRows;
    private final int tokenBudget;

    DjlBertEncoder(ModelDescriptor model, TextTokenizer tokenizer, NDManager root, BertNetwork network, DeviceChoice device, int maxRows,
        int tokenBudget) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.root = root;
        this.network = network;
        this.device = device;
        this.maxRows = maxRows;
        this.tokenBudget = tokenBudget;
    }

    /**
     * Loads a model by name from the catalog.
     *
     * @param device cpu, gpu or auto (see {@link DjlEngine#choose})
     * @param maxRows rows per forward pass at most
     * @param tokenBudget rows × longest row per forward pass at most (see {@link LengthBatches})
     */
    public static DjlBertEncoder load(ModelCatalog catalog, String name, DeviceRequest device, int maxRows, int tokenBudget) {
        if (maxRows < 1 || tokenBudget < 1) {
            throw new IllegalArgumentException("batch rows and token budget must be at least 1, got " + maxRows + " and " + tokenBudget);
        }
        ModelDescriptor model = catalog.descriptor(name);
        DeviceChoice choice = DjlEngine.choose(device);
        Device dev = DjlEngine.device(choice);
        BertWeights weights = catalog.weights(model);
        TextTokenizer tokenizer = new TextTokenizer(catalog.tokenizer(model), model.maxLength());
        NDManager root = NDManager.newBaseManager(dev, DjlEngine.pytorch().getEngineName());
        try {
            return new DjlBertEncoder(model, tokenizer, root, BertNetwork.create(model, weights, root, dev), choice, maxRows,
                tokenBudget);
        } catch (RuntimeException e) {
            root.close();
            tokenizer.close();
            throw e;
        }
    }

    @Override
    public ModelDescriptor model() {
        return model;
    }

    @Override
    public String engine() {
        return "pytorch";
    }

    @Override
    public DeviceChoice device() {
        return device;
    }

    @Override
    public List<Embedding> encode(List<String> texts, EncodeOptions options) {
        ExitPolicy policy = options.policy().checkedFor(model.layers());
        List<TokenizedText> tokens = tokenizer.tokenize(texts, model.prefix(options.passage()));
        return LengthBatches.encode(tokens, maxRows, tokenBudget, (rows, out) -> encodeBatch(tokens, rows, policy, options, out));
    }

    private void encodeBatch(List<TokenizedText> tokens, int[] rows, ExitPolicy policy, EncodeOptions options, Embedding[] out) {
        int[] lengths = Arrays.stream(rows).map(r -> tokens.get(r).length()).toArray();
        int seq = Arrays.stream(lengths).max().orElseThrow();
        long[] ids = TokenizedText.padded(tokens, rows, seq);
        RowExits exits = new RowExits(rows.length, model.layers(), model.hidden(), policy, options);
        int[] active = IntStream.range(0, rows.length).toArray();

        try (NDManager batch = root.newSubManager()) {
            NDArray x = network.embed(batch.create(ids, new Shape(rows.length, seq)));
            Masks masks = Masks.of(batch, lengths, active, seq);
            for (int layer = 1; active.length > 0; layer++) {
                NDArray next;
                float[] pooled = null;
                try (NDManager scratch = batch.newSubManager()) {
                    x.attach(scratch);
                    next = network.layer(layer - 1, x, masks.bias());
                    if (exits.needsPooling(layer)) {
                        pooled = BertNetwork.meanPool(next, masks.pooling()).toFloatArray();
                    }
                    next.attach(batch);
                }
                x = next;
                if (pooled == null) {
                    continue;
                }
                boolean[] exited = exits.afterLayer(layer, pooled, active);
                for (int i = 0; i < active.length; i++) {
                    if (exited[i]) {
                        out[rows[active[i]]] = exits.embedding(active[i], tokens.get(rows[active[i]]).truncated());
                    }
                }
                int[] kept = RowExits.remaining(active, exited);
                if (kept.length > 0 && kept.length < active.length) {
                    int newSeq = Arrays.stream(kept).map(a -> lengths[a]).max().orElseThrow();
                    x = keepRows(x, exited, newSeq, seq);
                    seq = newSeq;
                    masks.close();
                    masks = Masks.of(batch, lengths, kept, seq);
                }
                active = kept;
            }
        }
    }

    /** Drops exited rows and trailing padding no remaining row needs; the old array is closed. */
    private static NDArray keepRows(NDArray x, boolean[] exited, int newSeq, int oldSeq) {
        NDManager batch = x.getManager();
        long[] keep = IntStream.range(0, exited.length).filter(i -> exited[i] == false).asLongStream().toArray();
        try (NDArray keepIndex = batch.create(keep)) {
            NDArray kept = newSeq == oldSeq
                ? x.get(new NDIndex("{}", keepIndex))
                : x.get(new NDIndex("{}, :{}", keepIndex, newSeq));
            x.close();
            return kept;
        }
    }

    /** Attention bias and pooling weights of the active rows; the bias is null when no row is padded. */
    private record Masks(NDArray bias, NDArray pooling) implements AutoCloseable {
        static Masks of(NDManager manager, int[] lengths, int[] active, int seq) {
            float[] mask = new float[active.length * seq];
            boolean padded = false;
            for (int i = 0; i < active.length; i++) {
                int len = lengths[active[i]];
                Arrays.fill(mask, i * seq, i * seq + len, 1f);
                padded |= len < seq;
            }
            try (NDArray m = manager.create(mask, new Shape(active.length, seq))) {
                return new Masks(padded ? BertNetwork.maskBias(m) : null, BertNetwork.poolingWeights(m));
            }
        }

        @Override
        public void close() {
            if (bias != null) {
                bias.close();
            }
            pooling.close();
        }
    }

    @Override
    public void close() {
        root.close();
        tokenizer.close();
    }
}

package org.leap.plugin.ingest;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.leap.plugin.action.encode.EncodeAction;
import org.leap.plugin.action.encode.EncodeRequest;
import org.leap.plugin.action.encode.EncodeResponse;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.stats.EncodePath;
import org.leap.text.TextChunker;
import org.opensearch.transport.client.Client;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;
import org.opensearch.ingest.AbstractBatchingProcessor;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;

/**
 * The {@code leap_text_embedding} ingest processor: embeds text fields into {@code knn_vector} fields at the model's
 * {@code ingest_policy} (full depth by default; early exit when the policy or the processor's own {@code theta} asks),
 * and writes beside each vector the layer it left at, the model id and, for early exit, the theta used, so that
 * re-embedding after a model or theta change is a query. A sub-batch of documents goes through the encoder as one batch with per-row
 * exit; a document with bad input fails alone, with its reason, and the others are embedded.
 *
 * <p>With {@code chunking}, each text is cut into windows by the model's own tokenizer (on the node that runs the
 * pipeline, which needs the tokenizer but not the encoder) and each window becomes one object of a nested field, its text
 * beside its vector and exit layer; the windows of every document of the sub-batch go to the encoder together.
 */
public final class TextEmbeddingProcessor extends AbstractBatchingProcessor {
    public static final String TYPE = "leap_text_embedding";
    /** Key of each element when an array of texts becomes an array of vectors (neural-search's convention). */
    public static final String NESTED_VECTOR_KEY = "knn";

    private final String modelId;
    private final List<FieldMapping> fieldMap;
    private final Chunking chunking;
    private final Double theta;
    private final boolean skipExisting;
    private final boolean ignoreMissing;
    private final int dimension;
    private final IngestLimits limits;
    private final Supplier<ModelRegistry> registry;
    private final Client client;
    private final ClusterService clusterService;
    private final KnnFieldCheck knnFieldCheck = new KnnFieldCheck();

    TextEmbeddingProcessor(String tag, String description, int batchSize, String modelId, List<FieldMapping> fieldMap, Chunking chunking,
        Double theta, boolean skipExisting, boolean ignoreMissing, int dimension, IngestLimits limits, Supplier<ModelRegistry> registry, Client client,
        ClusterService clusterService) {
        super(tag, description, batchSize);
        this.modelId = modelId;
        this.fieldMap = List.copyOf(fieldMap);
        this.chunking = chunking;
        this.theta = theta;
        this.skipExisting = skipExisting;
        this.ignoreMissing = ignoreMissing;
        this.dimension = dimension;
        this.limits = limits;
        this.registry = registry;
        this.client = client;
        this.clusterService = clusterService;
    }

    @Override
    public String getType() {
        return TYPE;
    }

    public String modelId() {
        return modelId;
    }

    public List<FieldMapping> fieldMap() {
        return fieldMap;
    }

    public Double theta() {
        return theta;
    }

    /** How text fields are cut into chunks, or null when each text is embedded whole. */
    Chunking chunking() {
        return chunking;
    }

    public boolean skipExisting() {
        return skipExisting;
    }

    public boolean ignoreMissing() {
        return ignoreMissing;
    }

    public int batchSize() {
        return batchSize;
    }

    @Override
    public IngestDocument execute(IngestDocument ingestDocument) {
        throw new UnsupportedOperationException("[" + TYPE + "] runs asynchronously; this call must not happen");
    }

    @Override
    public void execute(IngestDocument document, BiConsumer<IngestDocument, Exception> handler) {
        subBatchExecute(List.of(new IngestDocumentWrapper(0, 0, document, null)), results -> {
            IngestDocumentWrapper result = results.get(0);
            if (result.getException() != null) {
                handler.accept(null, result.getException());
            } else {
                handler.accept(result.getIngestDocument(), null);
            }
        });
    }

    /** How a field's vectors are written: one vector, one per element of an array, or one chunk object per window. */
    private enum Shape { ONE, ARRAY, CHUNKS }

    /**
     * What one document sends to the encoder: for each field, the range of its texts in the encode, and for chunks the
     * windows as they stand in the document (the encoder reads them with the prefix before each).
     */
    private record Job(FieldMapping field, Shape shape, int from, int to, List<String> windows) {
        Job shifted(int offset) {
            return new Job(field, shape, from + offset, to + offset, windows);
        }
    }

    /**
     * One encode: texts of several documents, at most {@code plugins.leap.encode.max_texts}, the key of each (see
     * {@link #collect}), and where each document's texts are.
     */
    private static final class Encode {
        final List<String> texts = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final Map<IngestDocumentWrapper, List<Job>> jobs = new IdentityHashMap<>();

        void add(IngestDocumentWrapper wrapper, List<String> docTexts, List<String> docKeys, List<Job> docJobs) {
            int offset = texts.size();
            texts.addAll(docTexts);
            keys.addAll(docKeys);
            jobs.put(wrapper, docJobs.stream().map(job -> job.shifted(offset)).toList());
        }
    }

    @Override
    protected void subBatchExecute(List<IngestDocumentWrapper> documents, Consumer<List<IngestDocumentWrapper>> handler) {
        ClusterState state = clusterService.state();
        List<Encode> encodes = new ArrayList<>();
        Encode current = new Encode();
        for (IngestDocumentWrapper wrapper : documents) {
            if (wrapper.getException() != null || wrapper.getIngestDocument() == null) {
                continue;
            }
            List<String> docTexts = new ArrayList<>();
            List<String> docKeys = new ArrayList<>();
            try {
                List<Job> docJobs = collect(wrapper.getIngestDocument(), state, docTexts, docKeys);
                if (docJobs.isEmpty()) {
                    continue;
                }
                if (current.texts.size() + docTexts.size() > limits.textsPerEncode()) {
                    encodes.add(current);
                    current = new Encode();
                }
                current.add(wrapper, docTexts, docKeys, docJobs);
            } catch (RuntimeException e) {
                // a bad document (IllegalArgumentException, a 400) or its model gone from this node: that document alone
                wrapper.update(wrapper.getIngestDocument(), e);
            }
        }
        if (current.texts.isEmpty() == false) {
            encodes.add(current);
        }
        encodeInTurn(encodes, 0, documents, handler);
    }

    /** Runs the encodes one after the other, then answers the batch once. */
    private void encodeInTurn(List<Encode> encodes, int next, List<IngestDocumentWrapper> documents,
        Consumer<List<IngestDocumentWrapper>> handler) {
        if (next == encodes.size()) {
            handler.accept(documents);
            return;
        }
        Encode encode = encodes.get(next);
        EncodeRequest request = new EncodeRequest(modelId, encode.texts, theta, EncodePath.INGEST, null, encode.keys);
        EncodeAction.executeAsNode(client, request, ActionListener.notifyOnce(new ActionListener<>() {
            @Override
            public void onResponse(EncodeResponse result) {
                for (Map.Entry<IngestDocumentWrapper, List<Job>> e : encode.jobs.entrySet()) {
                    IngestDocumentWrapper wrapper = e.getKey();
                    try {
                        write(wrapper.getIngestDocument(), e.getValue(), result);
                    } catch (RuntimeException failure) {
                        // a target the document cannot hold (its parent is a string, say) fails that document alone
                        wrapper.update(wrapper.getIngestDocument(), failure);
                    }
                }
                encodeInTurn(encodes, next + 1, documents, handler);
            }

            @Override
            public void onFailure(Exception failure) {
                for (IngestDocumentWrapper wrapper : encode.jobs.keySet()) {
                    wrapper.update(wrapper.getIngestDocument(), failure);
                }
                encodeInTurn(encodes, next + 1, documents, handler);
            }
        }));
    }

    /**
     * Validates one document and adds its texts to {@code texts} and their keys to {@code keys}, lists of its own;
     * throws, adding nothing to the document, when it is bad. A text's key is {@code <index>/<_id>/<field>} (with
     * {@code [i]} after the field for an element of an array, {@code #i} for a chunk), the same each time the document is
     * ingested, so that the drift monitor's shadow replaces its copy; null when the document has no {@code _id} yet (one
     * generated after the pipeline).
     */
    private List<Job> collect(IngestDocument doc, ClusterState state, List<String> texts, List<String> keys) {
        String index = doc.getFieldValue(IngestDocument.Metadata.INDEX.getFieldName(), String.class, true);
        Object id = doc.getFieldValue(IngestDocument.Metadata.ID.getFieldName(), Object.class, true);
        String docKey = id == null ? null : index + "/" + id + "/";
        List<Job> docJobs = new ArrayList<>();
        int chunks = 0;
        for (FieldMapping field : fieldMap) {
            if (skipExisting && doc.hasField(field.target())) {
                continue;
            }
            Object value = doc.getFieldValue(field.source(), Object.class, true);
            if (value == null) {
                if (ignoreMissing) {
                    continue;
                }
                throw new IllegalArgumentException("field [" + field.source() + "] is missing (set ignore_missing to skip such documents)");
            }
            List<String> values = strings(field.source(), value);
            if (values.isEmpty()) {
                continue;
            }
            int from = texts.size();
            Shape shape = chunking != null ? Shape.CHUNKS : value instanceof List<?> ? Shape.ARRAY : Shape.ONE;
            List<String> windows = null;
            if (shape == Shape.CHUNKS) {
                windows = windows(doc, field.source(), values);
                chunks += windows.size();
                if (chunks > chunking.maxChunks()) {
                    throw new IllegalArgumentException("the document makes " + chunks + " chunks of at most " + chunking.maxTokens()
                        + " tokens (field [" + field.source() + "] and the chunked fields before it); at most " + chunking.maxChunks()
                        + " per document (chunking.max_chunks): raise it, or split the document");
                }
                String prefix = prefix(doc);
                for (int i = 0; i < windows.size(); i++) {
                    texts.add(TextChunker.prefixed(prefix, windows.get(i)));
                    keys.add(docKey == null ? null : docKey + field.source() + "#" + i);
                }
            } else {
                for (int i = 0; i < values.size(); i++) {
                    texts.add(values.get(i));
                    keys.add(docKey == null ? null : docKey + field.source() + (shape == Shape.ARRAY ? "[" + i + "]" : ""));
                }
            }
            if (texts.size() > limits.perDocument()) {
                throw new IllegalArgumentException("the document holds " + texts.size() + " texts to embed (field [" + field.source()
                    + "] and the fields before it); at most " + limits.perDocument() + " per document"
                    + " (plugins.leap.ingest.max_texts_per_document, plugins.leap.encode.max_texts)");
            }
            String problem = knnFieldCheck.problem(state, index, field.target(), shape != Shape.ONE, dimension);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            docJobs.add(new Job(field, shape, from, texts.size(), windows));
        }
        return docJobs;
    }

    /** The field's text, or its array's texts, each checked; a value of another kind fails the document. */
    private List<String> strings(String source, Object value) {
        if (value instanceof String s) {
            return List.of(checkedText(s, source));
        }
        if (value instanceof List<?> list) {
            List<String> texts = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String s) {
                    texts.add(checkedText(s, source + "[" + i + "]"));
                } else {
                    throw new IllegalArgumentException("field [" + source + "[" + i + "]] is " + describe(list.get(i)) + "; [" + TYPE
                        + "] embeds strings and arrays of strings");
                }
            }
            return texts;
        }
        throw new IllegalArgumentException("field [" + source + "] is " + describe(value) + "; [" + TYPE
            + "] embeds strings and arrays of strings");
    }

    /** The windows of a field's texts, in order, cut by the model's own tokenizer. */
    private List<String> windows(IngestDocument doc, String source, List<String> values) {
        TextChunker chunker = new TextChunker(registry.get().model(modelId)::countTokens, chunking.maxTokens(), chunking.overlapTokens());
        List<String> windows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            List<String> cut = chunker.chunks(values.get(i));
            if (cut.isEmpty()) {
                throw new IllegalArgumentException("field [" + source + (values.size() > 1 ? "[" + i + "]" : "") + "] has nothing the"
                    + " model's tokenizer keeps; there is nothing to embed");
            }
            windows.addAll(cut);
        }
        return windows;
    }

    /** The text of {@code chunking.prefix_field} (a title), or null when the option is off or the document has none. */
    private String prefix(IngestDocument doc) {
        if (chunking.prefixField() == null) {
            return null;
        }
        Object value = doc.getFieldValue(chunking.prefixField(), Object.class, true);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("field [" + chunking.prefixField() + "] (chunking.prefix_field) is " + describe(value)
            + "; the prefix before each chunk must be a string");
    }

    /** The text, or a refusal of its document alone when the encoder would refuse it (and with it the whole batch). */
    private String checkedText(String text, String where) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("field [" + where + "] is an empty string; there is nothing to embed");
        }
        if (registry.get().encodable(text) == false) {
            throw new IllegalArgumentException("field [" + where + "] has nothing to embed: only whitespace and control characters"
                + " in the part the encoder reads (plugins.leap.max_text_chars)");
        }
        return text;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return "a [" + value.getClass().getSimpleName() + "] (" + value + ")";
    }

    private static void write(IngestDocument doc, List<Job> docJobs, EncodeResponse response) {
        for (Job job : docJobs) {
            switch (job.shape()) {
                case ONE -> {
                    doc.setFieldValue(job.field().target(), toList(response.vectors().get(job.from())));
                    doc.setFieldValue(job.field().exitLayerField(), response.exitLayers()[job.from()]);
                }
                case ARRAY -> {
                    List<Map<String, Object>> vectors = new ArrayList<>(job.to() - job.from());
                    List<Integer> layers = new ArrayList<>(job.to() - job.from());
                    for (int i = job.from(); i < job.to(); i++) {
                        vectors.add(Map.of(NESTED_VECTOR_KEY, toList(response.vectors().get(i))));
                        layers.add(response.exitLayers()[i]);
                    }
                    doc.setFieldValue(job.field().target(), vectors);
                    doc.setFieldValue(job.field().exitLayerField(), layers);
                }
                case CHUNKS -> {
                    List<Map<String, Object>> chunks = new ArrayList<>(job.to() - job.from());
                    for (int i = job.from(); i < job.to(); i++) {
                        Map<String, Object> chunk = new LinkedHashMap<>();
                        chunk.put(Chunking.TEXT_KEY, job.windows().get(i - job.from()));
                        chunk.put(NESTED_VECTOR_KEY, toList(response.vectors().get(i)));
                        chunk.put(Chunking.EXIT_LAYER_KEY, response.exitLayers()[i]);
                        chunks.add(chunk);
                    }
                    doc.setFieldValue(job.field().target(), chunks);
                }
            }
            doc.setFieldValue(job.field().modelIdField(), response.modelId());
            if (response.theta() != null) {
                doc.setFieldValue(job.field().thetaField(), response.theta());
            }
        }
    }

    private static List<Float> toList(float[] vector) {
        List<Float> list = new ArrayList<>(vector.length);
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }
}

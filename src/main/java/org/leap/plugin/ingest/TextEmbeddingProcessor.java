package org.leap.plugin.ingest;

import java.util.ArrayList;
import java.util.IdentityHashMap;
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
 */
public final class TextEmbeddingProcessor extends AbstractBatchingProcessor {
    public static final String TYPE = "leap_text_embedding";
    /** Key of each element when an array of texts becomes an array of vectors (neural-search's convention). */
    public static final String NESTED_VECTOR_KEY = "knn";

    private final String modelId;
    private final List<FieldMapping> fieldMap;
    private final Double theta;
    private final boolean skipExisting;
    private final boolean ignoreMissing;
    private final int dimension;
    private final IngestLimits limits;
    private final Supplier<ModelRegistry> registry;
    private final Client client;
    private final ClusterService clusterService;
    private final KnnFieldCheck knnFieldCheck = new KnnFieldCheck();

    TextEmbeddingProcessor(String tag, String description, int batchSize, String modelId, List<FieldMapping> fieldMap, Double theta,
        boolean skipExisting, boolean ignoreMissing, int dimension, IngestLimits limits, Supplier<ModelRegistry> registry, Client client,
        ClusterService clusterService) {
        super(tag, description, batchSize);
        this.modelId = modelId;
        this.fieldMap = List.copyOf(fieldMap);
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

    /** What one document sends to the encoder: for each field, the range of its texts in the encode. */
    private record Job(FieldMapping field, boolean array, int from, int to) {
        Job shifted(int offset) {
            return new Job(field, array, from + offset, to + offset);
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
            } catch (IllegalArgumentException e) {
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
     * {@code [i]} after the field for an element of an array), the same each time the document is ingested, so that the
     * drift monitor's shadow replaces its copy; null when the document has no {@code _id} yet (one generated after the
     * pipeline).
     */
    private List<Job> collect(IngestDocument doc, ClusterState state, List<String> texts, List<String> keys) {
        String index = doc.getFieldValue(IngestDocument.Metadata.INDEX.getFieldName(), String.class, true);
        Object id = doc.getFieldValue(IngestDocument.Metadata.ID.getFieldName(), Object.class, true);
        String docKey = id == null ? null : index + "/" + id + "/";
        List<Job> docJobs = new ArrayList<>();
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
            int from = texts.size();
            boolean array = value instanceof List<?>;
            int count = from + (value instanceof List<?> list ? list.size() : 1);
            if (count > limits.perDocument()) {
                throw new IllegalArgumentException("the document holds " + count + " texts to embed (field [" + field.source() + "] and the"
                    + " fields before it); at most " + limits.perDocument() + " per document (plugins.leap.ingest.max_texts_per_document,"
                    + " plugins.leap.encode.max_texts)");
            }
            if (value instanceof String s) {
                texts.add(checkedText(s, field.source()));
                keys.add(docKey == null ? null : docKey + field.source());
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof String s) {
                        String where = field.source() + "[" + i + "]";
                        texts.add(checkedText(s, where));
                        keys.add(docKey == null ? null : docKey + where);
                    } else {
                        throw new IllegalArgumentException("field [" + field.source() + "[" + i + "]] is " + describe(list.get(i))
                            + "; [" + TYPE + "] embeds strings and arrays of strings");
                    }
                }
                if (list.isEmpty()) {
                    continue;
                }
            } else {
                throw new IllegalArgumentException("field [" + field.source() + "] is " + describe(value) + "; [" + TYPE
                    + "] embeds strings and arrays of strings");
            }
            String problem = knnFieldCheck.problem(state, index, field.target(), array, dimension);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            docJobs.add(new Job(field, array, from, texts.size()));
        }
        return docJobs;
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
            if (job.array()) {
                List<Map<String, Object>> vectors = new ArrayList<>(job.to() - job.from());
                List<Integer> layers = new ArrayList<>(job.to() - job.from());
                for (int i = job.from(); i < job.to(); i++) {
                    vectors.add(Map.of(NESTED_VECTOR_KEY, toList(response.vectors().get(i))));
                    layers.add(response.exitLayers()[i]);
                }
                doc.setFieldValue(job.field().target(), vectors);
                doc.setFieldValue(job.field().exitLayerField(), layers);
            } else {
                doc.setFieldValue(job.field().target(), toList(response.vectors().get(job.from())));
                doc.setFieldValue(job.field().exitLayerField(), response.exitLayers()[job.from()]);
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

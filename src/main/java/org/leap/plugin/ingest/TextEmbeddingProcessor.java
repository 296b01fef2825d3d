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
    private final IngestLimits limits;
    private final Client client;
    private final ClusterService clusterService;
    private final DocumentTexts documentTexts;

    TextEmbeddingProcessor(String tag, String description, int batchSize, String modelId, List<FieldMapping> fieldMap, Chunking chunking,
        Double theta, boolean skipExisting, boolean ignoreMissing, int dimension, IngestLimits limits, Supplier<ModelRegistry> registry,
        Client client, ClusterService clusterService) {
        super(tag, description, batchSize);
        this.modelId = modelId;
        this.fieldMap = List.copyOf(fieldMap);
        this.chunking = chunking;
        this.theta = theta;
        this.skipExisting = skipExisting;
        this.ignoreMissing = ignoreMissing;
        this.limits = limits;
        this.client = client;
        this.clusterService = clusterService;
        this.documentTexts = new DocumentTexts(modelId, fieldMap, chunking, skipExisting, ignoreMissing, dimension, limits, registry);
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

    /**
     * One encode: texts of several documents, at most {@code plugins.leap.encode.max_texts}, the key of each (see
     * {@link DocumentTexts#collect}), and where each document's texts are.
     */
    private static final class Encode {
        final List<String> texts = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final Map<IngestDocumentWrapper, List<FieldTexts>> jobs = new IdentityHashMap<>();

        void add(IngestDocumentWrapper wrapper, List<String> docTexts, List<String> docKeys, List<FieldTexts> docJobs) {
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
                List<FieldTexts> docJobs = documentTexts.collect(wrapper.getIngestDocument(), state, docTexts, docKeys);
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
                for (Map.Entry<IngestDocumentWrapper, List<FieldTexts>> e : encode.jobs.entrySet()) {
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

    private static void write(IngestDocument doc, List<FieldTexts> docJobs, EncodeResponse response) {
        for (FieldTexts job : docJobs) {
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

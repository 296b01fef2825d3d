package org.leap.plugin.ingest;

import static org.opensearch.ingest.ConfigurationUtils.newConfigurationException;
import static org.opensearch.ingest.ConfigurationUtils.readBooleanProperty;
import static org.opensearch.ingest.ConfigurationUtils.readIntProperty;
import static org.opensearch.ingest.ConfigurationUtils.readMap;
import static org.opensearch.ingest.ConfigurationUtils.readOptionalStringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.leap.plugin.model.LoadedModel;
import org.leap.plugin.model.ModelRegistry;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.transport.client.Client;
import org.opensearch.ingest.ConfigurationUtils;
import org.opensearch.ingest.Processor;

/**
 * Reads a {@code leap_text_embedding} config and refuses a bad one with the field at fault: an unknown model, a
 * missing or empty {@code field_map}, a theta outside (0, 1], a batch size below 1. Nested objects in
 * {@code field_map} name nested paths, as in neural-search: {@code {"passage": {"text": "vec"}}} embeds
 * {@code passage.text} into {@code passage.vec}.
 */
public final class TextEmbeddingProcessorFactory implements Processor.Factory {
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Documents of one encode at most: with the per-document cap, what bounds one encode's texts. */
    public static final int MAX_BATCH_SIZE = 1_000;

    private final Supplier<ModelRegistry> registry;
    private final Client client;
    private final ClusterService clusterService;
    private final IngestLimits limits;

    /**
     * @param registry the node's models, to check a config against (a supplier: the ingest service asks for factories
     *                 before the plugin's components exist)
     * @param client what the processors encode through: the encode action, which finds an encoder node
     * @param settings the node's: the processor's limits on texts per document and per encode
     */
    public TextEmbeddingProcessorFactory(Supplier<ModelRegistry> registry, Client client, ClusterService clusterService,
        Settings settings) {
        this.registry = registry;
        this.client = client;
        this.clusterService = clusterService;
        this.limits = IngestLimits.of(settings);
    }

    @Override
    public TextEmbeddingProcessor create(Map<String, Processor.Factory> factories, String tag, String description,
        Map<String, Object> config) {
        String type = TextEmbeddingProcessor.TYPE;
        ModelRegistry models = registry.get();
        String modelId = readOptionalStringProperty(type, tag, config, "model_id");
        LoadedModel model;
        try {
            model = models.model(modelId);
        } catch (IllegalArgumentException e) {
            throw newConfigurationException(type, tag, "model_id", e.getMessage());
        }
        Map<String, Object> rawFieldMap = readMap(type, tag, config, "field_map");
        List<String[]> pairs = new ArrayList<>();
        flatten("", rawFieldMap, pairs, tag);
        if (pairs.isEmpty()) {
            throw newConfigurationException(type, tag, "field_map", "must map at least one text field to a vector field");
        }
        int batchSize = readIntProperty(type, tag, config, "batch_size", DEFAULT_BATCH_SIZE);
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw newConfigurationException(type, tag, "batch_size", "must be in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
        }
        boolean skipExisting = readBooleanProperty(type, tag, config, "skip_existing", false);
        boolean ignoreMissing = readBooleanProperty(type, tag, config, "ignore_missing", true);
        Double theta = readTheta(config, tag);
        if (theta != null) {
            try {
                models.settings(model.id(), clusterService.state()).policy(theta, model.descriptor());
            } catch (IllegalArgumentException e) {
                throw newConfigurationException(type, tag, "theta", e.getMessage());
            }
        }
        Chunking chunking = readChunking(config, tag, model);
        String exitLayerField = readOptionalStringProperty(type, tag, config, "exit_layer_field");
        if (chunking != null && exitLayerField != null) {
            throw newConfigurationException(type, tag, "exit_layer_field", "with chunking each chunk object holds its own ["
                + Chunking.EXIT_LAYER_KEY + "]; leave exit_layer_field out");
        }
        String modelIdField = readOptionalStringProperty(type, tag, config, "model_id_field");
        String thetaField = readOptionalStringProperty(type, tag, config, "theta_field");
        if (pairs.size() > 1 && (exitLayerField != null || modelIdField != null || thetaField != null)) {
            throw newConfigurationException(type, tag, "exit_layer_field", "exit_layer_field, model_id_field and theta_field can only"
                + " be set when field_map has one entry; with several, each vector field gets <vector_field>_exit_layer,"
                + " <vector_field>_model_id and <vector_field>_theta");
        }
        List<FieldMapping> fields = new ArrayList<>();
        for (String[] pair : pairs) {
            try {
                FieldMapping d = FieldMapping.withDefaults(pair[0], pair[1]);
                fields.add(new FieldMapping(d.source(), d.target(), exitLayerField == null ? d.exitLayerField() : exitLayerField,
                    modelIdField == null ? d.modelIdField() : modelIdField, thetaField == null ? d.thetaField() : thetaField));
            } catch (IllegalArgumentException e) {
                throw newConfigurationException(type, tag, "field_map", e.getMessage());
            }
        }
        return new TextEmbeddingProcessor(tag, description, batchSize, model.id(), fields, chunking, theta, skipExisting, ignoreMissing,
            model.descriptor().hidden(), limits, registry, client, clusterService);
    }

    /** The {@code chunking} object, or null when the processor embeds whole texts; a bad value names its key. */
    private Chunking readChunking(Map<String, Object> config, String tag, LoadedModel model) {
        String type = TextEmbeddingProcessor.TYPE;
        Object raw = config.remove(Chunking.KEY);
        if (raw == null) {
            return null;
        }
        if (raw instanceof Map<?, ?> == false) {
            throw newConfigurationException(type, tag, Chunking.KEY, "must be an object, got [" + raw + "]");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> options = new java.util.HashMap<>((Map<String, Object>) raw);
        String key = Chunking.KEY + ".";
        int maxTokens = readIntProperty(type, tag, options, "max_tokens", Chunking.DEFAULT_MAX_TOKENS);
        int window = model.descriptor().maxLength() - 2;
        if (maxTokens < 1 || maxTokens > window) {
            throw newConfigurationException(type, tag, key + "max_tokens", "must be in [1, " + window + "] (the model reads "
                + model.descriptor().maxLength() + " tokens with its two special ones), got " + maxTokens);
        }
        int overlap = readIntProperty(type, tag, options, "overlap_tokens", 0);
        if (overlap < 0 || overlap * 2 > maxTokens) {
            throw newConfigurationException(type, tag, key + "overlap_tokens", "must be in [0, max_tokens / 2] = [0, " + maxTokens / 2
                + "], got " + overlap);
        }
        String prefixField = readOptionalStringProperty(type, tag, options, "prefix_field");
        int maxChunks = readIntProperty(type, tag, options, "max_chunks", Math.min(Chunking.DEFAULT_MAX_CHUNKS, limits.perDocument()));
        if (maxChunks < 1 || maxChunks > limits.perDocument()) {
            throw newConfigurationException(type, tag, key + "max_chunks", "must be in [1, " + limits.perDocument() + "] (the texts"
                + " one document may send, plugins.leap.ingest.max_texts_per_document and plugins.leap.encode.max_texts), got "
                + maxChunks);
        }
        if (options.isEmpty() == false) {
            throw newConfigurationException(type, tag, Chunking.KEY, "does not take " + options.keySet() + "; it takes max_tokens,"
                + " overlap_tokens, prefix_field and max_chunks");
        }
        return new Chunking(maxTokens, overlap, prefixField, maxChunks);
    }

    private static Double readTheta(Map<String, Object> config, String tag) {
        Object raw = config.remove("theta");
        if (raw == null) {
            return null;
        }
        double theta;
        if (raw instanceof Number n) {
            theta = n.doubleValue();
        } else {
            try {
                theta = Double.parseDouble(raw.toString());
            } catch (NumberFormatException e) {
                throw newConfigurationException(TextEmbeddingProcessor.TYPE, tag, "theta", "must be a number in (0, 1], got [" + raw + "]");
            }
        }
        if ((theta > 0 && theta <= 1) == false) {
            throw newConfigurationException(TextEmbeddingProcessor.TYPE, tag, "theta", "must be in (0, 1], got " + theta);
        }
        return theta;
    }

    private static void flatten(String prefix, Map<String, Object> map, List<String[]> out, String tag) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank()) {
                throw ConfigurationUtils.newConfigurationException(TextEmbeddingProcessor.TYPE, tag, "field_map", "has an empty field name");
            }
            if (e.getValue() instanceof String target && target.isBlank() == false) {
                out.add(new String[] { prefix + key, prefix + target });
            } else if (e.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) nested;
                flatten(prefix + key + ".", inner, out, tag);
            } else {
                throw ConfigurationUtils.newConfigurationException(TextEmbeddingProcessor.TYPE, tag, "field_map", "[" + prefix + key
                    + "] must map to a vector field name or to an object of nested fields, got [" + e.getValue() + "]");
            }
        }
    }
}

package org.leap.plugin.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.leap.plugin.model.ModelRegistry;
import org.leap.text.TextChunker;
import org.opensearch.cluster.ClusterState;
import org.opensearch.ingest.IngestDocument;

/**
 * What one document sends to the encoder, read and checked before any compute: the texts of each mapped field (whole,
 * the elements of an array, or the chunks of a chunking processor), each with its key, and where each field's vectors
 * go. A bad document throws with its reason and adds nothing, so that it fails alone.
 */
final class DocumentTexts {
    private final String modelId;
    private final List<FieldMapping> fieldMap;
    private final Chunking chunking;
    private final boolean skipExisting;
    private final boolean ignoreMissing;
    private final int dimension;
    private final IngestLimits limits;
    private final Supplier<ModelRegistry> registry;
    private final KnnFieldCheck knnFieldCheck = new KnnFieldCheck();

    /** @param chunking how texts are cut into chunks, or null to embed each text whole */
    DocumentTexts(String modelId, List<FieldMapping> fieldMap, Chunking chunking, boolean skipExisting, boolean ignoreMissing,
        int dimension, IngestLimits limits, Supplier<ModelRegistry> registry) {
        this.modelId = modelId;
        this.fieldMap = List.copyOf(fieldMap);
        this.chunking = chunking;
        this.skipExisting = skipExisting;
        this.ignoreMissing = ignoreMissing;
        this.dimension = dimension;
        this.limits = limits;
        this.registry = registry;
    }

    /**
     * Validates one document and adds its texts to {@code texts} and their keys to {@code keys}, lists of its own;
     * throws, adding nothing to the document, when it is bad. A text's key is {@code <index>/<_id>/<field>} (with
     * {@code [i]} after the field for an element of an array, {@code #i} for a chunk), the same each time the document is
     * ingested, so that the drift monitor's shadow replaces its copy; null when the document has no {@code _id} yet (one
     * generated after the pipeline).
     */
    List<FieldTexts> collect(IngestDocument doc, ClusterState state, List<String> texts, List<String> keys) {
        String index = doc.getFieldValue(IngestDocument.Metadata.INDEX.getFieldName(), String.class, true);
        Object id = doc.getFieldValue(IngestDocument.Metadata.ID.getFieldName(), Object.class, true);
        String docKey = id == null ? null : index + "/" + id + "/";
        List<FieldTexts> docJobs = new ArrayList<>();
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
            checkTextsPerDocument(texts.size() + (value instanceof List<?> list ? list.size() : 1), field);
            List<String> values = strings(field.source(), value);
            if (values.isEmpty()) {
                continue;
            }
            int from = texts.size();
            FieldTexts.Shape shape = chunking != null ? FieldTexts.Shape.CHUNKS : value instanceof List<?> ? FieldTexts.Shape.ARRAY
                : FieldTexts.Shape.ONE;
            List<String> windows = null;
            if (shape == FieldTexts.Shape.CHUNKS) {
                windows = windows(field.source(), values);
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
                    keys.add(docKey == null ? null : docKey + field.source() + (shape == FieldTexts.Shape.ARRAY ? "[" + i + "]" : ""));
                }
            }
            checkTextsPerDocument(texts.size(), field);
            String problem = knnFieldCheck.problem(state, index, field.target(), shape != FieldTexts.Shape.ONE, dimension);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            docJobs.add(new FieldTexts(field, shape, from, texts.size(), windows));
        }
        return docJobs;
    }

    /** Refuses a document of more texts than one encode of it may hold, before any of them is read. */
    private void checkTextsPerDocument(int count, FieldMapping field) {
        if (count > limits.perDocument()) {
            throw new IllegalArgumentException("the document holds " + count + " texts to embed (field [" + field.source() + "] and the"
                + " fields before it); at most " + limits.perDocument() + " per document (plugins.leap.ingest.max_texts_per_document,"
                + " plugins.leap.encode.max_texts)");
        }
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
                    throw new IllegalArgumentException("field [" + source + "[" + i + "]] is " + describe(list.get(i)) + "; ["
                        + TextEmbeddingProcessor.TYPE + "] embeds strings and arrays of strings");
                }
            }
            return texts;
        }
        throw new IllegalArgumentException("field [" + source + "] is " + describe(value) + "; [" + TextEmbeddingProcessor.TYPE
            + "] embeds strings and arrays of strings");
    }

    /** The windows of a field's texts, in order, cut by the model's own tokenizer. */
    private List<String> windows(String source, List<String> values) {
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
}

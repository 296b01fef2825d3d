package org.leap.plugin.ingest;

import java.util.List;
import java.util.Map;

import org.opensearch.OpenSearchParseException;

/** The processor's config: defaults, nested field maps, and every bad config refused with the field at fault. */
public class TextEmbeddingProcessorFactoryTests extends ProcessorTestCase {
    private String failure(Map<String, Object> config) {
        return expectThrows(OpenSearchParseException.class, () -> create(config)).getMessage();
    }

    public void testDefaultsNameTheFieldsAfterTheVectorField() {
        TextEmbeddingProcessor p = create(Map.of("field_map", Map.of("text", "vec")));
        assertEquals("the default model", "leap-bge-small", p.modelId());
        assertEquals(List.of(new FieldMapping("text", "vec", "vec_exit_layer", "vec_model_id", "vec_theta")), p.fieldMap());
        assertEquals(TextEmbeddingProcessorFactory.DEFAULT_BATCH_SIZE, p.batchSize());
        assertNull(p.theta());
        assertFalse(p.skipExisting());
        assertTrue(p.ignoreMissing());
    }

    public void testNestedFieldMapEmbedsIntoTheSameObject() {
        TextEmbeddingProcessor p = create(Map.of("field_map", Map.of("passage", Map.of("text", "vec"))));
        assertEquals("passage.text", p.fieldMap().get(0).source());
        assertEquals("passage.vec", p.fieldMap().get(0).target());
        assertEquals("passage.vec_exit_layer", p.fieldMap().get(0).exitLayerField());
    }

    public void testReadsEveryOption() {
        TextEmbeddingProcessor p = create(Map.of("model_id", "bge-small-en-v1.5", "field_map", Map.of("t", "v"), "batch_size", 7,
            "skip_existing", true, "ignore_missing", false, "theta", 0.9, "exit_layer_field", "layer", "model_id_field", "m",
            "theta_field", "th"));
        assertEquals(7, p.batchSize());
        assertEquals(0.9, p.theta(), 0);
        assertTrue(p.skipExisting());
        assertFalse(p.ignoreMissing());
        assertEquals(new FieldMapping("t", "v", "layer", "m", "th"), p.fieldMap().get(0));
    }

    public void testRejectsUnknownModelId() {
        String message = failure(Map.of("model_id", "no-such-model", "field_map", Map.of("t", "v")));
        assertTrue(message, message.contains("[model_id]") && message.contains("unknown model_id [no-such-model]"));
    }

    public void testRejectsMissingFieldMap() {
        assertTrue(failure(Map.of()).contains("[field_map] required property is missing"));
    }

    public void testRejectsEmptyFieldMap() {
        assertTrue(failure(Map.of("field_map", Map.of())).contains("must map at least one text field"));
    }

    /** A target of "." or "_index" was accepted, then failed the whole batch with a 500 when written. */
    public void testRejectsPathsThatCannotBeWritten() {
        for (String target : new String[] { ".", "_index", "a..b", "vec." }) {
            String message = failure(Map.of("field_map", Map.of("t", target)));
            assertTrue(message, message.contains("[field_map]") && message.contains("[" + target + "]"));
        }
        assertTrue(failure(Map.of("field_map", Map.of("t", "v"), "exit_layer_field", "_id")).contains("is a metadata field"));
        assertTrue(failure(Map.of("field_map", Map.of(".", "v"))).contains("source field [.] is not a field path"));
    }

    public void testRejectsFieldMapToANumber() {
        assertTrue(failure(Map.of("field_map", Map.of("t", 5))).contains("must map to a vector field name"));
    }

    public void testRejectsThetaAboveOne() {
        assertTrue(failure(Map.of("field_map", Map.of("t", "v"), "theta", 1.5)).contains("[theta] must be in (0, 1], got 1.5"));
    }

    public void testRejectsThetaZero() {
        assertTrue(failure(Map.of("field_map", Map.of("t", "v"), "theta", 0)).contains("must be in (0, 1], got 0.0"));
    }

    public void testRejectsThetaThatIsNotANumber() {
        assertTrue(failure(Map.of("field_map", Map.of("t", "v"), "theta", "high")).contains("must be a number in (0, 1]"));
    }

    public void testRejectsBatchSizeOutOfRange() {
        assertTrue(failure(Map.of("field_map", Map.of("t", "v"), "batch_size", 0)).contains("[batch_size] must be in [1, 1000], got 0"));
        assertTrue(failure(Map.of("field_map", Map.of("t", "v"), "batch_size", 1001)).contains("got 1001"));
    }

    public void testRejectsOneExitLayerFieldForSeveralVectors() {
        String message = failure(Map.of("field_map", Map.of("a", "va", "b", "vb"), "exit_layer_field", "layer"));
        assertTrue(message, message.contains("only be set when field_map has one entry"));
    }

    public void testReadsChunkingWithItsDefaults() {
        TextEmbeddingProcessor p = create(Map.of("field_map", Map.of("text", "chunks"), "chunking", Map.of()));
        assertEquals("max_chunks defaults to 100, here capped by the node's 5 texts per document",
            new Chunking(Chunking.DEFAULT_MAX_TOKENS, 0, null, MAX_TEXTS_PER_DOCUMENT), p.chunking());
        p = create(Map.of("field_map", Map.of("text", "chunks"), "chunking", Map.of("max_tokens", 48, "overlap_tokens", 8,
            "prefix_field", "title", "max_chunks", 3)));
        assertEquals(new Chunking(48, 8, "title", 3), p.chunking());
        assertNull(create(Map.of("field_map", Map.of("text", "vec"))).chunking());
    }

    public void testRejectsBadChunkingNamingTheOption() {
        Map<String, Object> field = Map.of("text", "chunks");
        assertTrue(failure(Map.of("field_map", field, "chunking", Map.of("max_tokens", 0))).contains("[chunking.max_tokens] must be in"
            + " [1, 510]"));
        assertTrue(failure(Map.of("field_map", field, "chunking", Map.of("max_tokens", 511))).contains("[chunking.max_tokens]"));
        assertTrue(failure(Map.of("field_map", field, "chunking", Map.of("max_tokens", 64, "overlap_tokens", 33))).contains(
            "[chunking.overlap_tokens] must be in [0, max_tokens / 2] = [0, 32], got 33"));
        assertTrue(failure(Map.of("field_map", field, "chunking", Map.of("max_chunks", MAX_TEXTS_PER_DOCUMENT + 1))).contains(
            "[chunking.max_chunks] must be in [1, 5]"));
        assertTrue(failure(Map.of("field_map", field, "chunking", Map.of("max_token", 64))).contains("does not take [max_token]"));
        assertTrue(failure(Map.of("field_map", field, "chunking", "yes")).contains("[chunking] must be an object"));
        assertTrue(failure(Map.of("field_map", field, "chunking", Map.of(), "exit_layer_field", "layer")).contains(
            "each chunk object holds its own [exit_layer]"));
    }
}

package org.leap.plugin.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.opensearch.Version;
import org.opensearch.cluster.ClusterName;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.ingest.IngestDocument;
import org.opensearch.ingest.IngestDocumentWrapper;
import org.opensearch.test.ClusterServiceUtils;

/**
 * Per-document checks that happen before any compute: each bad document fails alone with its reason and is left
 * unchanged. (Encoding itself is covered against the real node in integTest/.)
 */
public class TextEmbeddingProcessorTests extends ProcessorTestCase {
    private List<IngestDocumentWrapper> run(Map<String, Object> config, List<Map<String, Object>> sources) {
        TextEmbeddingProcessor processor = create(config);
        List<IngestDocumentWrapper> docs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            docs.add(new IngestDocumentWrapper(i, 0, new IngestDocument("docs", Integer.toString(i), null, null, null,
                new HashMap<>(sources.get(i))), null));
        }
        AtomicReference<List<IngestDocumentWrapper>> out = new AtomicReference<>();
        processor.batchExecute(docs, out::set);
        assertNotNull("no document reached the encoder, so the handler must have been called at once", out.get());
        return out.get();
    }

    private static String reason(IngestDocumentWrapper doc) {
        assertNotNull("expected a failure", doc.getException());
        return doc.getException().getMessage();
    }

    public void testFailsEachBadDocumentAloneWithItsReason() {
        List<IngestDocumentWrapper> out = run(Map.of("field_map", Map.of("text", "vec")), List.of(Map.of("text", ""), Map.of("text", 42),
            Map.of("text", List.of("ok", 3)), Map.of("text", Map.of("a", "b")), Map.of("text", "   ")));
        assertEquals("field [text] is an empty string; there is nothing to embed", reason(out.get(0)));
        assertTrue(reason(out.get(1)), reason(out.get(1)).startsWith("field [text] is a [Integer] (42)"));
        assertTrue(reason(out.get(2)), reason(out.get(2)).startsWith("field [text[1]] is a [Integer]"));
        assertTrue(reason(out.get(3)), reason(out.get(3)).startsWith("field [text] is an object"));
        assertTrue(reason(out.get(4)), reason(out.get(4)).contains("nothing to embed"));
        for (IngestDocumentWrapper doc : out) {
            assertFalse(doc.getIngestDocument().hasField("vec"));
            assertFalse(doc.getIngestDocument().hasField("vec_exit_layer"));
        }
    }

    /**
     * Texts that pass a blank check but that the encoder refuses (after sanitising, or after the cut to
     * plugins.leap.max_text_chars): before, each failed its whole batch with the encoder's reason.
     */
    public void testTextsTheEncoderWouldRefuseFailTheirDocumentOnly() {
        List<IngestDocumentWrapper> out = run(Map.of("field_map", Map.of("text", "vec")), List.of(Map.of("text", "\u0000"),
            Map.of("text", "\t\u0007\u001f "), Map.of("text", " ".repeat(20_001) + "word"), Map.of("text", List.of("fine", "\u0000"))));
        for (IngestDocumentWrapper doc : out) {
            assertTrue(reason(doc), reason(doc).contains("has nothing to embed: only whitespace and control characters"));
            assertFalse(doc.getIngestDocument().hasField("vec"));
        }
        assertTrue(reason(out.get(3)), reason(out.get(3)).startsWith("field [text[1]]"));
    }

    public void testSkipsMissingFieldByDefault() {
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "vec")), List.of(Map.of("title", "x"))).get(0);
        assertNull(doc.getException());
        assertFalse(doc.getIngestDocument().hasField("vec"));
    }

    public void testFailsMissingFieldWhenIgnoreMissingIsFalse() {
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "vec"), "ignore_missing", false), List.of(Map.of("title", "x")))
            .get(0);
        assertTrue(reason(doc).startsWith("field [text] is missing"));
    }

    public void testSkipExistingLeavesEmbeddedDocumentsAlone() {
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "vec"), "skip_existing", true), List.of(Map.of("text", "hello",
            "vec", List.of(1f, 0f)))).get(0);
        assertNull(doc.getException());
        assertEquals(List.of(1f, 0f), doc.getIngestDocument().getFieldValue("vec", List.class));
    }

    private void putIndex(Map<String, Object> vecMapping) {
        IndexMetadata index = IndexMetadata.builder("docs").settings(Settings.builder().put(IndexMetadata.SETTING_VERSION_CREATED,
            Version.CURRENT).put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, 1).put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0))
            .putMapping(new MappingMetadata("_doc", Map.of("properties", Map.of("text", Map.of("type", "text"), "vec", vecMapping))))
            .build();
        ClusterServiceUtils.setState(clusterService, ClusterState.builder(new ClusterName("test")).metadata(Metadata.builder()
            .put(index, false)).build());
    }

    public void testRejectsVectorFieldOfAnotherDimension() {
        putIndex(Map.of("type", "knn_vector", "dimension", 768));
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "vec")), List.of(Map.of("text", "hello"))).get(0);
        assertEquals("field [vec] of index [docs] has dimension 768 but the model embeds in 384", reason(doc));
    }

    public void testRejectsVectorFieldThatIsNotKnnVector() {
        putIndex(Map.of("type", "float"));
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "vec")), List.of(Map.of("text", "hello"))).get(0);
        assertEquals("field [vec] of index [docs] is of type [float], not [knn_vector]", reason(doc));
    }

    public void testRejectsUnmappedVectorFieldOfAnExistingIndex() {
        putIndex(Map.of("type", "knn_vector", "dimension", 384));
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "other")), List.of(Map.of("text", "hello"))).get(0);
        assertTrue(reason(doc), reason(doc).startsWith("field [other] of index [docs] is not mapped"));
    }

    /** A document with more texts than the cap held an inference thread and the heap for all of them; now it fails alone. */
    public void testADocumentWithTooManyTextsFailsAlone() {
        List<String> many = java.util.Collections.nCopies(MAX_TEXTS_PER_DOCUMENT + 1, "a text");
        List<IngestDocumentWrapper> out = run(Map.of("field_map", Map.of("text", "vec", "title", "title_vec")), List.of(Map.of("text",
            many), Map.of("text", java.util.Collections.nCopies(MAX_TEXTS_PER_DOCUMENT, "a"), "title", "one more")));
        assertTrue(reason(out.get(0)), reason(out.get(0)).contains("holds 6 texts to embed") && reason(out.get(0)).contains(
            "at most 5 per document (plugins.leap.ingest.max_texts_per_document, plugins.leap.encode.max_texts)"));
        assertTrue(reason(out.get(1)), reason(out.get(1)).contains("holds 6 texts to embed"));
    }

    private static final String ABSTRACT = "Alterations of the architecture of cerebral white matter in the developing human brain can"
        + " affect cortical development and result in functional disabilities. A line scan diffusion-weighted magnetic resonance"
        + " imaging sequence with diffusion tensor analysis was applied to measure the apparent diffusion coefficient. Relative"
        + " anisotropy was higher closer to birth. Fiber tracts were seen in the internal capsule at 28 weeks.";

    /** A long document is never cut short silently: over max_chunks it fails alone, naming the option. */
    public void testADocumentOverMaxChunksFailsAloneNamingTheOption() {
        List<IngestDocumentWrapper> out = run(Map.of("field_map", Map.of("text", "chunks"), "chunking", Map.of("max_tokens", 16,
            "max_chunks", 3)), List.of(Map.of("text", ABSTRACT), Map.of("text", "")));
        assertTrue(reason(out.get(0)), reason(out.get(0)).matches("the document makes \\d+ chunks of at most 16 tokens \\(field \\[text\\]"
            + " and the chunked fields before it\\); at most 3 per document \\(chunking.max_chunks\\).*"));
        assertFalse(out.get(0).getIngestDocument().hasField("chunks"));
        assertEquals("field [text] is an empty string; there is nothing to embed", reason(out.get(1)));
    }

    public void testAPrefixThatIsNotAStringFailsItsDocument() {
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "chunks"), "chunking", Map.of("prefix_field", "title")),
            List.of(Map.of("text", ABSTRACT, "title", Map.of("a", "b")))).get(0);
        assertEquals("field [title] (chunking.prefix_field) is an object; the prefix before each chunk must be a string", reason(doc));
    }

    public void testChunksGoIntoANestedFieldWithAKnnSubField() {
        putIndex(Map.of("type", "knn_vector", "dimension", 384));
        IngestDocumentWrapper doc = run(Map.of("field_map", Map.of("text", "vec"), "chunking", Map.of()), List.of(Map.of("text",
            ABSTRACT))).get(0);
        assertTrue(reason(doc), reason(doc).startsWith("field [vec] of index [docs] receives one vector per element of an array or per chunk, so it must"
            + " be of type [nested]"));
    }
}

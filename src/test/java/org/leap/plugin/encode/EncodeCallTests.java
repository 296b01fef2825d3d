package org.leap.plugin.encode;

import java.util.Arrays;
import java.util.List;

import org.leap.plugin.stats.EncodePath;
import org.opensearch.test.OpenSearchTestCase;

/** An encode's document keys: one per text or none, a text without a document id keyed null. */
public class EncodeCallTests extends OpenSearchTestCase {
    public void testRefusesKeysOfAnotherCountThanTexts() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new EncodeCall("m", List.of("a", "b"),
            EncodePath.INGEST, null, null, List.of("docs/1/title")));
        assertEquals("1 document keys for 2 texts", e.getMessage());
    }

    public void testATextWithoutADocumentIdHasNoKey() {
        EncodeCall call = new EncodeCall("m", List.of("a", "b"), EncodePath.INGEST, null, null, Arrays.asList("docs/1/title", null));
        assertEquals("docs/1/title", call.key(0));
        assertNull(call.key(1));
    }

    public void testAQueryHasNoKeys() {
        EncodeCall call = new EncodeCall("m", List.of("q"), EncodePath.QUERY, null, null, null);
        assertNull(call.keys());
        assertNull(call.key(0));
    }
}

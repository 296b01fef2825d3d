package org.leap.plugin.action.encode;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.leap.plugin.stats.EncodePath;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.test.OpenSearchTestCase;

/** An encode forwarded to an encoder node keeps its texts' document keys, those without one and their absence. */
public class EncodeRequestTests extends OpenSearchTestCase {
    private static EncodeRequest roundTrip(EncodeRequest request) throws IOException {
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            request.writeTo(out);
            return new EncodeRequest(out.bytes().streamInput());
        }
    }

    public void testKeysCrossTheWireWithTheTextsWithoutOne() throws IOException {
        List<String> keys = Arrays.asList("docs/1/title", null, "docs/2/tags[0]");
        EncodeRequest read = roundTrip(new EncodeRequest("m", List.of("a", "b", "c"), 0.9, EncodePath.INGEST, null, keys));
        assertEquals(keys, read.keys());
        assertEquals(List.of("a", "b", "c"), read.texts());
        assertEquals(0.9, read.theta(), 0);
    }

    public void testAQueryCrossesTheWireWithoutKeys() throws IOException {
        EncodeRequest read = roundTrip(new EncodeRequest("m", List.of("q"), null, EncodePath.QUERY, null, null));
        assertNull(read.keys());
        assertEquals(EncodePath.QUERY, read.path());
    }
}

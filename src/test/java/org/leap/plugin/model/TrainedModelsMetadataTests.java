package org.leap.plugin.model;

import java.io.IOException;
import java.util.Set;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.test.OpenSearchTestCase;

/** The cluster's list of trained models crosses the wire and the gateway unchanged, and adds and drops ids. */
public class TrainedModelsMetadataTests extends OpenSearchTestCase {
    public void testWireAndXContentRoundTrip() throws IOException {
        TrainedModelsMetadata list = TrainedModelsMetadata.EMPTY.with("b").with("a");
        BytesStreamOutput out = new BytesStreamOutput();
        list.writeTo(out);
        assertEquals(list, new TrainedModelsMetadata(out.bytes().streamInput()));
        XContentBuilder builder = JsonXContent.contentBuilder().startObject();
        list.toXContent(builder, ToXContent.EMPTY_PARAMS);
        builder.endObject();
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY,
            DeprecationHandler.THROW_UNSUPPORTED_OPERATION, builder.toString())) {
            assertEquals(list, TrainedModelsMetadata.fromXContent(parser));
        }
    }

    public void testAddsAndDrops() {
        TrainedModelsMetadata list = TrainedModelsMetadata.EMPTY.with("a").with("b").without("a");
        assertEquals(Set.of("b"), list.modelIds());
        assertEquals(Set.of("b"), list.without("nope").modelIds());
    }
}

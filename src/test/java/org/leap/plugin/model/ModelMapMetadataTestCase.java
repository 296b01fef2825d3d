package org.leap.plugin.model;

import java.io.IOException;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.test.OpenSearchTestCase;

/**
 * The contract of a per-model cluster-state custom: it crosses the wire (to every node) and the gateway's XContent (a
 * full restart) unchanged.
 */
public abstract class ModelMapMetadataTestCase<M extends ModelMapMetadata<?, M>> extends OpenSearchTestCase {
    /** A custom with more than one model and values away from the defaults. */
    protected abstract M sample();

    protected abstract M read(StreamInput in) throws IOException;

    protected abstract M parse(XContentParser parser) throws IOException;

    public void testWireRoundTrip() throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        sample().writeTo(out);
        assertEquals(sample(), read(out.bytes().streamInput()));
    }

    public void testXContentRoundTrip() throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder().startObject();
        sample().toXContent(builder, ToXContent.EMPTY_PARAMS);
        builder.endObject();
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY,
            DeprecationHandler.THROW_UNSUPPORTED_OPERATION, BytesReference.bytes(builder).streamInput())) {
            assertEquals(sample(), parse(parser));
        }
    }
}

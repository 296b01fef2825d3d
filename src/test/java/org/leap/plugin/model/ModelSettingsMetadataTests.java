package org.leap.plugin.model;

import java.io.IOException;
import java.util.Map;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.test.OpenSearchTestCase;

/** The cluster-state form of the model settings survives the wire and the gateway's XContent unchanged. */
public class ModelSettingsMetadataTests extends OpenSearchTestCase {
    private static ModelSettingsMetadata sample() {
        return new ModelSettingsMetadata(Map.of("a", new ModelSettings(0.9, 1, 6, 0.01, false, 3), "b",
            new ModelSettings(1.0, 2, 4, 1.0, true, 1)));
    }

    public void testWireRoundTrip() throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        sample().writeTo(out);
        assertEquals(sample(), new ModelSettingsMetadata(out.bytes().streamInput()));
    }

    public void testXContentRoundTrip() throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder().startObject();
        sample().toXContent(builder, ToXContent.EMPTY_PARAMS);
        builder.endObject();
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY,
            DeprecationHandler.THROW_UNSUPPORTED_OPERATION, BytesReference.bytes(builder).streamInput())) {
            assertEquals(sample(), ModelSettingsMetadata.fromXContent(parser));
        }
    }

    public void testWithBumpsOnlyTheNamedModel() {
        ModelSettingsMetadata next = sample().with("a", new ModelSettings(0.8, 1, 6, 0.01, false, 4));
        assertEquals(4, next.get("a").version());
        assertEquals(sample().get("b"), next.get("b"));
    }

    public void testSettingsRefuseThetaOutOfRange() {
        expectThrows(IllegalArgumentException.class, () -> new ModelSettings(1.01, 1, 6, 0.01, false, 1));
        expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0, 1, 6, 0.01, false, 1));
    }

    public void testSettingsRefuseSampleRateOutOfRange() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, 1.5, false, 1));
        assertEquals("[drift.sample_rate] must be in [0, 1], got 1.5", e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> new ModelSettings(0.9, 1, 6, -0.1, false, 1));
    }

    public void testStateWrittenBeforeDriftSettingsGetsTheirDefaults() throws IOException {
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY,
            DeprecationHandler.THROW_UNSUPPORTED_OPERATION, "{\"a\": {\"theta\": 0.9, \"k\": 1, \"l_min\": 6, \"version\": 2}}")) {
            ModelSettings a = ModelSettingsMetadata.fromXContent(parser).get("a");
            assertEquals(ModelSettings.DEFAULT_DRIFT_SAMPLE_RATE, a.driftSampleRate(), 0);
            assertFalse(a.autoRaiseTheta());
            assertEquals(2, a.version());
        }
    }
}

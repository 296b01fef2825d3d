package org.leap.plugin.stats;

import java.io.IOException;
import java.util.Map;

import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.test.OpenSearchTestCase;

/** A model's stats carry its device and the reason it runs there, across the wire and into the JSON. */
public class ModelStatsSnapshotTests extends OpenSearchTestCase {
    private static final String REASON = "[plugins.leap.device] is auto and no CUDA device is visible: the libtorch loaded from "
        + "/data/leap/djl-cache/pytorch/2.7.1-20250812-cpu-linux-x86_64 is a CPU build";

    private static ModelStatsSnapshot sample() {
        PathStatsSnapshot empty = new PathStats(12).snapshot();
        return new ModelStatsSnapshot("leap-bge-small", "ready", "pytorch", "cpu", REASON, 12, empty, empty);
    }

    public void testShowsDeviceAndReason() throws IOException {
        Map<String, Object> json = render(sample());
        assertEquals("cpu", json.get("device"));
        assertEquals(REASON, json.get("device_reason"));
    }

    public void testAModelNotLoadedYetHasNoReason() throws IOException {
        PathStatsSnapshot empty = new PathStats(12).snapshot();
        assertFalse(render(new ModelStatsSnapshot("m", "loading", null, null, null, 12, empty, empty)).containsKey("device_reason"));
    }

    public void testWireRoundTrip() throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        sample().writeTo(out);
        assertEquals(render(sample()), render(ModelStatsSnapshot.readFrom(out.bytes().streamInput())));
    }

    private static Map<String, Object> render(ModelStatsSnapshot snapshot) throws IOException {
        BytesReference bytes = BytesReference.bytes(snapshot.toXContent(JsonXContent.contentBuilder(), ToXContent.EMPTY_PARAMS));
        return XContentHelper.convertToMap(bytes, false, MediaTypeRegistry.JSON).v2();
    }
}

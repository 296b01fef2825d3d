package org.leap.plugin.query;

import java.io.IOException;
import java.util.List;

import org.leap.plugin.action.encode.EncodeResponse;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.test.OpenSearchTestCase;

/** The name hits carry says the θ a query ran at, and that it was degraded, after the encode's trip over the wire. */
public class ExitTagTests extends OpenSearchTestCase {
    private static EncodeResponse overTheWire(EncodeResponse response) throws IOException {
        BytesStreamOutput out = new BytesStreamOutput();
        response.writeTo(out);
        return new EncodeResponse(out.bytes().streamInput());
    }

    public void testADegradedQueryShowsTheThetaItRanAt() throws IOException {
        EncodeResponse degraded = overTheWire(new EncodeResponse("m", 12, 0.9, true, 5, List.of(new float[] { 1, 0 }), new int[] { 7 }));
        assertTrue(degraded.degraded());
        assertEquals("leap_neural:field=vec,model=m,exit_layer=7,layers=12,theta=0.9,degraded=true", LeapNeuralQueryBuilder.exitTag("vec",
            degraded));
    }

    public void testAQueryAtTheModelsThetaSaysNothingMore() throws IOException {
        EncodeResponse normal = overTheWire(new EncodeResponse("m", 12, 0.95, false, 5, List.of(new float[] { 1, 0 }), new int[] { 8 }));
        assertFalse(normal.degraded());
        assertEquals("leap_neural:field=vec,model=m,exit_layer=8,layers=12,theta=0.95", LeapNeuralQueryBuilder.exitTag("vec", normal));
    }
}

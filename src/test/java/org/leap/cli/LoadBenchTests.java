package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The search-alone line names the highest offered load, whatever order the loads ran in, and what the rate allows; the
 * latencies are those of the answered queries alone.
 */
class LoadBenchTests {
    private static JsonNode report(double searchAlone) throws IOException {
        return Output.JSON.readTree("{\"sustained_qps_full_quality\":50,\"search_alone_query_vectors\":200,"
            + "\"sustained_qps_search_alone\":" + searchAlone + ",\"search_alone_over_full_quality\":" + searchAlone / 50 + ",\"levels\":["
            + "{\"load\":\"unloaded\",\"degrade_off\":{\"offered_qps\":0}},{\"load\":\"4.0x\",\"degrade_off\":{\"offered_qps\":200}},"
            + "{\"load\":\"2.0x\",\"degrade_off\":{\"offered_qps\":100}}]}");
    }

    @Test
    void testSaysNoEncodeDepthServesALoadTheSearchAloneCannot() throws IOException {
        String line = LoadBench.searchAloneLine(report(150));
        assertTrue(line.contains("150.0 queries/s, 3.00x the full-quality rate"), line);
        assertTrue(line.contains("4.0x the full-quality rate is 200.0 q/s; with no encode at all the node answers 150.0 q/s, so no "
            + "encode depth can serve it"), line);
    }

    @Test
    void testSaysTheSearchAloneCouldServeALoadBelowItsRate() throws IOException {
        String line = LoadBench.searchAloneLine(report(250));
        assertTrue(line.endsWith("with no encode at all the node answers 250.0 q/s, so the search alone could serve it"), line);
    }

    @Test
    void testLatenciesAreOfTheAnsweredQueriesAloneAnd429sCountApart() {
        long ms = 1_000_000L;
        LoadBench.Result r = LoadBench.result(4, List.of(new long[] { 200, 30 * ms, 0 }, new long[] { 429, 1 * ms, 0 }, new long[] {
            429, 2 * ms, 0 }, new long[] { 200, 40 * ms, 1 }, new long[] { 500, 3 * ms, 0 }), 1);
        assertEquals(2, r.ok());
        assertEquals(2, r.rejected());
        assertEquals(1, r.errors());
        assertEquals(1, r.degraded());
        assertEquals(30.0, r.p50Millis(), 0);
        assertEquals(40.0, r.p99Millis(), 0);
        assertEquals(2.0, r.achievedQps(), 0);
    }
}

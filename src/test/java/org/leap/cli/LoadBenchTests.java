package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The search-alone line names the highest offered load, whatever order the loads ran in, and what the rate allows. */
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
}

package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class DocumentVectorSearchesTests {
    private static JsonNode response(String hits) throws IOException {
        return Output.JSON.readTree("{\"hits\":{\"hits\":[" + hits + "]}}");
    }

    @Test
    void testMakesOneTop10KnnSearchPerDocumentVector() throws IOException {
        List<String> bodies = DocumentVectorSearches.bodies("i", response("{\"_id\":\"0\",\"_source\":{\"vec\":[0.25,-1.5,3]}},"
            + "{\"_id\":\"1\",\"_source\":{\"vec\":[1,0,0]}}"));
        assertEquals(2, bodies.size());
        JsonNode first = Output.JSON.readTree(bodies.get(0));
        assertEquals(Output.JSON.readTree("{\"size\":10,\"_source\":false,\"query\":{\"knn\":{\"vec\":{\"vector\":[0.25,-1.5,3],"
            + "\"k\":10}}}}"), first);
        assertEquals("[1,0,0]", Output.JSON.readTree(bodies.get(1)).path("query").path("knn").path("vec").path("vector").toString());
    }

    @Test
    void testRefusesADocumentWithoutItsVector() throws IOException {
        JsonNode r = response("{\"_id\":\"0\",\"_source\":{\"vec\":[1,0]}},{\"_id\":\"7\",\"_source\":{}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocumentVectorSearches.bodies("i", r));
        assertTrue(e.getMessage().contains("document [7] of [i] has no vector"), e.getMessage());
    }

    @Test
    void testRefusesAVectorWithANonNumber() throws IOException {
        JsonNode r = response("{\"_id\":\"3\",\"_source\":{\"vec\":[1,\"x\"]}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocumentVectorSearches.bodies("i", r));
        assertTrue(e.getMessage().contains("document [3] of [i] has a non-number"), e.getMessage());
    }

    @Test
    void testRefusesAnIndexWithNoDocuments() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocumentVectorSearches.bodies("i", response("")));
        assertTrue(e.getMessage().contains("index [i] has no documents"), e.getMessage());
    }
}

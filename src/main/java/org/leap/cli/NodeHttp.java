package org.leap.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON calls to a node for the benchmarks: a status of 300 or more fails the run with the node's answer. */
final class NodeHttp {
    private final HttpClient http = HttpClient.newHttpClient();

    /** The HTTP client itself, for calls whose status is the measurement (a 429 under load). */
    HttpClient client() {
        return http;
    }

    /**
     * @param allowMissing whether a 404 is an answer (a DELETE of what may not exist) rather than a failure
     */
    JsonNode request(String base, String method, String path, String body, boolean allowMissing) throws IOException,
        InterruptedException {
        HttpResponse<String> response = http.send(build(base, method, path, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && (allowMissing && response.statusCode() == 404) == false) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return Output.JSON.readTree(response.body());
    }

    static HttpRequest build(String base, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type",
            path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A {@code leap_neural} search of the benchmarks' {@code vec} field, top 10, with no θ of its own (the model's applies). */
    static String leapNeuralSearch(String model, String text) {
        return "{\"size\":10,\"_source\":false,\"query\":{\"leap_neural\":{\"vec\":{\"query_text\":" + quote(text)
            + ",\"model_id\":" + quote(model) + ",\"k\":10}}}}";
    }

    static String quote(String s) {
        try {
            return Output.JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

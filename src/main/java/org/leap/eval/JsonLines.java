package org.leap.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a JSON lines file (a BEIR corpus or query file, a training file) one object at a time: blank lines skipped, a
 * line that is not JSON an error naming the file and line, never a text lost or misread.
 */
public final class JsonLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is done with each object; it throws {@link DataFileException} for an object it cannot take. */
    @FunctionalInterface
    public interface Line {
        void accept(long number, JsonNode node);
    }

    private JsonLines() {}

    public static void forEach(Path file, BufferedReader reader, Line out) throws IOException {
        long number = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new DataFileException(file, number, "not valid JSON: " + e.getMessage());
            }
            out.accept(number, node);
        }
    }
}

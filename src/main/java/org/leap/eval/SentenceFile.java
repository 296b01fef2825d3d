package org.leap.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A file of sentences, one per line. Blank lines are an error, named by line, rather than silently dropped. */
public final class SentenceFile {
    private SentenceFile() {}

    public static List<String> read(Path file, int limit) {
        if (Files.isRegularFile(file) == false) {
            throw new DataFileException(file, 0, "no such file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataFileException(file, 0, "cannot be read as UTF-8 text: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new DataFileException(file, 0, "is empty");
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                throw new DataFileException(file, i + 1, "blank line; put one sentence on each line");
            }
        }
        return limit > 0 && lines.size() > limit ? List.copyOf(lines.subList(0, limit)) : List.copyOf(lines);
    }
}

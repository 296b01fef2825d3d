package org.leap.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads training sentences from their files. Blank lines (and lines of only control characters, which the tokenizer
 * would reject) are skipped; the rest is kept verbatim, in file order. Shuffling is the batch schedule's job.
 */
public final class Corpus {
    private Corpus() {}

    /** @throws IllegalArgumentException when the files hold no sentence, or a TSV lacks its column */
    public static List<String> read(List<DataSource> sources) {
        List<String> sentences = new ArrayList<>();
        for (DataSource source : sources) {
            int before = sentences.size();
            read(source, sentences);
            if (sentences.size() == before) {
                throw new IllegalArgumentException("data file " + source.path() + " holds no sentences"
                    + (source.column() == null ? " (only blank lines)" : " in column [" + source.column() + "]"));
            }
        }
        return List.copyOf(sentences);
    }

    private static void read(DataSource source, List<String> out) {
        try (BufferedReader reader = Files.newBufferedReader(source.path(), StandardCharsets.UTF_8)) {
            int column = -1;
            if (source.column() != null) {
                String header = reader.readLine();
                if (header == null) {
                    throw new IllegalArgumentException("data file " + source.path() + " is empty; it should start with a header row");
                }
                List<String> names = Arrays.asList(header.split("\t", -1));
                column = names.indexOf(source.column());
                if (column < 0) {
                    throw new IllegalArgumentException("data file " + source.path() + " has no column [" + source.column()
                        + "]; its header names " + names);
                }
            }
            String line;
            int lineNumber = source.column() == null ? 0 : 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String text = line;
                if (column >= 0) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] fields = line.split("\t", -1);
                    if (fields.length <= column) {
                        throw new IllegalArgumentException("data file " + source.path() + " line " + lineNumber + " has "
                            + fields.length + " fields; column [" + source.column() + "] is field " + (column + 1));
                    }
                    text = fields[column];
                }
                if (hasText(text)) {
                    out.add(text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + source.path(), e);
        }
    }

    private static boolean hasText(String s) {
        return s.chars().anyMatch(c -> Character.isWhitespace(c) == false && Character.isISOControl(c) == false);
    }
}

package org.leap.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.leap.eval.DataFileException;

/**
 * Passages for the benchmark: what an index ingests, so they bring the long token lengths that sentence files lack.
 * The file may be gzip (told by its magic bytes, not its name) and is either a TSV whose header row names a
 * {@code text} column (e.g. {@code source\ttext}) or plain text, one passage per line. A blank passage is an error
 * naming its line, as in {@link org.leap.eval.SentenceFile}, rather than a row silently dropped.
 */
final class PassageFile {
    private static final String TEXT_COLUMN = "text";

    private PassageFile() {}

    static List<String> read(Path file) {
        if (Files.isRegularFile(file) == false) {
            throw new DataFileException(file, 0, "no such file");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            if (first == null) {
                throw new DataFileException(file, 0, "is empty");
            }
            int column = Arrays.asList(first.split("\t", -1)).indexOf(TEXT_COLUMN);
            boolean tsv = first.contains("\t") && column >= 0;
            List<String> passages = new ArrayList<>();
            if (tsv == false) {
                add(file, 1, first, passages);
            }
            String line;
            for (int lineNumber = 2; (line = reader.readLine()) != null; lineNumber++) {
                add(file, lineNumber, tsv ? field(file, lineNumber, line, column) : line, passages);
            }
            if (passages.isEmpty()) {
                throw new DataFileException(file, 0, "holds a header and no passages");
            }
            return List.copyOf(passages);
        } catch (IOException e) {
            throw new DataFileException(file, 0, "cannot be read as UTF-8 text, plain or gzip: " + e.getMessage());
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static String field(Path file, int lineNumber, String line, int column) {
        String[] fields = line.split("\t", -1);
        if (fields.length <= column) {
            throw new DataFileException(file, lineNumber, "has " + fields.length + " fields; the [text] column is field " + (column + 1));
        }
        return fields[column];
    }

    private static void add(Path file, int lineNumber, String text, List<String> out) {
        if (text.isBlank()) {
            throw new DataFileException(file, lineNumber, "blank passage; put one text on each line");
        }
        out.add(text);
    }
}

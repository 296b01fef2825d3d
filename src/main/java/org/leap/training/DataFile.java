package org.leap.training;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.leap.eval.DataFileException;
import org.leap.eval.JsonLines;
import org.leap.text.TextChunker;

/**
 * Reads the texts of one {@link DataSource}, plain or gzip (told by the magic bytes, so a {@code .tsv.gz} of passages
 * needs no extra key). A one-sentence-a-line file skips blank lines, as sentence lists end in them. A TSV is a table,
 * so any row that is not one is an error naming the file and line rather than a text lost or misread: an empty line,
 * a field count other than the header's (a tab inside a text shifts the columns), a text with no visible character.
 * A JSON lines file is held to the same: each line an object whose text key holds a string with a visible character.
 */
final class DataFile {
    private DataFile() {}

    /**
     * Passes each text to {@code out}, in file order: whole, or as its windows with the title before each.
     *
     * @param counter the student's token counts, for a source with {@code chunk_tokens}; else may be null
     */
    static void read(DataSource source, TextChunker.TokenCounter counter, Consumer<String> out) {
        TextChunker chunker = source.chunkTokens() == null ? null : new TextChunker(counter, source.chunkTokens(), 0);
        BiConsumer<String, String> titled = (title, text) -> {
            if (chunker == null) {
                out.accept(TextChunker.prefixed(title, text));
            } else {
                chunker.chunks(text).forEach(window -> out.accept(TextChunker.prefixed(title, window)));
            }
        };
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(source),
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            if (source.column() == null) {
                readLines(reader, text -> titled.accept(null, text));
            } else if (DataSource.jsonLines(source.path())) {
                readJsonLines(source, reader, titled);
            } else {
                readColumn(source, reader, titled);
            }
        } catch (CharacterCodingException e) {
            throw new DataFileException(source.path(), 0, "is not UTF-8 text, plain or gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + source.path(), e);
        }
    }

    private static void readLines(BufferedReader reader, Consumer<String> out) throws IOException {
        for (String line; (line = reader.readLine()) != null; ) {
            if (hasText(line)) {
                out.accept(line);
            }
        }
    }

    private static void readColumn(DataSource source, BufferedReader reader, BiConsumer<String, String> out) throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new DataFileException(source.path(), 0, "is empty; it should start with a header row naming column ["
                + source.column() + "]");
        }
        List<String> names = Arrays.asList(header.split("\t", -1));
        int column = indexOf(source, names, source.column());
        int title = source.titleColumn() == null ? -1 : indexOf(source, names, source.titleColumn());
        long lineNumber = 1;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (line.isEmpty()) {
                throw new DataFileException(source.path(), lineNumber, "empty line; every row needs its " + names.size() + " fields");
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != names.size()) {
                throw new DataFileException(source.path(), lineNumber, "has " + fields.length + " fields but the header names "
                    + names.size() + " " + names + "; a text must not hold a tab");
            }
            if (hasText(fields[column]) == false) {
                throw new DataFileException(source.path(), lineNumber, "column [" + source.column() + "] holds no text");
            }
            out.accept(title < 0 ? null : fields[title], fields[column]);
        }
    }

    private static int indexOf(DataSource source, List<String> names, String name) {
        int column = names.indexOf(name);
        if (column < 0) {
            throw new DataFileException(source.path(), 1, "has no column [" + name + "]; its header names " + names);
        }
        return column;
    }

    private static void readJsonLines(DataSource source, BufferedReader reader, BiConsumer<String, String> out) throws IOException {
        JsonLines.forEach(source.path(), reader, (lineNumber, node) -> {
            JsonNode text = node.get(source.column());
            if (text == null || text.isTextual() == false || hasText(text.asText()) == false) {
                throw new DataFileException(source.path(), lineNumber, "key [" + source.column() + "] holds no text");
            }
            JsonNode title = source.titleColumn() == null ? null : node.get(source.titleColumn());
            out.accept(title != null && title.isTextual() ? title.asText() : null, text.asText());
        });
    }

    private static InputStream open(DataSource source) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(source.path()), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Lines of only whitespace or control characters carry nothing the tokenizer would keep. */
    private static boolean hasText(String s) {
        return s.chars().anyMatch(c -> Character.isWhitespace(c) == false && Character.isISOControl(c) == false);
    }
}

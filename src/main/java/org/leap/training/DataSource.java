package org.leap.training;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One file of unlabeled training texts: a plain text file with one sentence a line; a tab-separated file whose header
 * row names {@code column} (such as the passages, {@code source\ttext}); or, for a {@code .jsonl} file, JSON objects
 * whose {@code column} key holds the text (such as a BEIR corpus). Any may be gzip-compressed; {@link DataFile} reads
 * it. With {@code chunk_tokens}, each text becomes the windows the ingest processor's chunking would cut from it, so a
 * model learns on what it is asked to embed; with {@code title_column}, that column's text goes before each text or
 * window, as the processor's {@code prefix_field} puts it.
 *
 * @param path the file
 * @param column the TSV column or JSON key holding the text, or null for one sentence a line
 * @param titleColumn the TSV column or JSON key whose text goes before each text, or null
 * @param chunkTokens the most tokens of a window (the student's tokenizer), or null to keep texts whole
 */
public record DataSource(Path path, String column, String titleColumn, Integer chunkTokens) {
    public DataSource {
        if (path == null) {
            throw new IllegalArgumentException("a data file needs a [path]");
        }
        if (column != null && column.isBlank()) {
            throw new IllegalArgumentException("[column] of data file " + path + " is blank; leave it out for one sentence a line");
        }
        if (column == null && (titleColumn != null || jsonLines(path))) {
            throw new IllegalArgumentException("data file " + path + " needs a [column]: " + (titleColumn != null ? "[title_column] reads"
                + " a table or JSON lines" : "a .jsonl file holds JSON objects"));
        }
        if (chunkTokens != null && chunkTokens < 1) {
            throw new IllegalArgumentException("[chunk_tokens] of data file " + path + " must be at least 1, got " + chunkTokens);
        }
    }

    public DataSource(Path path, String column) {
        this(path, column, null, null);
    }

    /** Whether the file holds JSON objects, one a line (told by its name: {@code .jsonl}, or {@code .jsonl.gz}). */
    static boolean jsonLines(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
    }

    /**
     * Reads {@code {"path": ..., "column": ..., "title_column": ..., "chunk_tokens": ...}} or a bare path string; relative
     * paths resolve against {@code base}.
     */
    static DataSource fromJson(JsonNode node, String where, Path base) {
        if (node != null && node.isTextual()) {
            return checked(new DataSource(base.resolve(node.asText()).normalize(), null), where);
        }
        JsonFields f = new JsonFields(node, where);
        Integer chunkTokens = f.raw("chunk_tokens") == null ? null : f.intValue("chunk_tokens", 0);
        DataSource source = new DataSource(base.resolve(f.requiredString("path")).normalize(), f.string("column", null),
            f.string("title_column", null), chunkTokens);
        f.rejectUnknown();
        return checked(source, where);
    }

    private static DataSource checked(DataSource source, String where) {
        if (Files.isRegularFile(source.path()) == false || Files.isReadable(source.path()) == false) {
            throw new IllegalArgumentException("[" + where + "] file " + source.path() + " does not exist or is not readable");
        }
        return source;
    }
}

package org.leap.training;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One file of unlabeled training texts: a plain text file with one sentence a line, or, when {@code column} is
 * given, a tab-separated file whose header row names that column (such as the passages, {@code source\ttext}).
 * Either may be gzip-compressed; {@link DataFile} reads it.
 *
 * @param path the file
 * @param column the TSV column holding the text, or null for one sentence a line
 */
public record DataSource(Path path, String column) {
    public DataSource {
        if (path == null) {
            throw new IllegalArgumentException("a data file needs a [path]");
        }
        if (column != null && column.isBlank()) {
            throw new IllegalArgumentException("[column] of data file " + path + " is blank; leave it out for one sentence a line");
        }
    }

    /** Reads {@code {"path": ..., "column": ...}} or a bare path string; relative paths resolve against {@code base}. */
    static DataSource fromJson(JsonNode node, String where, Path base) {
        if (node != null && node.isTextual()) {
            return checked(new DataSource(base.resolve(node.asText()).normalize(), null), where);
        }
        JsonFields f = new JsonFields(node, where);
        DataSource source = new DataSource(base.resolve(f.requiredString("path")).normalize(), f.string("column", null));
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

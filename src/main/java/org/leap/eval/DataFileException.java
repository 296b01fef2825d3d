package org.leap.eval;

import java.nio.file.Path;

/** A data file that cannot be used, with the file and line to fix. */
public final class DataFileException extends IllegalArgumentException {
    public DataFileException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}

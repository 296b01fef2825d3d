package org.leap.plugin.ingest;

import java.util.List;

/**
 * Where one field of a document goes in an encode: the range of its texts, how its vectors are written, and for chunks
 * the windows as they stand in the document (the encoder reads them with the prefix before each).
 */
record FieldTexts(FieldMapping field, Shape shape, int from, int to, List<String> windows) {
    /** How a field's vectors are written: one vector, one per element of an array, or one chunk object per window. */
    enum Shape { ONE, ARRAY, CHUNKS }

    FieldTexts shifted(int offset) {
        return new FieldTexts(field, shape, from + offset, to + offset, windows);
    }
}

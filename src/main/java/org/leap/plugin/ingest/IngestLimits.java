package org.leap.plugin.ingest;

import org.leap.plugin.settings.LeapSettings;
import org.opensearch.common.settings.Settings;

/**
 * How many texts the processor sends: per document ({@code plugins.leap.ingest.max_texts_per_document}; a document
 * with more fails alone) and per encode ({@code plugins.leap.encode.max_texts}; a batch with more is split).
 */
record IngestLimits(int textsPerDocument, int textsPerEncode) {

    static IngestLimits of(Settings settings) {
        return new IngestLimits(LeapSettings.MAX_TEXTS_PER_DOCUMENT.get(settings), LeapSettings.MAX_TEXTS_PER_ENCODE.get(settings));
    }

    /** The most texts one document may hold: both limits apply, since a document's texts go in one encode. */
    int perDocument() {
        return Math.min(textsPerDocument, textsPerEncode);
    }
}

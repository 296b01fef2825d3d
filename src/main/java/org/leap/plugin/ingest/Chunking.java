package org.leap.plugin.ingest;

/**
 * A processor's {@code chunking} object: its text fields are cut at sentence ends into windows of at most
 * {@code max_tokens} of the model's tokenizer, each embedded on its own and written as one object of a {@code nested}
 * field. A document that would make more than {@code max_chunks} chunks fails alone with a 400 naming the option: it is
 * never indexed with a tail that no search can find.
 *
 * @param maxTokens tokens of a window at most, special tokens and the prefix not counted
 * @param overlapTokens tokens of whole sentences that consecutive windows share, at most half a window
 * @param prefixField the field whose text (a title) goes before each window in what the encoder reads, or null
 * @param maxChunks chunks of one document at most, all its chunked fields together
 */
record Chunking(int maxTokens, int overlapTokens, String prefixField, int maxChunks) {
    static final String KEY = "chunking";
    static final int DEFAULT_MAX_TOKENS = 64;
    static final int DEFAULT_MAX_CHUNKS = 100;
    /** Keys of each chunk object: the window as it stands in the document, and the layer its vector left at. */
    static final String TEXT_KEY = "text";
    static final String EXIT_LAYER_KEY = "exit_layer";
}

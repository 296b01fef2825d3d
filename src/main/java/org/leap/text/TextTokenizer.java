package org.leap.text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

/**
 * The model's own Hugging Face tokenizer (from its {@code tokenizer.json}, native code from the DJL jar), set to
 * truncate at the model's max length and not to pad: batches are padded after sorting by length.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    public TextTokenizer(byte[] tokenizerJson, int maxLength) {
        Map<String, String> options = Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(maxLength),
            "addSpecialTokens", "true");
        try {
            this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer.json", e);
        }
    }

    /** Cleans and tokenizes; the prefix (e.g. {@code "query: "}) goes before each text. */
    public List<TokenizedText> tokenize(List<String> texts, String prefix) {
        List<String> cleaned = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            cleaned.add(prefix + TextSanitizer.clean(texts.get(i), i));
        }
        Encoding[] encodings = tokenizer.batchEncode(cleaned);
        List<TokenizedText> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(new TokenizedText(e.getIds(), e.exceedMaxLength()));
        }
        return out;
    }

    /**
     * Token counts of texts as they stand (no cleaning, no special tokens; a count stops at the model's max length): what
     * {@link TextChunker} packs windows by.
     */
    public int[] countTokens(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts, false, false);
        int[] counts = new int[encodings.length];
        for (int i = 0; i < encodings.length; i++) {
            counts[i] = encodings[i].getIds().length;
        }
        return counts;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

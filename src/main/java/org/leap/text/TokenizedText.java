package org.leap.text;

/**
 * Token ids of one text, with special tokens, no padding.
 *
 * @param truncated true when the text was longer than the model's max length and was cut
 */
public record TokenizedText(long[] ids, boolean truncated) {
    public int length() {
        return ids.length;
    }
}

package org.leap.text;

import java.util.List;

/**
 * Token ids of one text, with special tokens, no padding.
 *
 * @param truncated true when the text was longer than the model's max length and was cut
 */
public record TokenizedText(long[] ids, boolean truncated) {
    public int length() {
        return ids.length;
    }

    /** The ids of {@code rows} of {@code tokens}, one row after another, each padded with 0 to {@code seq}. */
    public static long[] padded(List<TokenizedText> tokens, int[] rows, int seq) {
        long[] ids = new long[rows.length * seq];
        for (int i = 0; i < rows.length; i++) {
            long[] rowIds = tokens.get(rows[i]).ids();
            System.arraycopy(rowIds, 0, ids, i * seq, rowIds.length);
        }
        return ids;
    }
}

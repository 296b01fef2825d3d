package org.leap.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a long text into windows that a model reads whole: cut at sentence ends, each window at most
 * {@code maxTokens} of the model's own tokenizer (special tokens and any prefix not counted), consecutive windows sharing
 * up to {@code overlapTokens} of whole sentences. A sentence longer than a window is cut between words, and a word longer
 * than a window between characters. Windows are spans of the text as it was given, so a window is what a user reads.
 *
 * <p>Ingest and evaluation use this one class, so that what is measured is what is indexed. Token counts of sentences
 * and words add up to the count of their concatenation for BERT's WordPiece (its pre-tokenizer splits at whitespace and
 * punctuation), which is what lets the windows be packed from counts taken once.
 */
public final class TextChunker {
    /** Joins a prefix (a title) and a window into the text the encoder reads, as whole documents join them. */
    public static final String PREFIX_SEPARATOR = " ";

    /** Counts the tokens of each text, without special tokens. */
    @FunctionalInterface
    public interface TokenCounter {
        int[] count(List<String> texts);
    }

    private final TokenCounter counter;
    private final int maxTokens;
    private final int overlapTokens;

    /**
     * @throws IllegalArgumentException when {@code maxTokens < 1} or the overlap is negative or not below half a window
     */
    public TextChunker(TokenCounter counter, int maxTokens, int overlapTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
        }
        if (overlapTokens < 0 || overlapTokens * 2 > maxTokens) {
            throw new IllegalArgumentException("overlap_tokens must be in [0, max_tokens / 2] = [0, " + maxTokens / 2 + "], got "
                + overlapTokens);
        }
        this.counter = counter;
        this.maxTokens = maxTokens;
        this.overlapTokens = overlapTokens;
    }

    /** The text the encoder reads for a window: the prefix, when there is one, before it. */
    public static String prefixed(String prefix, String window) {
        return prefix == null || prefix.isBlank() ? window : prefix.strip() + PREFIX_SEPARATOR + window;
    }

    /** The windows of a text, in order; none when the text holds nothing the tokenizer keeps. */
    public List<String> chunks(String text) {
        List<Unit> units = units(text);
        List<String> windows = new ArrayList<>();
        int i = 0;
        while (i < units.size()) {
            int start = i;
            int tokens = 0;
            while (i < units.size() && (i == start || units.get(i).solo == false && units.get(i - 1).solo == false)
                && tokens + units.get(i).tokens <= maxTokens) {
                tokens += units.get(i).tokens;
                i++;
            }
            if (tokens > 0) {
                windows.add(text.substring(units.get(start).from, units.get(i - 1).to));
            }
            i = overlapStart(units, start, i);
        }
        return windows;
    }

    /**
     * Where the next window starts: {@code end}, or earlier by the last whole units of this window that fit in the
     * overlap and still leave the next window room for the unit at {@code end}, so that every window moves on.
     */
    private int overlapStart(List<Unit> units, int start, int end) {
        if (overlapTokens == 0 || end >= units.size() || units.get(end).solo) {
            return end;
        }
        int next = end;
        int shared = 0;
        while (next - 1 > start && units.get(next - 1).solo == false && shared + units.get(next - 1).tokens <= overlapTokens
            && shared + units.get(next - 1).tokens + units.get(end).tokens <= maxTokens) {
            shared += units.get(next - 1).tokens;
            next--;
        }
        return next;
    }

    /**
     * A span of the text that goes into one window whole: a sentence, or a run of its words, or a piece of one word.
     *
     * @param solo a piece of a word cut between characters: its count holds alone only, so it is a window of its own
     */
    private record Unit(int from, int to, int tokens, boolean solo) {}

    /** The text as units of at most a window each, in order. */
    private List<Unit> units(String text) {
        List<int[]> sentences = spans(text, BreakIterator.getSentenceInstance(Locale.ROOT));
        int[] counts = count(text, sentences);
        List<Unit> units = new ArrayList<>();
        for (int s = 0; s < sentences.size(); s++) {
            int[] span = sentences.get(s);
            if (counts[s] <= maxTokens) {
                units.add(new Unit(span[0], span[1], counts[s], false));
            } else {
                splitSentence(text, span, units);
            }
        }
        return units;
    }

    /** A sentence over a window: its words packed into runs of at most a window, a word over a window cut alone. */
    private void splitSentence(String text, int[] sentence, List<Unit> units) {
        List<int[]> words = words(text, sentence[0], sentence[1]);
        int[] counts = count(text, words);
        int w = 0;
        while (w < words.size()) {
            if (counts[w] > maxTokens) {
                splitWord(text, words.get(w)[0], words.get(w)[1], units);
                w++;
                continue;
            }
            int start = w;
            int tokens = 0;
            while (w < words.size() && counts[w] <= maxTokens && tokens + counts[w] <= maxTokens) {
                tokens += counts[w];
                w++;
            }
            units.add(new Unit(words.get(start)[0], words.get(w - 1)[1], tokens, false));
        }
    }

    /** A word over a window (a long URL, a sequence) cut in halves until each piece fits. */
    private void splitWord(String text, int from, int to, List<Unit> units) {
        int tokens = counter.count(List.of(text.substring(from, to)))[0];
        if (tokens <= maxTokens || to - from < 2) {
            units.add(new Unit(from, to, Math.min(tokens, maxTokens), true));
            return;
        }
        int middle = from + (to - from) / 2;
        if (Character.isLowSurrogate(text.charAt(middle))) {
            middle--;
        }
        splitWord(text, from, middle, units);
        splitWord(text, middle, to, units);
    }

    private int[] count(String text, List<int[]> spans) {
        if (spans.isEmpty()) {
            return new int[0];
        }
        List<String> pieces = new ArrayList<>(spans.size());
        for (int[] span : spans) {
            pieces.add(text.substring(span[0], span[1]));
        }
        int[] counts = counter.count(pieces);
        if (counts.length != pieces.size()) {
            throw new IllegalStateException("the token counter gave " + counts.length + " counts for " + pieces.size() + " texts");
        }
        return counts;
    }

    /** The break iterator's spans of the text, with the whitespace around each trimmed off; empty ones left out. */
    private static List<int[]> spans(String text, BreakIterator breaks) {
        breaks.setText(text);
        List<int[]> spans = new ArrayList<>();
        for (int from = breaks.first(), to = breaks.next(); to != BreakIterator.DONE; from = to, to = breaks.next()) {
            int[] span = trimmed(text, from, to);
            if (span != null) {
                spans.add(span);
            }
        }
        return spans;
    }

    /** The whitespace-separated words of {@code text[from, to)}. */
    private static List<int[]> words(String text, int from, int to) {
        List<int[]> words = new ArrayList<>();
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < to && Character.isWhitespace(text.charAt(i)) == false) {
                i++;
            }
            if (i > start) {
                words.add(new int[] { start, i });
            }
        }
        return words;
    }

    private static int[] trimmed(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to > from ? new int[] { from, to } : null;
    }
}

package org.leap.text;

/**
 * Cleans user text before tokenization, so that bad input gets a clear error or a documented repair instead of a
 * native tokenizer failure: control characters become spaces, lone surrogates become U+FFFD, and empty or
 * whitespace-only text is rejected.
 */
public final class TextSanitizer {
    private TextSanitizer() {}

    /** @throws IllegalArgumentException when the text is null, empty or only whitespace/control characters */
    public static String clean(String text, int index) {
        if (text == null) {
            throw new IllegalArgumentException("text [" + index + "] is null");
        }
        if (hasContent(text) == false) {
            throw new IllegalArgumentException("text [" + index + "] is empty or only whitespace");
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else if (Character.isISOControl(c)) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Whether {@link #clean} accepts the text: it holds a character that is neither whitespace nor a control character
     * (a lone surrogate counts, it becomes U+FFFD). Callers that must refuse a text before it joins a batch ask this, so
     * that the batch never meets the refusal.
     */
    public static boolean hasContent(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) == false && Character.isWhitespace(c) == false) {
                return true;
            }
        }
        return false;
    }
}

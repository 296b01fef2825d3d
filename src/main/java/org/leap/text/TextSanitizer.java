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
        String cleaned = out.toString();
        if (cleaned.isBlank()) {
            throw new IllegalArgumentException("text [" + index + "] is empty or only whitespace");
        }
        return cleaned;
    }
}

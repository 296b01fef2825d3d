package org.leap.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextSanitizerTests {
    @Test
    void testRejectsEmptyAndWhitespaceOnlyText() {
        assertThrows(IllegalArgumentException.class, () -> TextSanitizer.clean("", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TextSanitizer.clean(" \t\n\u0000", 3));
        assertTrue(e.getMessage().contains("[3]"));
        assertThrows(IllegalArgumentException.class, () -> TextSanitizer.clean(null, 0));
    }

    @Test
    void testReplacesControlCharactersAndLoneSurrogates() {
        assertEquals("a b", TextSanitizer.clean("a\u0007b", 0));
        assertEquals("x\uFFFDy", TextSanitizer.clean("x\uD800y", 0));
        assertEquals("ok \uD83D\uDE00", TextSanitizer.clean("ok \uD83D\uDE00", 0));
    }

    @Test
    void testHasContentIsExactlyWhatCleanAccepts() {
        for (String text : new String[] { "", " ", "\u0000", " \t\n\u0007\u001f", "\u00a0", "a", " \u0000b", "\uD800", "\uD83D\uDE00" }) {
            boolean accepted;
            try {
                TextSanitizer.clean(text, 0);
                accepted = true;
            } catch (IllegalArgumentException e) {
                accepted = false;
            }
            assertEquals(accepted, TextSanitizer.hasContent(text), "[" + text + "]");
        }
    }
}

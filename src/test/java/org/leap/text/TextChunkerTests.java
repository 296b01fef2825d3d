package org.leap.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.text.BreakIterator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leap.model.ModelCatalog;

/** Windows cut by bge-small's own tokenizer from real abstracts, and the edge cases (a sentence or a word over a window). */
class TextChunkerTests {
    private static TextTokenizer tokenizer;

    @BeforeAll
    static void load() {
        ModelCatalog catalog = ModelCatalog.shipped();
        tokenizer = new TextTokenizer(catalog.tokenizer(catalog.descriptor("bge-small-en-v1.5")), 512);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    private static TextChunker chunker(int maxTokens, int overlap) {
        return new TextChunker(tokenizer::countTokens, maxTokens, overlap);
    }

    private static int tokens(String text) {
        return tokenizer.countTokens(List.of(text))[0];
    }

    private static List<String> abstracts(int n) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("samples/scifact/corpus-2000.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode doc = json.readTree(line);
            if (doc.get("text").asText().length() > 1200) {
                texts.add(doc.get("text").asText());
            }
            if (texts.size() == n) {
                break;
            }
        }
        return texts;
    }

    /** The text with every whitespace run made one space: what the windows must cover, in order, with nothing lost. */
    private static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    @Test
    void testTextThatFitsOneWindowGivesItWhole() {
        String text = "  Aspirin lowers the risk of a second heart attack. It does so in most patients.  ";
        assertEquals(List.of(text.strip()), chunker(64, 0).chunks(text));
    }

    @Test
    void testWindowsOfRealAbstractsFitCutAtSentenceEndsAndLoseNothing() throws IOException {
        TextChunker chunker = chunker(64, 0);
        for (String text : abstracts(40)) {
            List<String> windows = chunker.chunks(text);
            assertTrue(windows.size() > 1, "an abstract of " + tokens(text) + " tokens in one window of 64");
            for (String window : windows) {
                assertTrue(tokens(window) <= 64, tokens(window) + " tokens: " + window);
                assertTrue(text.contains(window), "a window is a span of the text: " + window);
            }
            assertEquals(words(text), words(String.join(" ", windows)));
            BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
            sentences.setText(text);
            int from = 0;
            for (String window : windows.subList(0, windows.size() - 1)) {
                int end = text.indexOf(window, from) + window.length();
                from = end;
                if (sentences.isBoundary(end) == false && sentences.isBoundary(end + 1) == false) {
                    String sentence = text.substring(sentences.preceding(end), sentences.following(end));
                    assertTrue(tokens(sentence) > 64, "cut inside a sentence that fits a window: " + sentence);
                }
            }
        }
    }

    @Test
    void testOverlapRepeatsWholeSentencesAndEveryWindowMovesOn() throws IOException {
        TextChunker chunker = chunker(64, 24);
        int shared = 0;
        for (String text : abstracts(20)) {
            List<String> windows = chunker.chunks(text);
            List<String> plain = chunker(64, 0).chunks(text);
            assertTrue(windows.size() >= plain.size());
            for (int i = 0; i < windows.size(); i++) {
                assertTrue(tokens(windows.get(i)) <= 64);
                if (i > 0) {
                    int previousStart = text.indexOf(windows.get(i - 1));
                    int start = text.indexOf(windows.get(i));
                    assertTrue(start > previousStart, "window " + i + " moves on");
                    if (start < previousStart + windows.get(i - 1).length()) {
                        shared++;
                    }
                }
            }
            assertTrue(text.endsWith(windows.get(windows.size() - 1)));
        }
        assertTrue(shared > 0, "no two windows shared a sentence");
    }

    @Test
    void testSentenceOverAWindowIsCutBetweenWords() {
        StringBuilder sentence = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            sentence.append("protein").append(i % 7).append(' ');
        }
        String text = "Short first sentence. " + sentence.toString().strip() + ". Last one.";
        List<String> windows = chunker(32, 0).chunks(text);
        assertTrue(windows.size() >= 4, windows.toString());
        for (String window : windows) {
            assertTrue(tokens(window) <= 32, window);
            assertFalse(window.startsWith("rotein"), "cut inside a word: " + window);
        }
        assertEquals(words(text), words(String.join(" ", windows)));
    }

    @Test
    void testWordOverAWindowIsCutBetweenCharactersAlone() {
        String sequence = "x1.y2.".repeat(40);
        String text = "See the data. " + sequence + " for details.";
        List<String> windows = chunker(16, 0).chunks(text);
        for (String window : windows) {
            assertTrue(tokens(window) <= 16, tokens(window) + ": " + window);
        }
        assertEquals(text.replace(" ", ""), String.join("", windows).replace(" ", ""));
        assertEquals("See the data.", windows.get(0));
    }

    @Test
    void testBlankTextGivesNoWindow() {
        assertEquals(List.of(), chunker(64, 0).chunks(" \n\t "));
    }

    @Test
    void testPrefixGoesBeforeEachWindow() {
        assertEquals("Title here Some window.", TextChunker.prefixed(" Title here ", "Some window."));
        assertEquals("Some window.", TextChunker.prefixed("  ", "Some window."));
        assertEquals("Some window.", TextChunker.prefixed(null, "Some window."));
    }

    @Test
    void testRefusesWindowsBelowOneTokenAndOverlapsOverHalfAWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> chunker(0, 0));
        assertTrue(e.getMessage().contains("max_tokens"));
        e = assertThrows(IllegalArgumentException.class, () -> chunker(64, 33));
        assertEquals("overlap_tokens must be in [0, max_tokens / 2] = [0, 32], got 33", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> chunker(64, -1));
    }
}

package org.leap.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.leap.text.TokenizedText;

class LengthBatchesTests {
    private static TokenizedText text(int length) {
        return new TokenizedText(new long[length], false);
    }

    private static List<TokenizedText> texts(int... lengths) {
        return Arrays.stream(lengths).mapToObj(LengthBatchesTests::text).toList();
    }

    private static int longest(List<TokenizedText> tokens, int[] batch) {
        return Arrays.stream(batch).map(i -> tokens.get(i).length()).max().orElseThrow();
    }

    @Test
    void testLongTextsGoInSmallBatches() {
        List<TokenizedText> tokens = texts(IntStream.range(0, 20).map(i -> 300).toArray());
        List<int[]> batches = LengthBatches.of(tokens, 32, 1024);
        assertEquals(7, batches.size());
        for (int[] batch : batches) {
            assertTrue(batch.length <= 3, "1024 tokens hold 3 rows of 300, got " + batch.length);
        }
    }

    @Test
    void testShortTextsFillBatchesUpToMaxRows() {
        List<TokenizedText> tokens = texts(IntStream.range(0, 100).map(i -> 10).toArray());
        List<int[]> batches = LengthBatches.of(tokens, 32, LengthBatches.DEFAULT_TOKEN_BUDGET);
        assertArrayEquals(new int[] { 32, 32, 32, 4 }, batches.stream().mapToInt(b -> b.length).toArray());
    }

    @Test
    void testEveryIndexAppearsExactlyOnceLongestFirst() {
        Random random = new Random(7);
        List<TokenizedText> tokens = texts(IntStream.range(0, 500).map(i -> 2 + random.nextInt(511)).toArray());
        List<int[]> batches = LengthBatches.of(tokens, 32, 2048);
        int[] seen = new int[tokens.size()];
        int previousLength = Integer.MAX_VALUE;
        for (int[] batch : batches) {
            assertTrue(batch.length * longest(tokens, batch) <= 2048 || batch.length == 1);
            for (int i : batch) {
                seen[i]++;
                assertTrue(tokens.get(i).length() <= previousLength, "not sorted longest first at index " + i);
                previousLength = tokens.get(i).length();
            }
        }
        assertTrue(Arrays.stream(seen).allMatch(n -> n == 1), "an index is missing or repeated");
    }

    @Test
    void testOneLongTextAmongManyShortOnes() {
        List<TokenizedText> tokens = new ArrayList<>(texts(IntStream.range(0, 1000).map(i -> 3).toArray()));
        tokens.add(500, text(512));
        List<int[]> batches = LengthBatches.of(tokens, 32, LengthBatches.DEFAULT_TOKEN_BUDGET);
        assertEquals(500, batches.get(0)[0], "the long text leads the first batch");
        assertTrue(batches.get(0).length * 512 <= LengthBatches.DEFAULT_TOKEN_BUDGET);
        for (int[] batch : batches.subList(1, batches.size() - 1)) {
            assertEquals(32, batch.length);
            assertEquals(3, longest(tokens, batch));
        }
        assertEquals(1001, batches.stream().mapToInt(b -> b.length).sum());
    }

    @Test
    void testRowLongerThanBudgetGetsABatchOfItsOwn() {
        List<TokenizedText> tokens = texts(5, 512, 5, 5);
        List<int[]> batches = LengthBatches.of(tokens, 32, 256);
        assertArrayEquals(new int[] { 1 }, batches.get(0));
        assertEquals(2, batches.size());
        assertEquals(3, batches.get(1).length);
    }

    @Test
    void testRejectsTokenBudgetBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LengthBatches.of(texts(3), 32, 0));
        assertEquals("token budget must be at least 1, got 0", e.getMessage());
    }
}

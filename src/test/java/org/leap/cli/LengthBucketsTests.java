package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class LengthBucketsTests {
    private static final int[] BOUNDS = { 16, 64, 256, 512 };

    @Test
    void testBoundsAreInclusiveAboveAndExclusiveBelow() {
        LengthBuckets buckets = LengthBuckets.of(BOUNDS, List.of("a", "b", "c", "d"), new int[] { 16, 17, 64, 65 });
        assertEquals(List.of("a"), buckets.buckets().get(0).texts());
        assertEquals(List.of("b", "c"), buckets.buckets().get(1).texts());
        assertEquals(List.of("d"), buckets.buckets().get(2).texts());
        assertArrayEquals(new int[] { 17, 64 }, buckets.buckets().get(1).lengths());
        assertEquals(16, buckets.buckets().get(1).above());
        assertEquals(64, buckets.buckets().get(1).upTo());
    }

    @Test
    void testTruncatedTextAtMaxLengthLandsInTheLastBucket() {
        LengthBuckets buckets = LengthBuckets.of(BOUNDS, List.of("long"), new int[] { 512 });
        assertEquals(List.of("long"), buckets.buckets().get(3).texts());
        assertEquals(0, buckets.leftOut());
    }

    @Test
    void testTextsBeyondTheLastBoundAreCountedAsLeftOut() {
        LengthBuckets buckets = LengthBuckets.of(new int[] { 16 }, List.of("short", "long"), new int[] { 9, 40 });
        assertEquals(List.of("short"), buckets.buckets().get(0).texts());
        assertEquals(1, buckets.leftOut());
    }

    @Test
    void testEmptyBucketIsKept() {
        LengthBuckets buckets = LengthBuckets.of(BOUNDS, List.of("a"), new int[] { 300 });
        assertEquals(4, buckets.buckets().size());
        assertTrue(buckets.buckets().get(0).texts().isEmpty());
    }

    @Test
    void testTypicalLengthIsTheMedian() {
        LengthBuckets buckets = LengthBuckets.of(new int[] { 64 }, List.of("a", "b", "c", "d"), new int[] { 40, 10, 30, 20 });
        assertEquals(20, buckets.buckets().get(0).typicalLength());
    }

    @Test
    void testRejectsBoundsThatDoNotIncrease() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LengthBuckets.of(new int[] { 64, 16 }, List.of(), new int[0]));
        assertTrue(e.getMessage().contains("--buckets must increase"), e.getMessage());
    }

    @Test
    void testRejectsZeroBound() {
        assertThrows(IllegalArgumentException.class, () -> LengthBuckets.of(new int[] { 0, 16 }, List.of(), new int[0]));
    }
}

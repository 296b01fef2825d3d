package org.leap.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTests {
    @TempDir
    Path dir;

    private static final Tensor MATRIX = new Tensor("encoder.layer.0.output.dense.weight", new long[] { 2, 3 },
        new float[] { 1f, -2.5f, 0.1f, 3e-3f, 1000f, -0f });
    private static final Tensor VECTOR = new Tensor("embeddings.LayerNorm.bias", new long[] { 2 }, new float[] { 0.5f, -0.25f });

    @Test
    void testFp32RoundTripIsExactAndKeepsMetadata() {
        Path file = dir.resolve("a.ckpt");
        TensorFile.write(file, Map.of("step", "7"), List.of(MATRIX, VECTOR), TensorFile.Precision.FP32);
        TensorFile.Contents back = TensorFile.read(file);
        assertEquals(Map.of("step", "7"), back.metadata());
        assertEquals(List.of(MATRIX.name(), VECTOR.name()), back.tensors().stream().map(Tensor::name).toList());
        assertArrayEquals(MATRIX.shape(), back.tensors().get(0).shape());
        assertArrayEquals(MATRIX.data(), back.tensors().get(0).data());
    }

    @Test
    void testFp16RoundTripKeepsValuesToHalfPrecisionAndHalvesTheSize() throws IOException {
        float[] big = new float[10_000];
        Arrays.fill(big, 0.123456f);
        Tensor t = new Tensor("w", new long[] { 100, 100 }, big);
        TensorFile.write(dir.resolve("h"), Map.of(), List.of(t, MATRIX), TensorFile.Precision.FP16);
        TensorFile.write(dir.resolve("f"), Map.of(), List.of(t, MATRIX), TensorFile.Precision.FP32);
        float[] back = TensorFile.read(dir.resolve("h")).tensors().get(1).data();
        for (int i = 0; i < back.length; i++) {
            assertEquals(MATRIX.data()[i], back[i], Math.abs(MATRIX.data()[i]) * 1e-3 + 1e-7);
        }
        assertTrue(Files.size(dir.resolve("h")) < Files.size(dir.resolve("f")) * 0.55);
    }

    @Test
    void testTruncatedFileIsRejected() throws IOException {
        Path file = dir.resolve("t");
        TensorFile.write(file, Map.of(), List.of(MATRIX), TensorFile.Precision.FP32);
        byte[] bytes = Files.readAllBytes(file);
        String message = assertThrows(IllegalArgumentException.class,
            () -> TensorFile.read(Arrays.copyOf(bytes, bytes.length - 5), "cut")).getMessage();
        assertTrue(message.contains("truncated or corrupt"), message);
    }

    @Test
    void testFp16RejectsValuesBeyondItsRange() {
        Tensor huge = new Tensor("x", new long[] { 1 }, new float[] { 1e6f });
        assertThrows(IllegalArgumentException.class, () -> TensorFile.write(dir.resolve("x"), Map.of(), List.of(huge),
            TensorFile.Precision.FP16));
    }

    @Test
    void testWriteLeavesNoTemporaryFileBehind() throws IOException {
        TensorFile.write(dir.resolve("clean"), Map.of(), List.of(VECTOR), TensorFile.Precision.FP32);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("clean"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}

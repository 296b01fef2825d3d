package org.leap.encoder.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.leap.encoder.DeviceChoice;
import org.leap.encoder.DeviceRequest;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.ExitRule;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.VectorMath;
import org.leap.encoder.engine.EncoderConfig;
import org.leap.encoder.engine.EncoderEngine;
import org.leap.model.ModelCatalog;

/**
 * The layer-by-layer ONNX Runtime encoder against the exported graph on ONNX Runtime (full depth), and its early exit
 * against a replay of the exit rule over its own trace (rows dropped mid-batch must not change the others). Runs in a
 * JVM without libtorch (its own surefire execution).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxLayerEncoderTests {
    private List<String> sentences;

    @BeforeAll
    void readSentences() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("samples/stsb-dev-300-sentences.txt"))) {
            sentences = lines.limit(40).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "bge-small-en-v1.5", "e5-small-v2", "all-MiniLM-L6-v2" })
    void testFullDepthMatchesExportedGraph(String name) {
        List<Embedding> reference;
        try (OnnxRuntimeEncoder ort = OnnxRuntimeEncoder.load(ModelCatalog.shipped(), name, 8, 2)) {
            reference = ort.encode(sentences, EncodeOptions.fullDepth(ExitPolicy.defaultFor(ort.model().layers())));
        }
        // a small token budget: several batches of unequal rows, all padded
        try (OnnxLayerEncoder layers = OnnxLayerEncoder.load(ModelCatalog.shipped(), name, "test", 8, 100, 2)) {
            List<Embedding> ours = layers.encode(sentences, EncodeOptions.fullDepth(ExitPolicy.defaultFor(layers.model().layers())));
            for (int i = 0; i < sentences.size(); i++) {
                double cos = VectorMath.cosine(ours.get(i).vector(), reference.get(i).vector());
                assertTrue(cos >= 0.99999, name + " sentence " + i + " cosine " + cos);
                assertEquals(layers.model().layers(), ours.get(i).exitLayer());
            }
        }
    }

    @Test
    void testEarlyExitEqualsReplayOfTrace() {
        try (OnnxLayerEncoder bge = OnnxLayerEncoder.load(ModelCatalog.shipped(), "leap-bge-small", "test", 16, 4096, 2)) {
            ExitPolicy policy = ExitPolicy.defaultFor(12);
            List<Embedding> traced = bge.encode(sentences, EncodeOptions.traced(policy));
            List<Embedding> exited = bge.encode(sentences, EncodeOptions.earlyExit(policy));
            int early = 0;
            for (int i = 0; i < sentences.size(); i++) {
                int replayed = ExitRule.exitLayer(policy, traced.get(i).trace());
                assertEquals(replayed, exited.get(i).exitLayer(), "sentence " + i);
                double cos = VectorMath.cosine(exited.get(i).vector(), traced.get(i).trace()[replayed - 1]);
                assertTrue(cos >= 0.99999, "sentence " + i + " cosine " + cos);
                early += replayed < 12 ? 1 : 0;
            }
            assertTrue(early > sentences.size() / 2, "the LEAP model exits early on most sentences, got " + early);
        }
    }

    @Test
    void testLongTextAmongManyShortOnesEncodesAsAlone() {
        String longText = String.join(" ", java.util.Collections.nCopies(600, "protein"));
        List<String> mixed = new java.util.ArrayList<>(java.util.Collections.nCopies(1000, "word"));
        mixed.add(500, longText);
        try (OnnxLayerEncoder bge = OnnxLayerEncoder.load(ModelCatalog.shipped(), "leap-bge-small", "test", 32, 8192, 2)) {
            ExitPolicy policy = ExitPolicy.defaultFor(12);
            List<Embedding> all = bge.encode(mixed, EncodeOptions.earlyExit(policy));
            Embedding alone = bge.encode(List.of(longText), EncodeOptions.earlyExit(policy)).get(0);
            assertEquals(1001, all.size());
            assertTrue(all.get(500).truncated(), "a 600-word text is cut at the model's 512 tokens");
            assertEquals(alone.exitLayer(), all.get(500).exitLayer());
            assertTrue(VectorMath.cosine(alone.vector(), all.get(500).vector()) >= 0.99999);
            assertTrue(VectorMath.cosine(all.get(0).vector(), all.get(999).vector()) >= 0.99999, "the same word, the same vector");
        }
    }

    @Test
    void testRefusesMoreThreadsThanProcessors() {
        int processors = Runtime.getRuntime().availableProcessors();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> OnnxLayerEncoder.load(ModelCatalog.shipped(), "bge-small-en-v1.5", "test", 8, 4096, processors + 1));
        assertTrue(e.getMessage().contains("processors"), e.getMessage());
    }

    @Test
    void testAutoRunsOnCpuAndSaysWhy() {
        EncoderConfig auto = new EncoderConfig(DeviceRequest.parse("auto", "plugins.leap.device"), 8, 4096, 1);
        try (SentenceEncoder encoder = EncoderEngine.ONNXRUNTIME.load(ModelCatalog.shipped(), "all-MiniLM-L6-v2", auto)) {
            assertEquals(new DeviceChoice(false, "[plugins.leap.device] is auto and the onnxruntime engine runs on CPU only"),
                encoder.device());
        }
    }
}

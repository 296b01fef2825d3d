package org.leap.encoder.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.VectorMath;
import org.leap.encoder.onnx.OnnxRuntimeEncoder;
import org.leap.model.ModelCatalog;

/**
 * The layer-by-layer DJL encoder at full depth against ONNX Runtime running the same ONNX file, on real sentences in
 * padded batches. ONNX Runtime runs first, before libtorch loads (see {@link OnnxRuntimeEncoder}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxParityTests {
    private static final DeviceRequest CPU = new DeviceRequest(DeviceRequest.Kind.CPU, "test");
    private static final List<String> MODELS = List.of("bge-small-en-v1.5", "e5-small-v2", "all-MiniLM-L6-v2");
    private final Map<String, List<Embedding>> reference = new HashMap<>();
    private List<String> sentences;

    @BeforeAll
    void runOnnxRuntime() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("samples/stsb-dev-300-sentences.txt"))) {
            sentences = lines.limit(40).toList();
        }
        for (String name : MODELS) {
            try (OnnxRuntimeEncoder ort = OnnxRuntimeEncoder.load(ModelCatalog.shipped(), name, 8, 2)) {
                reference.put(name, ort.encode(sentences, EncodeOptions.fullDepth(ExitPolicy.defaultFor(6))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "bge-small-en-v1.5", "e5-small-v2", "all-MiniLM-L6-v2" })
    void testFullDepthMatchesOnnxRuntime(String name) {
        try (DjlBertEncoder djl = DjlBertEncoder.load(ModelCatalog.shipped(), name, CPU, 8, LengthBatches.DEFAULT_TOKEN_BUDGET)) {
            List<Embedding> ours = djl.encode(sentences, EncodeOptions.fullDepth(ExitPolicy.defaultFor(djl.model().layers())));
            for (int i = 0; i < sentences.size(); i++) {
                double cos = VectorMath.cosine(ours.get(i).vector(), reference.get(name).get(i).vector());
                assertTrue(cos >= 0.99999, name + " sentence " + i + " cosine " + cos);
                assertEquals(djl.model().layers(), ours.get(i).exitLayer());
            }
        }
    }
}

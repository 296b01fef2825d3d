package org.leap.encoder.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.VectorMath;
import org.leap.model.ModelCatalog;

/**
 * The shipped LEAP-trained model loads by name from the class path (its sha256 checked) and does what it was trained
 * for: at the default policy (θ 0.95, k 1, l_min 6) the STS-B dev sample leaves by layer 7 and stays close to its own
 * full-depth vector. Wrong or untrained weights fail here: the public bge-small exits about 8% of these rows.
 */
class ShippedLeapModelTests {
    private static final DeviceRequest CPU = new DeviceRequest(DeviceRequest.Kind.CPU, "test");
    @Test
    void testExitsByLayerSevenCloseToItsFullDepthVector() throws IOException {
        List<String> sentences = Files.readAllLines(Path.of("samples/stsb-dev-300-sentences.txt"));
        ExitPolicy policy = ExitPolicy.defaultFor(12);
        try (DjlBertEncoder leap = DjlBertEncoder.load(ModelCatalog.shipped(), "leap-bge-small", CPU, 32,
            LengthBatches.DEFAULT_TOKEN_BUDGET)) {
            List<Embedding> exited = leap.encode(sentences, EncodeOptions.earlyExit(policy));
            List<Embedding> full = leap.encode(sentences, EncodeOptions.fullDepth(policy));
            long byLayer7 = exited.stream().filter(e -> e.exitLayer() <= 7).count();
            double cosine = 0;
            for (int i = 0; i < sentences.size(); i++) {
                cosine += VectorMath.cosine(exited.get(i).vector(), full.get(i).vector());
            }
            cosine /= sentences.size();
            assertTrue(byLayer7 >= 0.9 * sentences.size(), byLayer7 + " of " + sentences.size() + " rows exit by layer 7");
            assertTrue(cosine >= 0.93, "mean cosine of exited to full-depth vectors: " + cosine);
        }
    }
}

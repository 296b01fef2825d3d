package org.leap.encoder.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.EncodeMode;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.ExitRule;
import org.leap.encoder.VectorMath;
import org.leap.model.ModelCatalog;

/** Early exit against the encoder's own trace and against one-row batches. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlBertEncoderTests {
    private static final DeviceRequest CPU = new DeviceRequest(DeviceRequest.Kind.CPU, "test");
    private List<String> sentences;
    private DjlBertEncoder bge;

    @BeforeAll
    void load() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("samples/stsb-dev-300-sentences.txt"))) {
            sentences = lines.limit(40).toList();
        }
        bge = DjlBertEncoder.load(ModelCatalog.shipped(), "bge-small-en-v1.5", CPU, 8, LengthBatches.DEFAULT_TOKEN_BUDGET);
    }

    @AfterAll
    void close() {
        bge.close();
    }

    @Test
    void testBatchedEarlyExitEqualsOneRowAtATime() {
        ExitPolicy policy = splittingPolicy();
        List<Embedding> batched = bge.encode(sentences, EncodeOptions.earlyExit(policy));
        long early = batched.stream().filter(e -> e.exitLayer() < 12).count();
        assertTrue(early > 0 && early < sentences.size(), "the policy should split the rows, exits before 12: " + early);
        for (int i = 0; i < sentences.size(); i++) {
            Embedding alone = bge.encode(List.of(sentences.get(i)), EncodeOptions.earlyExit(policy)).get(0);
            assertEquals(alone.exitLayer(), batched.get(i).exitLayer(), "row " + i);
            assertTrue(VectorMath.cosine(alone.vector(), batched.get(i).vector()) >= 0.99999, "row " + i);
        }
    }

    /** A policy under which some rows of the sample exit early and others run on, so rows really leave batches. */
    private ExitPolicy splittingPolicy() {
        List<Embedding> traced = bge.encode(sentences, EncodeOptions.traced(ExitPolicy.defaultFor(12)));
        for (double theta : new double[] { 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995 }) {
            ExitPolicy policy = new ExitPolicy(theta, 1, 3);
            long early = traced.stream().filter(e -> ExitRule.exitLayer(policy, e.trace()) < 12).count();
            if (early > sentences.size() / 4 && early < sentences.size() * 3 / 4) {
                return policy;
            }
        }
        throw new AssertionError("no theta splits the sample");
    }

    @Test
    void testExitLayerMatchesReplayOfTrace() {
        ExitPolicy policy = new ExitPolicy(0.93, 2, 4);
        List<Embedding> traced = bge.encode(sentences, EncodeOptions.traced(policy));
        List<Embedding> exited = bge.encode(sentences, EncodeOptions.earlyExit(policy));
        for (int i = 0; i < sentences.size(); i++) {
            float[][] trace = traced.get(i).trace();
            assertEquals(12, trace.length);
            int replayed = ExitRule.exitLayer(policy, trace);
            assertEquals(replayed, exited.get(i).exitLayer(), "row " + i);
            assertTrue(VectorMath.cosine(trace[replayed - 1], exited.get(i).vector()) >= 0.99999, "row " + i);
        }
    }

    @Test
    void testMonitorOnlyNeverExitsAndMatchesFullDepth() {
        ExitPolicy policy = new ExitPolicy(0.01, 1, 6);
        List<Embedding> monitored = bge.encode(sentences, new EncodeOptions(policy, EncodeMode.MONITOR_ONLY, false, false));
        List<Embedding> full = bge.encode(sentences, EncodeOptions.fullDepth(policy));
        for (int i = 0; i < sentences.size(); i++) {
            assertEquals(12, monitored.get(i).exitLayer());
            assertTrue(VectorMath.cosine(full.get(i).vector(), monitored.get(i).vector()) >= 0.99999);
        }
    }

    @Test
    void testSameVectorsAfterGarbageCollection() {
        EncodeOptions full = EncodeOptions.fullDepth(ExitPolicy.defaultFor(12));
        List<Embedding> before = bge.encode(sentences, full);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        List<Embedding> after = bge.encode(sentences, full);
        for (int i = 0; i < sentences.size(); i++) {
            assertTrue(VectorMath.cosine(before.get(i).vector(), after.get(i).vector()) >= 0.999999, "row " + i);
        }
    }

    @Test
    void testLowThetaExitsEveryRowAtMinLayer() {
        List<Embedding> exited = bge.encode(sentences, EncodeOptions.earlyExit(new ExitPolicy(0.05, 1, 6)));
        exited.forEach(e -> assertEquals(6, e.exitLayer()));
    }

    @Test
    void testTruncatesTextLongerThanMaxLengthAndSaysSo() {
        String longText = "word ".repeat(2000);
        Embedding e = bge.encode(List.of(longText, "short"), EncodeOptions.fullDepth(ExitPolicy.defaultFor(12))).get(0);
        assertTrue(e.truncated());
        assertEquals(384, e.vector().length);
    }
}

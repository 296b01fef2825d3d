package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.LengthBatches;
import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.VectorMath;
import org.leap.encoder.djl.DjlBertEncoder;
import org.leap.model.ModelCatalog;

/**
 * A tiny real run: all-MiniLM-L6-v2 as teacher and student, one batch of four sentences, six steps, stopped by the
 * stop file after three and resumed. The loss falls, the run resumes where it stopped, and the exported model loads
 * by name like a shipped one.
 */
class TrainerTests {
    private static final DeviceRequest CPU = new DeviceRequest(DeviceRequest.Kind.CPU, "test");
    private static final List<String> SENTENCES = List.of("A man is playing a guitar.", "Two dogs run across a snowy field.",
        "The stock market fell sharply on Monday.", "She is slicing an onion in the kitchen.");

    @TempDir
    Path dir;

    @Test
    void testLossFallsStopsCleanlyResumesAndExportsALoadableModel() throws IOException {
        Files.write(dir.resolve("sentences.txt"), SENTENCES);
        Path configFile = dir.resolve("train.json");
        Files.writeString(configFile, """
            {
              "teacher": "all-MiniLM-L6-v2", "student_init": "all-MiniLM-L6-v2", "model_name": "mini-leap",
              "output_dir": "out", "data": ["sentences.txt"], "eval": {"path": "sentences.txt"},
              "steps": 6, "batch_size": 4, "lr": 2e-4, "warmup": 1, "decay": "constant", "max_tokens": 16,
              "checkpoint_every": 2, "log_every": 1,
              "loss": {"inter_map": "final", "exit_layer_weights": {"3": 2, "4": 2, "5": 2}, "late_layers": [4, 5],
                       "direct": 1, "direct_layer_weights": {"4": 1}, "exit_contrast": 0.3, "exit_contrast_layer": 4,
                       "final_follow": 0.5, "final_follow_layer": 4}
            }
            """);
        Path out = dir.resolve("out");

        TrainingResult first = Trainer.train(configFile, new StopAfter("step 3/6", out.resolve("STOP")));
        assertTrue(first.stopped());
        assertEquals(3, first.stepsDone());
        assertTrue(first.checkpoint().getFileName().toString().equals("step-00000003.ckpt"), first.checkpoint().toString());

        TrainingResult second = Trainer.train(configFile, null);
        assertFalse(second.stopped());
        assertEquals(3, second.resumedFrom());
        assertEquals(6, second.stepsDone());

        List<Double> losses = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        List<String> probes = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("train.jsonl"))) {
            JsonNode record = json.readTree(line);
            if (record.get("type").asText().equals("step")) {
                losses.add(record.get("loss").get("loss").asDouble());
            } else if (record.get("type").asText().equals("probe")) {
                probes.add(line);
            }
        }
        assertEquals(6, losses.size(), "one log record per step across both sessions: " + losses);
        // every step trains on the same four sentences, so the losses are comparable
        assertTrue(losses.get(5) < losses.get(0) * 0.95, "loss falls: " + losses);
        assertTrue(losses.get(5) < losses.get(2), "and keeps falling after the resume: " + losses);
        assertFalse(probes.isEmpty());

        ModelCatalog catalog = new ModelCatalog(getClass().getClassLoader(), out);
        assertTrue(catalog.names().contains("mini-leap"), catalog.names().toString());
        ExitPolicy policy = ExitPolicy.defaultFor(6);
        try (DjlBertEncoder trained = DjlBertEncoder.load(catalog, "mini-leap", CPU, 4, LengthBatches.DEFAULT_TOKEN_BUDGET);
             DjlBertEncoder original = DjlBertEncoder.load(catalog, "all-MiniLM-L6-v2", CPU, 4, LengthBatches.DEFAULT_TOKEN_BUDGET)) {
            List<Embedding> a = trained.encode(SENTENCES, EncodeOptions.fullDepth(policy));
            List<Embedding> b = original.encode(SENTENCES, EncodeOptions.fullDepth(policy));
            double cos = VectorMath.cosine(a.get(0).vector(), b.get(0).vector());
            assertTrue(cos > 0.9 && cos < 0.999999, "trained, but still close to where it started: " + cos);
        }
    }

    @Test
    void testRejectsLossLayersTheStudentLacksBeforeTouchingAnything() throws IOException {
        Files.write(dir.resolve("sentences.txt"), SENTENCES);
        Path configFile = dir.resolve("bad.json");
        Files.writeString(configFile, """
            {"teacher": "bge-small-en-v1.5", "student_init": "all-MiniLM-L6-v2", "output_dir": "never",
             "data": ["sentences.txt"], "batch_size": 4}
            """);
        String message = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> Trainer.train(configFile, null)).getMessage();
        assertTrue(message.contains("[loss.late_layers] names layer 9") && message.contains("6 layers"), message);
        assertFalse(Files.exists(dir.resolve("never")), "nothing is written before the checks pass");
    }

    @Test
    void testListenerSeesEveryStepAndStopsTheRunWithoutAStopFileOrCheckpoint() throws IOException {
        Files.write(dir.resolve("sentences.txt"), SENTENCES);
        Path configFile = dir.resolve("listened.json");
        Files.writeString(configFile, """
            {"teacher": "all-MiniLM-L6-v2", "student_init": "all-MiniLM-L6-v2", "model_name": "mini-stopped",
             "output_dir": "listened", "data": ["sentences.txt"], "steps": 5, "batch_size": 4, "warmup": 1,
             "max_tokens": 16, "checkpoint_every": 1, "keep_checkpoints": 0,
             "loss": {"late_layers": [4, 5], "exit_layer_weights": {"3": 1}, "direct_layer_weights": {"4": 1}}}
            """);
        List<Long> seen = new ArrayList<>();
        TrainingListener stopAfterTwo = new TrainingListener() {
            @Override
            public void step(long done, long total, java.util.Map<String, Float> terms) {
                assertEquals(5, total);
                assertTrue(terms.containsKey("loss"), terms.toString());
                seen.add(done);
            }

            @Override
            public boolean stopRequested() {
                return seen.size() == 2;
            }
        };
        TrainingConfig config = TrainingConfig.read(configFile);
        TrainingResult result = new Trainer(config, new ModelCatalog(getClass().getClassLoader(), null), null, stopAfterTwo).run();
        assertEquals(List.of(1L, 2L), seen);
        assertTrue(result.stopped());
        assertEquals(2, result.stepsDone());
        assertFalse(Files.exists(config.stopFile()), "the listener stops the run, not a file");
        assertEquals(null, result.checkpoint());
        assertFalse(Files.exists(config.outputDir().resolve("checkpoints")), "keep_checkpoints 0 writes none");
    }

    @Test
    void testPassagesWithTokenBudgetCountTruncationAndResumeReusesTheTeacherCache() throws IOException {
        Files.write(dir.resolve("sentences.txt"), SENTENCES);
        String passage = "The committee met on Tuesday to weigh the proposal, and after a long debate about costs, schedules "
            + "and the risks to the existing service, it voted to delay the decision until the spring review.";
        try (var out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(
            Files.newOutputStream(dir.resolve("passages.tsv.gz"))), StandardCharsets.UTF_8)) {
            out.write("source\ttext\nbbc_news\t" + passage + "\nimdb_review\tA slow film. " + passage + "\n");
        }
        Path configFile = dir.resolve("passages.json");
        Files.writeString(configFile, """
            {"teacher": "all-MiniLM-L6-v2", "student_init": "all-MiniLM-L6-v2", "model_name": "mini-passages",
             "output_dir": "passages", "data": ["sentences.txt", {"path": "passages.tsv.gz", "column": "text"}],
             "steps": 4, "batch_size": 4, "token_budget": 64, "warmup": 1, "max_tokens": 32, "checkpoint_every": 1,
             "log_every": 1, "loss": {"alpha": 0, "late_layers": [4, 5], "exit_layer_weights": {"3": 1},
                                      "direct_layer_weights": {"4": 1}},
             "retrieval": {"min_passage_tokens": 24, "final_weight": 1, "direct_layer_weights": {"3": 1},
                           "rank_layer_weights": {"3": 1, "6": 1}, "calibration": 1, "calibration_min_layer": 3}}
            """);
        Path out = dir.resolve("passages");
        assertTrue(Trainer.train(configFile, new StopAfter("step 2/4", out.resolve("STOP"))).stopped());
        TrainingResult second = Trainer.train(configFile, null);
        assertEquals(4, second.stepsDone());

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> data = new ArrayList<>();
        List<JsonNode> opened = new ArrayList<>();
        List<JsonNode> withQueries = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("train.jsonl"))) {
            JsonNode record = json.readTree(line);
            switch (record.get("type").asText()) {
                case "data" -> data.add(record);
                case "step" -> {
                    if (record.get("loss").has("q_rank_3")) {
                        withQueries.add(record.get("loss"));
                    }
                }
                case "teacher_cache" -> {
                    if (record.has("rows")) {
                        opened.add(record);
                    }
                }
                default -> { }
            }
        }
        JsonNode files = data.get(0).get("files");
        assertEquals(4, files.get(0).get("texts").asInt());
        assertEquals(0, files.get(0).get("truncated").asInt());
        assertEquals(2, files.get(1).get("texts").asInt());
        assertEquals(2, files.get(1).get("truncated").asInt(), "both passages are over 32 tokens: " + files);
        assertEquals(2, opened.size(), "one cache report per session: " + opened);
        assertEquals(0, opened.get(0).get("vectors").asInt(), "the first session starts empty");
        assertTrue(opened.get(1).get("rows_cached").asInt() >= 5, "the resumed session reads the vectors saved before: " + opened);
        assertFalse(withQueries.isEmpty(), "the batch of the two passages draws pseudo-queries from them");
        for (JsonNode terms : withQueries) {
            assertTrue(Double.isFinite(terms.get("loss").asDouble()) && terms.has("q_final") && terms.has("calibration"), terms.toString());
        }
    }

    /** A console that drops a stop file once it prints a given progress line, as an operator would. */
    private static final class StopAfter extends PrintStream {
        StopAfter(String marker, Path stopFile) {
            super(new OutputStream() {
                private final ByteArrayOutputStream line = new ByteArrayOutputStream();

                @Override
                public void write(int b) throws IOException {
                    if (b == '\n') {
                        if (line.toString(StandardCharsets.UTF_8).startsWith(marker)) {
                            Files.writeString(stopFile, "");
                        }
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }, true, StandardCharsets.UTF_8);
        }
    }
}

package org.leap.plugin.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.leap.plugin.action.train.TrainModelRequest;
import org.leap.training.TrainingConfig;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.test.OpenSearchTestCase;

/** The body of POST /_plugins/_leap/models/_train: required fields, types, ranges and the keys a job sets itself. */
public class TrainingJobSpecTests extends OpenSearchTestCase {
    private static Map<String, Object> body(Object... extra) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "leap-test", "teacher", "bge-small-en-v1.5", "student_init",
            "bge-small-en-v1.5", "training_index", "docs", "training_field", "text"));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    private static String failure(Map<String, Object> body) {
        return expectThrows(IllegalArgumentException.class, () -> TrainingJobSpec.parse(body)).getMessage();
    }

    private TrainingConfig config(Map<String, Object> body) throws Exception {
        Path dir = createTempDir();
        Path data = Files.createFile(dir.resolve("sentences.txt"));
        return TrainingJobSpec.parse(body).toTrainingConfig(dir, data, null);
    }

    public void testDefaultsComeFromTheTrainingConfig() throws Exception {
        TrainingJobSpec spec = TrainingJobSpec.parse(body());
        assertEquals(TrainingJobSpec.DEFAULT_MAX_SENTENCES, spec.maxSentences());
        assertEquals(TrainingJobSpec.DEFAULT_EVAL_SENTENCES, spec.evalSentences());
        assertNull(spec.query());
        TrainingConfig config = config(body());
        assertEquals(1000, config.steps());
        assertEquals(32, config.batchSize());
        assertEquals(5e-5, config.lr(), 0);
        assertEquals("leap-test", config.modelName());
        assertEquals("the newest checkpoint only, for a resume after a restart", 1, config.keepCheckpoints());
        assertEquals(200, config.checkpointEvery());
    }

    public void testHyperParametersAndLossReachTheTrainer() throws Exception {
        TrainingConfig config = config(body("steps", 4, "batch_size", 8, "lr", 1e-4, "warmup", 1, "seed", 7, "max_tokens", 32,
            "loss", Map.of("alpha", 0.5, "beta", 2.0)));
        assertEquals(4, config.steps());
        assertEquals(8, config.batchSize());
        assertEquals(1e-4, config.lr(), 0);
        assertEquals(7, config.seed());
        assertEquals(32, config.maxTokens());
        assertEquals(0.5, config.loss().alpha(), 0);
        assertEquals(2.0, config.loss().beta(), 0);
    }

    public void testRejectsOutOfRangeHyperParameters() throws Exception {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> config(body("steps", 0)));
        assertTrue(e.getMessage(), e.getMessage().contains("[steps] must be at least 1, got 0"));
        e = expectThrows(IllegalArgumentException.class, () -> config(body("lr", 2.0)));
        assertTrue(e.getMessage(), e.getMessage().contains("[lr] must be in (0, 1), got 2.0"));
        e = expectThrows(IllegalArgumentException.class, () -> config(body("batch_size", 1)));
        assertTrue(e.getMessage(), e.getMessage().contains("[batch_size] must be at least 2"));
        e = expectThrows(IllegalArgumentException.class, () -> config(body("loss", Map.of("alpha", -1))));
        assertTrue(e.getMessage(), e.getMessage().contains("alpha"));
    }

    public void testRejectsMissingRequiredFields() {
        for (String key : List.of("name", "teacher", "student_init", "training_index", "training_field")) {
            Map<String, Object> body = body();
            body.remove(key);
            assertEquals("[" + key + "] is required", failure(body));
        }
    }

    public void testRejectsUnknownFieldsNamingThem() {
        String message = failure(body("stepz", 3));
        assertTrue(message, message.startsWith("unknown field(s) [stepz]"));
        assertTrue(message, message.contains("steps"));
    }

    public void testRejectsKeysTheJobSets() {
        for (String key : List.of("output_dir", "data", "model_name", "stop_file", "keep_checkpoints")) {
            assertEquals("[" + key + "] is set by the training job and cannot be given", failure(body(key, "x")));
        }
    }

    public void testRejectsBadNamesAndTypes() {
        assertTrue(failure(body("name", "../etc")).startsWith("[name] must be"));
        assertTrue(failure(body("name", "bge-small-en-v1.5")).contains("shipped model"));
        assertEquals("[teacher] must be a string, got [3]", failure(body("teacher", 3)));
        assertEquals("[max_sentences] must be an integer, got [1.5]", failure(body("max_sentences", 1.5)));
        assertTrue(failure(body("max_sentences", 1)).startsWith("[max_sentences] must be in [2, "));
        assertTrue(failure(body("eval_sentences", 50, "max_sentences", 50)).startsWith("[eval_sentences] must be in [0, "));
        assertTrue(failure(body("query", "text:foo")).startsWith("[query] must be an object"));
    }

    public void testReadsAnEvaluationSetOfScoredPairs() {
        TrainingJobSpec spec = TrainingJobSpec.parse(body("eval", Map.of("index", "sts", "first_field", "s1", "second_field", "s2",
            "score_field", "score")));
        assertEquals(new TrainingJobSpec.StsEval("sts", "s1", "s2", "score", TrainingJobSpec.StsEval.DEFAULT_MAX_PAIRS), spec.eval());
        assertEquals("[eval.score_field] is required", failure(body("eval", Map.of("index", "sts", "first_field", "s1",
            "second_field", "s2"))));
        assertTrue(failure(body("eval", Map.of("index", "sts", "first_field", "s1", "second_field", "s2", "score_field", "score",
            "label", "x"))).startsWith("unknown field(s) [label] in [eval]"));
        assertTrue(failure(body("eval", Map.of("index", "sts", "first_field", "s1", "second_field", "s2", "score_field", "score",
            "max_pairs", 1))).startsWith("[eval.max_pairs] must be in [2, "));
        assertEquals("[eval.first_field] must be a string, got [7]", failure(body("eval", Map.of("index", "sts", "first_field", 7,
            "second_field", "s2", "score_field", "score"))));
        assertTrue(failure(body("eval", "sts")).startsWith("[eval] must be an object"));
    }

    public void testRequestSurvivesTheWire() throws Exception {
        TrainModelRequest request = TrainModelRequest.fromMap(body("steps", 4, "query", Map.of("term", Map.of("lang", "en")),
            "max_sentences", 300, "eval_sentences", 16, "eval", Map.of("index", "sts", "first_field", "s1", "second_field", "s2",
                "score_field", "score", "max_pairs", 50)));
        BytesStreamOutput out = new BytesStreamOutput();
        request.writeTo(out);
        try (StreamInput in = out.bytes().streamInput()) {
            TrainModelRequest read = new TrainModelRequest(in);
            assertEquals(request.spec(), read.spec());
        }
    }
}

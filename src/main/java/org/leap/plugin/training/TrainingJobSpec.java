package org.leap.plugin.training;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.leap.model.ModelCatalog;
import org.leap.training.TrainingConfig;

/**
 * A training job's request body, checked: what to train from (teacher, student, an index and field), what to call the
 * result, and the hyper-parameters, which keep the names and defaults of {@code leap train}'s config file and are
 * checked by the same code ({@link TrainingConfig#parse}). Paths, checkpoints and logging are the job's business, so
 * the keys that set them are refused.
 *
 * @param name the trained model's id
 * @param query an OpenSearch query selecting the training documents, or null for all
 * @param maxSentences at most this many sentences are read from the index
 * @param evalSentences this many of them are held out of training to measure the trained model's exit rate
 * @param eval scored sentence pairs to measure the trained model's Spearman on, or null
 * @param hyperParameters the training config keys given, as given
 */
public record TrainingJobSpec(String name, String teacher, String studentInit, String trainingIndex, String trainingField,
    Map<String, Object> query, int maxSentences, int evalSentences, StsEval eval, Map<String, Object> hyperParameters) {

    /**
     * Where the evaluation pairs are: an index whose documents hold two texts and a score (STS style).
     *
     * @param maxPairs at most this many pairs are read
     */
    public record StsEval(String index, String firstField, String secondField, String scoreField, int maxPairs) {
        public static final int DEFAULT_MAX_PAIRS = 1_000;
        public static final int MAX_PAIRS_LIMIT = 10_000;
        private static final Set<String> KEYS = Set.of("index", "first_field", "second_field", "score_field", "max_pairs");

        public StsEval {
            index = required("eval.index", index);
            firstField = required("eval.first_field", firstField);
            secondField = required("eval.second_field", secondField);
            scoreField = required("eval.score_field", scoreField);
            if (maxPairs < 2 || maxPairs > MAX_PAIRS_LIMIT) {
                throw new IllegalArgumentException("[eval.max_pairs] must be in [2, " + MAX_PAIRS_LIMIT + "], got " + maxPairs);
            }
        }

        static StsEval parse(Object value) {
            if (value instanceof Map<?, ?> == false) {
                throw new IllegalArgumentException("[eval] must be an object with " + new TreeSet<>(KEYS) + ", got [" + value + "]");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) value;
            Set<String> unknown = new TreeSet<>(map.keySet());
            unknown.removeAll(KEYS);
            if (unknown.isEmpty() == false) {
                throw new IllegalArgumentException("unknown field(s) " + unknown + " in [eval]; it takes " + new TreeSet<>(KEYS));
            }
            return new StsEval(string(map, "eval.index", "index"), string(map, "eval.first_field", "first_field"),
                string(map, "eval.second_field", "second_field"), string(map, "eval.score_field", "score_field"),
                integer(map, "eval.max_pairs", "max_pairs", DEFAULT_MAX_PAIRS));
        }

        Map<String, Object> toMap() {
            return Map.of("index", index, "first_field", firstField, "second_field", secondField, "score_field", scoreField,
                "max_pairs", maxPairs);
        }
    }

    public static final int DEFAULT_MAX_SENTENCES = 10_000;
    public static final int MAX_SENTENCES_LIMIT = 200_000;
    public static final int DEFAULT_EVAL_SENTENCES = 32;
    public static final int EVAL_SENTENCES_LIMIT = 2_000;

    /** Keys of the training config a request may set. */
    static final Set<String> HYPER_PARAMETERS = Set.of("steps", "batch_size", "lr", "warmup", "decay", "weight_decay", "adam_beta1",
        "adam_beta2", "adam_epsilon", "grad_clip", "max_tokens", "sort_chunk", "seed", "freeze_word_embeddings", "loss", "checkpoint_every");
    /** Keys of the training config the job sets itself. */
    static final Set<String> JOB_KEYS = Set.of("model_name", "models_dir", "output_dir", "data", "eval_max_sentences",
        "keep_checkpoints", "log_every", "device", "stop_file");
    private static final Set<String> FIELDS = Set.of("name", "teacher", "student_init", "training_index", "training_field", "query",
        "max_sentences", "eval_sentences", "eval");

    public TrainingJobSpec {
        name = required("name", name);
        teacher = required("teacher", teacher);
        studentInit = required("student_init", studentInit);
        trainingIndex = required("training_index", trainingIndex);
        trainingField = required("training_field", trainingField);
        if (name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}") == false) {
            throw new IllegalArgumentException("[name] must be 1-100 letters, digits, '.', '_' or '-' starting with a letter or digit, "
                + "got [" + name + "]");
        }
        if (ModelCatalog.shipped().names().contains(name) || name.equals(teacher) || name.equals(studentInit)) {
            throw new IllegalArgumentException("[name] [" + name + "] is the name of a shipped model, the teacher or the student; "
                + "pick a new one");
        }
        if (maxSentences < 2 || maxSentences > MAX_SENTENCES_LIMIT) {
            throw new IllegalArgumentException("[max_sentences] must be in [2, " + MAX_SENTENCES_LIMIT + "], got " + maxSentences);
        }
        if (evalSentences < 0 || evalSentences > EVAL_SENTENCES_LIMIT || evalSentences >= maxSentences) {
            throw new IllegalArgumentException("[eval_sentences] must be in [0, " + EVAL_SENTENCES_LIMIT
                + "] and below [max_sentences] (" + maxSentences + "), got " + evalSentences);
        }
        query = query == null ? null : Map.copyOf(query);
        hyperParameters = Map.copyOf(hyperParameters);
    }

    /**
     * Reads a request body.
     *
     * @throws IllegalArgumentException for a missing or mistyped field, an unknown key or one the job sets itself
     */
    @SuppressWarnings("unchecked")
    public static TrainingJobSpec parse(Map<String, Object> body) {
        Map<String, Object> hyper = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            if (JOB_KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("[" + e.getKey() + "] is set by the training job and cannot be given");
            } else if (HYPER_PARAMETERS.contains(e.getKey())) {
                hyper.put(e.getKey(), e.getValue());
            } else if (FIELDS.contains(e.getKey()) == false) {
                unknown.add(e.getKey());
            }
        }
        if (unknown.isEmpty() == false) {
            throw new IllegalArgumentException("unknown field(s) " + unknown + "; a training job takes " + new TreeSet<>(FIELDS)
                + " and the hyper-parameters " + new TreeSet<>(HYPER_PARAMETERS));
        }
        Object query = body.get("query");
        if (query != null && query instanceof Map == false) {
            throw new IllegalArgumentException("[query] must be an object (an OpenSearch query), got [" + query + "]");
        }
        return new TrainingJobSpec(string(body, "name"), string(body, "teacher"), string(body, "student_init"),
            string(body, "training_index"), string(body, "training_field"), (Map<String, Object>) query,
            integer(body, "max_sentences", DEFAULT_MAX_SENTENCES), integer(body, "eval_sentences", DEFAULT_EVAL_SENTENCES),
            body.get("eval") == null ? null : StsEval.parse(body.get("eval")), hyper);
    }

    /** The body again, for the task document and the transport layer. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("teacher", teacher);
        m.put("student_init", studentInit);
        m.put("training_index", trainingIndex);
        m.put("training_field", trainingField);
        if (query != null) {
            m.put("query", query);
        }
        m.put("max_sentences", maxSentences);
        m.put("eval_sentences", evalSentences);
        if (eval != null) {
            m.put("eval", eval.toMap());
        }
        m.putAll(hyperParameters);
        return m;
    }

    /**
     * The trainer's config for this job, checked by the training library.
     *
     * @param workDir the job's folder: checkpoints, log and the exported model go there
     * @param dataFile the sentences read from the index, one a line
     * @param modelsDir the node's extra model folder (teacher and student may come from it), or null
     * @throws IllegalArgumentException for a hyper-parameter out of range or of the wrong type
     */
    public TrainingConfig toTrainingConfig(Path workDir, Path dataFile, Path modelsDir) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.valueToTree(hyperParameters);
        root.put("teacher", teacher);
        root.put("student_init", studentInit);
        root.put("model_name", name);
        root.put("output_dir", workDir.toString());
        root.putArray("data").add(dataFile.toString());
        if (modelsDir != null) {
            root.put("models_dir", modelsDir.toString());
        }
        // the newest checkpoint only: what a job needs to go on after its node restarts, and no more of the node's disk
        root.put("keep_checkpoints", 1);
        return TrainingConfig.parse(root, workDir);
    }

    private static String required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("[" + key + "] is required");
        }
        return value;
    }

    private static String string(Map<String, Object> body, String key) {
        return string(body, key, key);
    }

    /** @param name the key's full name, for the message */
    private static String string(Map<String, Object> body, String name, String key) {
        Object v = body.get(key);
        if (v != null && v instanceof String == false) {
            throw new IllegalArgumentException("[" + name + "] must be a string, got [" + v + "]");
        }
        return (String) v;
    }

    private static int integer(Map<String, Object> body, String key, int defaultValue) {
        return integer(body, key, key, defaultValue);
    }

    private static int integer(Map<String, Object> body, String name, String key, int defaultValue) {
        Object v = body.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long l = ((Number) v).longValue();
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
        }
        throw new IllegalArgumentException("[" + name + "] must be an integer, got [" + v + "]");
    }
}

package org.leap.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.leap.encoder.DeviceRequest;

/**
 * Everything one LEAP training run needs, read from a JSON file and checked before any weight is loaded, so that a
 * typo fails in a second rather than after an hour. Relative paths resolve against the config file's folder.
 *
 * @param teacher catalog name of the frozen teacher
 * @param studentInit catalog name of the model the student starts from
 * @param modelName name of the trained model; it is written to {@code outputDir/modelName/}
 * @param modelsDir extra catalog folder for teacher and student lookups (e.g. to continue from a trained model), or null
 * @param outputDir folder for checkpoints, the training log and the trained model
 * @param data training sentence files
 * @param eval held-out sentences probed at every checkpoint, or null
 * @param evalMaxSentences at most this many held-out sentences are probed
 * @param steps optimizer steps in total
 * @param batchSize texts per step, or the most texts per step under a token budget
 * @param tokenBudget most rows x longest row per step, so that batches of long texts get fewer rows; 0 (absent) for
 *        fixed batches of {@code batchSize}
 * @param lr peak learning rate
 * @param warmup linear warm-up steps from 0 to {@code lr}
 * @param decay {@code linear}, {@code cosine} or {@code constant} after the warm-up
 * @param weightDecay AdamW's decoupled weight decay (applied to matrices only)
 * @param adamBeta1 first-moment decay
 * @param adamBeta2 second-moment decay
 * @param adamEpsilon AdamW's denominator epsilon
 * @param gradClip global gradient-norm limit, or 0 for none
 * @param maxTokens longest token sequence per text, special tokens included; longer texts are cut and counted
 * @param sortChunk batches are sorted by length within shuffled chunks of this many sentences
 * @param seed seeds the data order and the width projection
 * @param checkpointEvery steps between checkpoints
 * @param keepCheckpoints how many of the newest checkpoints to keep; 0 writes none (a run that is never resumed, such
 *        as a job in a server, saves the time and the memory of copying the weights and AdamW state out)
 * @param logEvery steps between progress lines (the JSON log gets every step)
 * @param freezeWordEmbeddings keep the word embedding table fixed (it is 36% of bge-small's weights)
 * @param device cpu, gpu or auto (the config key [device]; cpu by default)
 * @param stopFile training stops cleanly, with a checkpoint, once this file exists
 * @param loss the loss terms
 * @param retrieval the retrieval terms over pseudo-queries, or null for none
 */
public record TrainingConfig(
    String teacher, String studentInit, String modelName, Path modelsDir, Path outputDir,
    List<DataSource> data, DataSource eval, int evalMaxSentences,
    int steps, int batchSize, int tokenBudget, double lr, int warmup, String decay, double weightDecay,
    double adamBeta1, double adamBeta2, double adamEpsilon, double gradClip,
    int maxTokens, int sortChunk, long seed, int checkpointEvery, int keepCheckpoints, int logEvery,
    boolean freezeWordEmbeddings, DeviceRequest device, Path stopFile, LeapLossConfig loss,
    RetrievalTerms retrieval
) {
    private static final List<String> DECAYS = List.of("linear", "cosine", "constant");

    public TrainingConfig {
        require(teacher != null && teacher.isBlank() == false, "[teacher] is required");
        require(studentInit != null && studentInit.isBlank() == false, "[student_init] is required");
        require(outputDir != null, "[output_dir] is required");
        modelName = modelName == null ? studentInit + "-leap" : modelName;
        require(modelName.matches("[A-Za-z0-9][A-Za-z0-9._-]*"),
            "[model_name] must be letters, digits, '.', '_' or '-', got \"" + modelName + "\"");
        require(modelName.equals(teacher) == false && modelName.equals(studentInit) == false,
            "[model_name] must differ from the teacher and student_init names, or the trained model would shadow them");
        require(data != null && data.isEmpty() == false, "[data] must list at least one file");
        data = List.copyOf(data);
        require(evalMaxSentences >= 2, "[eval_max_sentences] must be at least 2, got " + evalMaxSentences);
        require(steps >= 1, "[steps] must be at least 1, got " + steps);
        require(batchSize >= 2, "[batch_size] must be at least 2 (the contrastive terms compare rows), got " + batchSize);
        require(Double.isFinite(lr) && lr > 0 && lr < 1, "[lr] must be in (0, 1), got " + lr);
        require(warmup >= 0 && warmup < steps, "[warmup] must be in [0, steps), got " + warmup + " with steps " + steps);
        decay = decay == null ? "linear" : decay.toLowerCase(Locale.ROOT);
        require(DECAYS.contains(decay), "[decay] must be one of " + DECAYS + ", got \"" + decay + "\"");
        require(Double.isFinite(weightDecay) && weightDecay >= 0 && weightDecay < 1, "[weight_decay] must be in [0, 1), got " + weightDecay);
        require(adamBeta1 >= 0 && adamBeta1 < 1, "[adam_beta1] must be in [0, 1), got " + adamBeta1);
        require(adamBeta2 >= 0 && adamBeta2 < 1, "[adam_beta2] must be in [0, 1), got " + adamBeta2);
        require(adamEpsilon > 0 && adamEpsilon < 1, "[adam_epsilon] must be in (0, 1), got " + adamEpsilon);
        require(Double.isFinite(gradClip) && gradClip >= 0, "[grad_clip] must be >= 0 (0 turns clipping off), got " + gradClip);
        require(maxTokens >= 3 && maxTokens <= 8192, "[max_tokens] must be in [3, 8192], got " + maxTokens);
        require(tokenBudget == 0 || tokenBudget >= 2 * maxTokens, "[token_budget] must hold two rows of max_tokens (at least "
            + 2 * maxTokens + ": the contrastive terms compare rows), got " + tokenBudget);
        require(sortChunk >= batchSize, "[sort_chunk] must be at least batch_size, got " + sortChunk);
        require(checkpointEvery >= 1, "[checkpoint_every] must be at least 1, got " + checkpointEvery);
        require(keepCheckpoints >= 0, "[keep_checkpoints] must be at least 0 (0 writes none), got " + keepCheckpoints);
        require(logEvery >= 1, "[log_every] must be at least 1, got " + logEvery);
        device = device == null ? new DeviceRequest(DeviceRequest.Kind.CPU, "device") : device;
        stopFile = stopFile == null ? outputDir.resolve("STOP") : stopFile;
        require(loss != null, "[loss] is required");
    }

    /**
     * Reads and checks a config file.
     *
     * @throws IllegalArgumentException naming the file and the problem: bad JSON, an unknown key, a missing file, a
     *         value out of range
     */
    public static TrainingConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training config " + file, e);
        }
        try {
            Path base = file.toAbsolutePath().getParent();
            return parse(new ObjectMapper().readTree(text), base);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("training config " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a config tree, as {@link #read} does a file's; relative paths resolve against {@code base}.
     *
     * @throws IllegalArgumentException naming the problem: an unknown key, a missing file, a value out of range
     */
    public static TrainingConfig parse(JsonNode root, Path base) {
        JsonFields f = new JsonFields(root, "");
        String teacher = f.requiredString("teacher");
        String student = f.requiredString("student_init");
        String modelName = f.string("model_name", null);
        String modelsDir = f.string("models_dir", null);
        Path output = base.resolve(f.requiredString("output_dir")).normalize();
        JsonNode dataNode = f.raw("data");
        if (dataNode == null || dataNode.isArray() == false || dataNode.isEmpty()) {
            throw new IllegalArgumentException("[data] must be a non-empty array of files ({\"path\": ..., \"column\": ...} or a path)");
        }
        List<DataSource> data = new ArrayList<>();
        for (int i = 0; i < dataNode.size(); i++) {
            data.add(DataSource.fromJson(dataNode.get(i), "data[" + i + "]", base));
        }
        JsonNode evalNode = f.raw("eval");
        DataSource eval = evalNode == null ? null : DataSource.fromJson(evalNode, "eval", base);
        int evalMax = f.intValue("eval_max_sentences", 256);
        int steps = f.intValue("steps", 1000);
        int batch = f.intValue("batch_size", 32);
        int tokenBudget = f.intValue("token_budget", 0);
        double lr = f.number("lr", 5e-5);
        int warmup = f.intValue("warmup", 30);
        String decay = f.string("decay", "linear");
        double weightDecay = f.number("weight_decay", 0.01);
        double beta1 = f.number("adam_beta1", 0.9);
        double beta2 = f.number("adam_beta2", 0.999);
        double adamEps = f.number("adam_epsilon", 1e-8);
        double clip = f.number("grad_clip", 1.0);
        int maxTokens = f.intValue("max_tokens", 64);
        int chunk = f.intValue("sort_chunk", 512);
        long seed = f.integer("seed", 42);
        int checkpointEvery = f.intValue("checkpoint_every", 200);
        int keep = f.intValue("keep_checkpoints", 2);
        int logEvery = f.intValue("log_every", 10);
        boolean freeze = f.bool("freeze_word_embeddings", true);
        DeviceRequest device = DeviceRequest.parse(f.string("device", "cpu"), "device");
        String stop = f.string("stop_file", null);
        LeapLossConfig loss = LeapLossConfig.fromJson(f.raw("loss"));
        RetrievalTerms retrieval = RetrievalTerms.fromJson(f.raw("retrieval"));
        f.rejectUnknown();
        Path models = modelsDir == null ? null : base.resolve(modelsDir).normalize();
        if (models != null && Files.isDirectory(models) == false) {
            throw new IllegalArgumentException("[models_dir] " + models + " is not a folder");
        }
        return new TrainingConfig(teacher, student, modelName, models, output, data, eval, evalMax, steps, batch, tokenBudget,
            lr, warmup, decay, weightDecay, beta1, beta2, adamEps, clip, maxTokens, chunk, seed, checkpointEvery, keep, logEvery,
            freeze, device, stop == null ? null : base.resolve(stop).normalize(), loss,
            retrieval);
    }

    private static void require(boolean ok, String message) {
        if (ok == false) {
            throw new IllegalArgumentException(message);
        }
    }
}

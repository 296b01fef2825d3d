package org.leap.plugin.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.training.Checkpoints;

/**
 * One job's folder under the node's data path ({@code training/<task_id>/}): the sentences it trains on, the held-out
 * ones it is measured on, the trainer's checkpoints (the newest one only) and its log. It stays until the job ends, so
 * that a node that restarts resumes the job from its last checkpoint.
 */
record JobFolder(Path dir) {
    private static final Logger LOG = LogManager.getLogger(JobFolder.class);

    Path sentences() {
        return dir.resolve("sentences.txt");
    }

    private Path heldOutFile() {
        return dir.resolve("held-out.txt");
    }

    /** Creates the folder with an empty sentence file, which the trainer's config must name before the job reads. */
    void create() {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(sentences());
            Files.createFile(sentences());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the job folder " + dir, e);
        }
    }

    void write(List<String> training, List<String> heldOut) {
        try {
            Files.write(sentences(), training, StandardCharsets.UTF_8);
            Files.write(heldOutFile(), heldOut, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sentences of the job to " + dir, e);
        }
    }

    List<String> heldOut() {
        try {
            return Files.readAllLines(heldOutFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the held-out sentences in " + dir, e);
        }
    }

    /** The step of the newest checkpoint the trainer left here, if any. */
    OptionalLong checkpointStep() {
        return new Checkpoints(dir.resolve("checkpoints"), 1).newestStep();
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    void delete() {
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        if (Files.exists(dir) == false) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete " + dir, e);
        }
    }
}

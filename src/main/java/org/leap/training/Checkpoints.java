package org.leap.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.leap.model.Tensor;
import org.leap.model.TensorFile;

/**
 * The checkpoint folder of a run: {@code step-<n>.ckpt} files, each a fp32 {@link TensorFile} written atomically
 * (temporary file, then rename), so killing a run never leaves a half-written checkpoint under a real name. Resuming
 * takes the newest file that reads back whole (its checksum matches); older ones are pruned to {@code keep}.
 */
public final class Checkpoints {
    private static final Pattern NAME = Pattern.compile("step-(\\d+)\\.ckpt");
    private static final String PARAM = "param/";

    private final Path dir;
    private final int keep;

    public Checkpoints(Path dir, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one checkpoint, got " + keep);
        }
        this.dir = dir;
        this.keep = keep;
    }

    /** Writes the checkpoint, then deletes all but the newest {@code keep}. */
    public Path save(Checkpoint checkpoint) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("kind", "leap-checkpoint");
        metadata.put("step", Long.toString(checkpoint.step()));
        metadata.put("optimizer_steps", Integer.toString(checkpoint.optimizerSteps()));
        checkpoint.info().forEach((k, v) -> metadata.put("info." + k, v));
        List<Tensor> tensors = new ArrayList<>();
        checkpoint.parameters().forEach((name, t) -> tensors.add(t.renamed(PARAM + name)));
        checkpoint.optimizerState().forEach((name, t) -> tensors.add(t.renamed(name)));
        Path file = dir.resolve(String.format(java.util.Locale.ROOT, "step-%08d.ckpt", checkpoint.step()));
        TensorFile.write(file, metadata, tensors, TensorFile.Precision.FP32);
        prune();
        return file;
    }

    /**
     * The newest complete checkpoint, if any. A file that does not read back (cut short, corrupt) is reported to
     * {@code warnings} and the next older one is tried.
     */
    public Optional<Checkpoint> latest(Consumer<String> warnings) {
        for (Path file : files()) {
            try {
                return Optional.of(load(file));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                warnings.accept("skipping checkpoint " + file + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The step of the newest checkpoint file, if any, without reading it: what a resumed run will start from unless that
     * file turns out corrupt (then {@link #latest} falls back to an older one).
     */
    public OptionalLong newestStep() {
        List<Path> files = files();
        return files.isEmpty() ? OptionalLong.empty() : OptionalLong.of(stepOf(files.get(0)));
    }

    static Checkpoint load(Path file) {
        TensorFile.Contents contents = TensorFile.read(file);
        Map<String, String> meta = contents.metadata();
        if ("leap-checkpoint".equals(meta.get("kind")) == false) {
            throw new IllegalArgumentException(file + " is not a LEAP training checkpoint");
        }
        Map<String, String> info = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("info.")) {
                info.put(k.substring(5), v);
            }
        });
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        contents.byName().forEach((name, t) -> {
            if (name.startsWith(PARAM)) {
                parameters.put(name.substring(PARAM.length()), t.renamed(name.substring(PARAM.length())));
            } else {
                optimizer.put(name, t);
            }
        });
        return new Checkpoint(Long.parseLong(meta.get("step")), Integer.parseInt(meta.get("optimizer_steps")), info, parameters,
            optimizer);
    }

    /** Checkpoint files, newest first. */
    List<Path> files() {
        if (Files.isDirectory(dir) == false) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                .sorted(Comparator.comparingLong(Checkpoints::stepOf).reversed()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private void prune() {
        List<Path> all = files();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete old checkpoint " + old, e);
            }
        }
    }

    private static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}

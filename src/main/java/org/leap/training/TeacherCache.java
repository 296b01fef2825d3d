package org.leap.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.leap.model.ModelCatalog;
import org.leap.model.ModelDescriptor;
import org.leap.model.Sha256;

/**
 * The frozen teacher's final embeddings, keyed by the sha256 of each text. When the loss reads only the teacher's
 * final layer (α = 0), a text's target never changes, so the teacher runs once per distinct text and later epochs, and
 * resumed sessions, read it from here (4 bytes times the width per text: 290 MB for 190K texts at 384).
 *
 * <p>On disk the cache is a folder of segment files, each written whole (temporary file, then rename) with the
 * entries new since the last save, so a killed session leaves no half-written entry. Every segment carries the
 * {@link Key} it was made under; a segment under another key (another teacher, tokenizer, prefix or token limit) is
 * refused with an error, since training on its vectors would train toward the wrong targets without a sign.
 */
final class TeacherCache {
    private static final int MAGIC = 0x4C545443; // "LTTC"
    private static final int VERSION = 1;
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".bin";

    /**
     * Everything a teacher vector depends on besides its text.
     *
     * @param teacher the teacher's catalog name
     * @param weightsSha256 sha256 of the teacher's weights file
     * @param tokenizerSha256 sha256 of the teacher's tokenizer.json
     * @param prefix the prefix the teacher's inputs get
     * @param maxTokens where the teacher's inputs are cut
     * @param hidden the teacher's width
     */
    record Key(String teacher, String weightsSha256, String tokenizerSha256, String prefix, int maxTokens, int hidden) {
        /** The key of a catalog teacher; its weights' sha256 is the descriptor's, or computed when it declares none. */
        static Key of(ModelDescriptor teacher, ModelCatalog catalog, byte[] tokenizerJson, int maxTokens) {
            ModelDescriptor.Source source = teacher.source();
            String file = source.weights() != null ? source.weights() : source.onnx();
            String declared = source.weights() != null ? source.weightsSha256() : source.onnxSha256();
            String weights = declared != null ? declared.toLowerCase(Locale.ROOT)
                : Sha256.hex(catalog.read(teacher, file, null));
            return new Key(teacher.name(), weights, Sha256.hex(tokenizerJson),
                teacher.queryPrefix(), maxTokens, teacher.hidden());
        }

        private Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("teacher", teacher);
            m.put("weights_sha256", weightsSha256);
            m.put("tokenizer_sha256", tokenizerSha256);
            m.put("prefix", prefix);
            m.put("max_tokens", maxTokens);
            m.put("hidden", hidden);
            return m;
        }
    }

    private final Path dir;
    private final Key key;
    private final ByteBuffer[] textKeys;
    private final Map<ByteBuffer, float[]> vectors = new HashMap<>();
    private final List<ByteBuffer> unsaved = new ArrayList<>();
    private int nextSegment;

    private TeacherCache(Path dir, Key key, List<String> texts) {
        this.dir = dir;
        this.key = key;
        MessageDigest digest = Sha256.digest();
        this.textKeys = new ByteBuffer[texts.size()];
        for (int i = 0; i < textKeys.length; i++) {
            textKeys[i] = ByteBuffer.wrap(digest.digest(texts.get(i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A cache that lives as long as the run, for runs that are never resumed (no checkpoints). */
    static TeacherCache inMemory(Key key, List<String> texts) {
        return new TeacherCache(null, key, texts);
    }

    /**
     * Opens the cache folder, reading every segment a session before this one saved, and removes temporaries of a
     * session killed while saving.
     *
     * @param texts the run's texts; row {@code i} of the run is {@code texts.get(i)}
     * @throws IllegalArgumentException when a segment was made under another key
     */
    static TeacherCache open(Path dir, Key key, List<String> texts) {
        TeacherCache cache = new TeacherCache(dir, key, texts);
        try {
            Files.createDirectories(dir);
            try (var list = Files.list(dir)) {
                for (Path file : list.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        Files.delete(file);
                    } else if (name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX)) {
                        cache.readSegment(file);
                        int number = Integer.parseInt(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
                        cache.nextSegment = Math.max(cache.nextSegment, number + 1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the teacher cache in " + dir, e);
        }
        return cache;
    }

    /** The cached final embedding of a row's text, or null. */
    float[] get(int row) {
        return vectors.get(textKeys[row]);
    }

    void put(int row, float[] vector) {
        if (vector.length != key.hidden()) {
            throw new IllegalArgumentException("a teacher vector has " + vector.length + " values, the teacher " + key.hidden());
        }
        if (vectors.putIfAbsent(textKeys[row], vector) == null) {
            unsaved.add(textKeys[row]);
        }
    }

    /** Distinct texts cached. */
    int size() {
        return vectors.size();
    }

    /**
     * Writes the entries added since the last save as a new segment; an in-memory cache writes nothing.
     *
     * @return the segment written, or null when there was nothing to write
     */
    Path save() {
        if (dir == null || unsaved.isEmpty()) {
            return null;
        }
        Path file = dir.resolve(String.format(Locale.ROOT, "%s%06d%s", SEGMENT_PREFIX, nextSegment, SEGMENT_SUFFIX));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeUTF(json(key.toMap()));
                out.writeInt(unsaved.size());
                ByteBuffer values = ByteBuffer.allocate(key.hidden() * Float.BYTES);
                for (ByteBuffer textKey : unsaved) {
                    out.write(textKey.array());
                    values.clear();
                    values.asFloatBuffer().put(vectors.get(textKey));
                    out.write(values.array());
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the teacher cache segment " + file, e);
        }
        unsaved.clear();
        nextSegment++;
        return file;
    }

    private void readSegment(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("teacher cache segment " + file + " is not a version " + VERSION
                    + " teacher cache; delete " + dir + " or use another output_dir");
            }
            Map<?, ?> made = new ObjectMapper().readValue(in.readUTF(), Map.class);
            List<String> differences = new ArrayList<>();
            key.toMap().forEach((name, value) -> {
                if (String.valueOf(value).equals(String.valueOf(made.get(name))) == false) {
                    differences.add(name + " [" + made.get(name) + "], this run [" + value + "]");
                }
            });
            if (differences.isEmpty() == false) {
                throw new IllegalArgumentException("teacher cache segment " + file + " was made for other teacher vectors ("
                    + String.join("; ", differences) + "); they would be wrong targets for this run: delete " + dir
                    + " or use another output_dir");
            }
            int count = in.readInt();
            byte[] values = new byte[key.hidden() * Float.BYTES];
            for (int i = 0; i < count; i++) {
                byte[] textKey = new byte[32];
                in.readFully(textKey);
                in.readFully(values);
                float[] vector = new float[key.hidden()];
                ByteBuffer.wrap(values).asFloatBuffer().get(vector);
                vectors.put(ByteBuffer.wrap(textKey), vector);
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("teacher cache segment " + file + " holds more than its " + count
                    + " entries; delete " + dir + " or use another output_dir");
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("teacher cache segment " + file + " ends early; delete " + dir
                + " or use another output_dir", e);
        }
    }

    private static String json(Map<?, ?> fields) {
        try {
            return new ObjectMapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the teacher cache key", e);
        }
    }
}

package org.leap.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.leap.model.onnx.OnnxModelFile;

/**
 * Finds model descriptors by name and opens their files. Descriptors are the {@code models/*.json} files shipped on
 * the class path (under {@code models/}); their weights are class-path resources (the public models' ONNX files from
 * their Maven jars, the LEAP-trained default's fp16 tensors from {@code models/leap-bge-small/}) or files in a model
 * folder.
 * Nothing is ever downloaded.
 */
public final class ModelCatalog {
    private static final String RESOURCE_DIR = "models/";
    private static final List<String> SHIPPED = List.of("leap-bge-small", "bge-small-en-v1.5", "e5-small-v2", "all-MiniLM-L6-v2");

    private final ObjectMapper json = new ObjectMapper();
    private final ClassLoader loader;
    private final Path extraDir;

    /** @param extraDir a folder holding more models as {@code <name>/model.json} (trained ones), or null */
    public ModelCatalog(ClassLoader loader, Path extraDir) {
        this.loader = loader;
        this.extraDir = extraDir;
    }

    public static ModelCatalog shipped() {
        return new ModelCatalog(ModelCatalog.class.getClassLoader(), null);
    }

    /** Names of every model this catalog can load, shipped ones first. */
    public List<String> names() {
        Stream<String> extra = Stream.empty();
        if (extraDir != null && Files.isDirectory(extraDir)) {
            try (Stream<Path> dirs = Files.list(extraDir)) {
                extra = dirs.filter(d -> Files.isRegularFile(d.resolve("model.json"))).map(d -> d.getFileName().toString())
                    .sorted().toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list models in " + extraDir, e);
            }
        }
        return Stream.concat(SHIPPED.stream(), extra).distinct().toList();
    }

    public ModelDescriptor descriptor(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model name is required; known models: " + names());
        }
        try (InputStream in = openDescriptor(name)) {
            ModelDescriptor descriptor = json.readValue(in, ModelDescriptor.class);
            if (descriptor.name().equals(name) == false) {
                throw new IllegalArgumentException("descriptor for [" + name + "] names itself [" + descriptor.name() + "]");
            }
            return descriptor;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the descriptor of model [" + name + "]", e);
        }
    }

    private InputStream openDescriptor(String name) throws IOException {
        if (extraDir != null) {
            Path file = inside(extraDir, name, "model [" + name + "]").resolve("model.json");
            if (Files.isRegularFile(file)) {
                return Files.newInputStream(file);
            }
        }
        InputStream in = SHIPPED.contains(name) ? loader.getResourceAsStream(RESOURCE_DIR + name + ".json") : null;
        if (in == null) {
            throw new IllegalArgumentException("unknown model [" + name + "]; known models: " + names());
        }
        return in;
    }

    /** Reads a model file fully and checks its sha256 when the descriptor gives one. */
    public byte[] read(ModelDescriptor model, String file, String expectedSha256) {
        try (InputStream raw = open(model, file); DigestInputStream in = new DigestInputStream(raw, Sha256.digest())) {
            byte[] bytes = in.readAllBytes();
            String actual = Sha256.hex(in.getMessageDigest());
            if (expectedSha256 != null && expectedSha256.equalsIgnoreCase(actual) == false) {
                throw new IllegalStateException("file [" + file + "] of model [" + model.name() + "] has sha256 " + actual
                    + " but its descriptor expects " + expectedSha256);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read [" + file + "] of model [" + model.name() + "]", e);
        }
    }

    /**
     * Reads a model's weights under their Hugging Face names, from its ONNX export or from the tensor file that
     * training wrote, whichever its descriptor names.
     */
    public BertWeights weights(ModelDescriptor model) {
        ModelDescriptor.Source source = model.source();
        if (source.weights() != null) {
            byte[] bytes = read(model, source.weights(), source.weightsSha256());
            return new BertWeights(TensorFile.read(bytes, "[" + source.weights() + "] of model [" + model.name() + "]").byName());
        }
        return BertWeights.fromOnnx(OnnxModelFile.parse(read(model, source.onnx(), source.onnxSha256())));
    }

    /** Reads the model's tokenizer.json, checked against its sha256. */
    public byte[] tokenizer(ModelDescriptor model) {
        return read(model, model.source().tokenizer(), model.source().tokenizerSha256());
    }

    private InputStream open(ModelDescriptor model, String file) throws IOException {
        if (extraDir != null) {
            Path folder = inside(extraDir, model.name(), "model [" + model.name() + "]");
            Path path = inside(folder, file, "file [" + file + "] of model [" + model.name() + "]");
            if (Files.isRegularFile(path)) {
                return Files.newInputStream(path);
            }
        }
        InputStream in = loader.getResourceAsStream(file);
        if (in == null) {
            String hint = model.source().maven() == null ? "" : " (it comes from the Maven artifact " + model.source().maven() + ")";
            throw new IllegalStateException("file [" + file + "] of model [" + model.name() + "] is not on the class path" + hint);
        }
        return in;
    }

    /**
     * {@code dir/relative}, refused when it would lead out of {@code dir} ({@code ..}, an absolute path): names come from
     * descriptors and model ids that users write, and must not reach files elsewhere.
     */
    static Path inside(Path dir, String relative, String what) {
        Path base = dir.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative).normalize();
        if (resolved.startsWith(base) == false || resolved.equals(base)) {
            throw new IllegalArgumentException(what + " names a path outside its folder: [" + relative + "]");
        }
        return resolved;
    }
}

package org.leap.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.leap.model.BertWeights;
import org.leap.model.ModelDescriptor;
import org.leap.model.ModelFolder;
import org.leap.model.Sha256;
import org.leap.model.Tensor;
import org.leap.model.TensorFile;

/**
 * Writes a trained student as a model folder the catalog loads by name, like a shipped model: {@code weights.fp16}
 * (a {@link TensorFile} of Hugging Face-named weights in fp16, half of fp32's size), the tokenizer it was trained with,
 * and {@code model.json}, with the sha256 of both files. The descriptor is written last, so a folder without one is
 * not a model yet and the catalog does not list it.
 */
public final class ModelExport {
    public static final String WEIGHTS_FILE = "weights.fp16";
    public static final String TOKENIZER_FILE = "tokenizer.json";

    private ModelExport() {}

    /**
     * @param modelsDir the catalog's extra folder; the model goes to {@code modelsDir/name/}
     * @param name the new model's name
     * @param base the student's original descriptor: shape and prefixes carry over
     * @param provenance stored in the weights file's metadata
     * @return the model folder
     */
    public static Path write(Path modelsDir, String name, ModelDescriptor base, BertWeights weights, byte[] tokenizerJson,
                             String description, Map<String, String> provenance) {
        Path folder = modelsDir.resolve(name);
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(folder.resolve(ModelFolder.DESCRIPTOR_FILE));
            List<Tensor> tensors = weights.all().values().stream().sorted(Comparator.comparing(Tensor::name)).toList();
            TensorFile.write(folder.resolve(WEIGHTS_FILE), provenance, tensors, TensorFile.Precision.FP16);
            ModelFolder.writeAtomically(folder.resolve(TOKENIZER_FILE), tokenizerJson);
            ModelDescriptor descriptor = new ModelDescriptor(name, description,
                new ModelDescriptor.Source(null, null, null, WEIGHTS_FILE, sha256(folder.resolve(WEIGHTS_FILE)), TOKENIZER_FILE,
                    sha256(folder.resolve(TOKENIZER_FILE))),
                base.layers(), base.hidden(), base.heads(), base.maxLength(), "mean", "mean", base.queryPrefix(),
                base.passagePrefix(), null);
            ModelFolder.writeDescriptor(folder, descriptor);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model [" + name + "] to " + folder, e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DigestInputStream in = new DigestInputStream(raw, Sha256.digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Sha256.hex(in.getMessageDigest());
        }
    }
}

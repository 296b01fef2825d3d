package org.leap.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes the files of a model folder ({@code <name>/model.json} and what it names) so that a reader never sees a
 * half-written one: each file goes to a temporary name first and is moved into place. Training writes a whole folder
 * this way; calibration rewrites only the descriptor.
 */
public final class ModelFolder {
    public static final String DESCRIPTOR_FILE = "model.json";
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ModelFolder() {}

    public static void writeDescriptor(Path folder, ModelDescriptor descriptor) {
        try {
            writeAtomically(folder.resolve(DESCRIPTOR_FILE), JSON.writeValueAsBytes(descriptor));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the descriptor of model [" + descriptor.name() + "] to " + folder, e);
        }
    }

    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            TensorFile.readableByAll(tmp);
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package org.leap.plugin.ingest;

import java.util.Arrays;

/**
 * One entry of a processor's {@code field_map}, with the fields written beside the vector.
 *
 * @param source dotted path of the text (or array of texts)
 * @param target dotted path of the knn_vector field
 * @param exitLayerField where the exit layer goes; {@code <target>_exit_layer} by default
 * @param modelIdField where the id of the model that embedded goes; {@code <target>_model_id} by default
 * @param thetaField where the theta the exit rule used goes; {@code <target>_theta} by default
 */
public record FieldMapping(String source, String target, String exitLayerField, String modelIdField, String thetaField) {
    /**
     * Every path must be names joined by single dots, and a written one must not be a metadata field ({@code _index},
     * {@code _id}, ...): otherwise the write fails inside the ingest service with a 500 for the whole batch.
     *
     * @throws IllegalArgumentException naming the path at fault
     */
    public FieldMapping {
        checkPath(source, "source field", false);
        for (String written : new String[] { target, exitLayerField, modelIdField, thetaField }) {
            checkPath(written, "field written", true);
        }
    }

    public static FieldMapping withDefaults(String source, String target) {
        return new FieldMapping(source, target, target + "_exit_layer", target + "_model_id", target + "_theta");
    }

    private static void checkPath(String path, String what, boolean written) {
        if (path == null || path.isEmpty() || Arrays.stream(path.split("\\.", -1)).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(what + " [" + path + "] is not a field path: names joined by single dots");
        }
        if (written && path.startsWith("_")) {
            throw new IllegalArgumentException(what + " [" + path + "] is a metadata field (it starts with '_'); vectors go into"
                + " document fields");
        }
    }
}

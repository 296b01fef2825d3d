package org.leap.plugin.ingest;

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
    public static FieldMapping withDefaults(String source, String target) {
        return new FieldMapping(source, target, target + "_exit_layer", target + "_model_id", target + "_theta");
    }
}

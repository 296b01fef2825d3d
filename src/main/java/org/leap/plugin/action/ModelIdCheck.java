package org.leap.plugin.action;

import org.opensearch.action.ActionRequestValidationException;

/** The check every request naming one model makes: the id is there. */
public final class ModelIdCheck {
    private ModelIdCheck() {}

    /** A validation error when the id is missing or blank, else null. */
    public static ActionRequestValidationException validate(String modelId) {
        if (modelId == null || modelId.isBlank()) {
            ActionRequestValidationException e = new ActionRequestValidationException();
            e.addValidationError("a model_id is required");
            return e;
        }
        return null;
    }
}

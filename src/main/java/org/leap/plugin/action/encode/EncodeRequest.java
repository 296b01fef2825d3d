package org.leap.plugin.action.encode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.leap.plugin.encode.EncodeCall;
import org.leap.plugin.encode.QueryTarget;
import org.leap.plugin.stats.EncodePath;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

/**
 * Texts to encode, the model (null for the default), an optional theta, the path the stats count them under, for a
 * query, where it searches (so that the drift monitor can sample it), and for ingested texts, the document each belongs
 * to (so that its shadow copy is replaced when the document comes again).
 */
public final class EncodeRequest extends ActionRequest {
    private final String modelId;
    private final List<String> texts;
    private final Double theta;
    private final EncodePath path;
    private final QueryTarget queryTarget;
    private final List<String> keys;

    /**
     * @param queryTarget where the query searches, for drift sampling; null when unknown or not a query
     * @param keys one per text, the document it belongs to (null elements for documents without an id); null for
     *        queries. See {@link EncodeCall#keys()}.
     */
    public EncodeRequest(String modelId, List<String> texts, Double theta, EncodePath path, QueryTarget queryTarget, List<String> keys) {
        this.modelId = modelId;
        this.texts = List.copyOf(texts);
        this.theta = theta;
        this.path = path;
        this.queryTarget = queryTarget;
        this.keys = keys == null ? null : Collections.unmodifiableList(new ArrayList<>(keys));
    }

    public EncodeRequest(StreamInput in) throws IOException {
        super(in);
        this.modelId = in.readOptionalString();
        this.texts = in.readStringList();
        this.theta = in.readOptionalDouble();
        this.path = in.readEnum(EncodePath.class);
        this.queryTarget = in.readOptionalWriteable(QueryTarget::readFrom);
        this.keys = in.readBoolean() ? Collections.unmodifiableList(in.readList(StreamInput::readOptionalString)) : null;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeOptionalString(modelId);
        out.writeStringCollection(texts);
        out.writeOptionalDouble(theta);
        out.writeEnum(path);
        out.writeOptionalWriteable(queryTarget);
        out.writeBoolean(keys != null);
        if (keys != null) {
            out.writeCollection(keys, StreamOutput::writeOptionalString);
        }
    }

    @Override
    public ActionRequestValidationException validate() {
        ActionRequestValidationException e = null;
        if (texts.isEmpty()) {
            e = new ActionRequestValidationException();
            e.addValidationError("no text to encode");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                e = e == null ? new ActionRequestValidationException() : e;
                e.addValidationError("text [" + i + "] is empty");
            }
        }
        return e;
    }

    public String modelId() {
        return modelId;
    }

    public List<String> texts() {
        return texts;
    }

    public Double theta() {
        return theta;
    }

    public EncodePath path() {
        return path;
    }

    /** Where the query searches, or null. */
    public QueryTarget queryTarget() {
        return queryTarget;
    }

    /** The document of each text, or null; see {@link EncodeCall#keys()}. */
    public List<String> keys() {
        return keys;
    }
}

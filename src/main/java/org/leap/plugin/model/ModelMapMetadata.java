package org.leap.plugin.model;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

/**
 * A cluster-state custom that holds one value per model id, in id order: the models' settings, their θ controllers.
 * Immutable; {@link #with} and {@link #without} give the next one.
 *
 * @param <T> the value kept per model
 * @param <M> the custom itself
 */
public abstract class ModelMapMetadata<T extends Writeable & ToXContentObject, M extends ModelMapMetadata<T, M>> extends
    PersistedModelMetadata {
    private final Map<String, T> models;

    protected ModelMapMetadata(String type, Map<String, T> models) {
        super(type);
        this.models = Collections.unmodifiableMap(new TreeMap<>(models));
    }

    /** The same custom with these values. */
    protected abstract M withModels(Map<String, T> models);

    /** The value kept for a model, or null when there is none. */
    public T get(String modelId) {
        return models.get(modelId);
    }

    public Map<String, T> models() {
        return models;
    }

    public M with(String modelId, T value) {
        Map<String, T> next = new TreeMap<>(models);
        next.put(modelId, value);
        return withModels(next);
    }

    public M without(String modelId) {
        Map<String, T> next = new TreeMap<>(models);
        next.remove(modelId);
        return withModels(next);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(models, StreamOutput::writeString, (o, value) -> value.writeTo(o));
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        for (Map.Entry<String, T> e : models.entrySet()) {
            builder.field(e.getKey());
            e.getValue().toXContent(builder, params);
        }
        return builder;
    }

    /** Reads what {@link #toXContent} wrote: each model's object as a map, turned into its value by {@code read}. */
    protected static <T> Map<String, T> parse(XContentParser parser, Function<Map<String, Object>, T> read) throws IOException {
        Map<String, T> models = new TreeMap<>();
        XContentParser.Token token = parser.currentToken() == null ? parser.nextToken() : parser.currentToken();
        if (token == XContentParser.Token.START_OBJECT) {
            token = parser.nextToken();
        }
        for (; token == XContentParser.Token.FIELD_NAME; token = parser.nextToken()) {
            String model = parser.currentName();
            parser.nextToken();
            models.put(model, read.apply(parser.map()));
        }
        return models;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && models.equals(((ModelMapMetadata<?, ?>) o).models);
    }

    @Override
    public int hashCode() {
        return models.hashCode();
    }
}

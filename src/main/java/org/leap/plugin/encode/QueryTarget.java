package org.leap.plugin.encode;

import java.io.IOException;

import org.opensearch.action.support.IndicesOptions;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.index.query.QueryBuilder;

/**
 * Where a {@code leap_neural} query searched: the indices of its search request (as the user wrote them, with their
 * options), the vector field and the query's pre-filter. The drift monitor runs its two k-NN searches against exactly
 * this, so the two hit lists differ only by the query vector.
 *
 * @param indices the search request's indices, patterns or aliases (empty: all)
 * @param filter the query's pre-filter, or null
 */
public record QueryTarget(String[] indices, IndicesOptions indicesOptions, String field, QueryBuilder filter) implements Writeable {
    public static QueryTarget readFrom(StreamInput in) throws IOException {
        return new QueryTarget(in.readStringArray(), IndicesOptions.readIndicesOptions(in), in.readString(),
            in.readOptionalNamedWriteable(QueryBuilder.class));
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeStringArray(indices);
        indicesOptions.writeIndicesOptions(out);
        out.writeString(field);
        out.writeOptionalNamedWriteable(filter);
    }
}

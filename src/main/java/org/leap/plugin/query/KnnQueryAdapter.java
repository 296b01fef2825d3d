package org.leap.plugin.query;

import java.io.IOException;
import java.util.Map;

import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;

/**
 * The one place that speaks k-NN's query API. It writes a {@code knn} query as k-NN's own users would and parses it
 * with the node's registry, so we compile against no k-NN class and every knn option (filter, method_parameters,
 * radial search) keeps working as k-NN defines it.
 */
public final class KnnQueryAdapter {
    public static final String KNN_QUERY = "knn";

    private KnnQueryAdapter() {}

    /**
     * @param k the number of neighbours, or null for a radial search
     * @param filter a pre-filter, or null
     * @param methodParameters k-NN's per-query method parameters (e.g. ef_search), or null
     */
    public static QueryBuilder knnQuery(NamedXContentRegistry registry, String field, float[] vector, Integer k, Float minScore,
        Float maxDistance, QueryBuilder filter, Map<String, Object> methodParameters, float boost, String queryName) throws IOException {
        XContentBuilder json = JsonXContent.contentBuilder();
        json.startObject().startObject(KNN_QUERY).startObject(field);
        json.array("vector", vector);
        if (k != null) {
            json.field("k", k);
        }
        if (minScore != null) {
            json.field("min_score", minScore);
        }
        if (maxDistance != null) {
            json.field("max_distance", maxDistance);
        }
        if (filter != null) {
            json.field("filter");
            filter.toXContent(json, ToXContent.EMPTY_PARAMS);
        }
        if (methodParameters != null && methodParameters.isEmpty() == false) {
            json.field("method_parameters", methodParameters);
        }
        if (boost != AbstractQueryBuilder.DEFAULT_BOOST) {
            json.field("boost", boost);
        }
        if (queryName != null) {
            json.field("_name", queryName);
        }
        json.endObject().endObject().endObject();
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(registry, DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
            BytesReference.bytes(json).streamInput())) {
            parser.nextToken();
            return AbstractQueryBuilder.parseInnerQueryBuilder(parser);
        } catch (ParsingException e) {
            if (e.getMessage() != null && e.getMessage().contains("unknown query [" + KNN_QUERY + "]")) {
                throw new IllegalArgumentException("the [leap_neural] query runs on the k-NN plugin's [knn] query, and this node has"
                    + " no opensearch-knn plugin installed", e);
            }
            throw e;
        }
    }
}

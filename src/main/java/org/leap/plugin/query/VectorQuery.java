package org.leap.plugin.query;

import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.search.join.ScoreMode;
import org.opensearch.index.mapper.ObjectMapper;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.InnerHitBuilder;
import org.opensearch.index.query.NestedQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.QueryShardException;

/**
 * What an encoded {@code leap_neural} query runs on a shard: k-NN's query on the field, inside a {@code nested} query
 * (score mode max) for each nested object above the field, so that a chunked document scores by its best chunk and
 * counts once among the k (k-NN's nested search), and the field path works as a plain one does. The exit tag names the
 * whole for {@code matched_queries}.
 */
final class VectorQuery {
    private VectorQuery() {}

    /**
     * @param innerHit which chunks each hit shows, or null; refused for a field that no nested object holds
     * @param exitTag the name the hits carry in {@code matched_queries}, or null for none
     * @param knn k-NN's query on the field
     */
    static QueryBuilder of(QueryShardContext shard, String field, InnerHitBuilder innerHit, String exitTag, QueryBuilder knn) {
        List<String> nested = nestedObjects(shard, field);
        if (innerHit != null && nested.isEmpty()) {
            throw new QueryShardException(shard, "[" + LeapNeuralQueryBuilder.NAME + "] [inner_hits] shows the chunks of a vector field"
                + " inside a nested object, and no nested object holds [" + field + "] in this index");
        }
        QueryBuilder query = knn;
        for (int i = nested.size() - 1; i >= 0; i--) {
            NestedQueryBuilder level = new NestedQueryBuilder(nested.get(i), query, ScoreMode.Max);
            if (i == nested.size() - 1 && innerHit != null) {
                level.innerHit(innerHit);
            }
            query = level;
        }
        return exitTag == null ? query : new BoolQueryBuilder().must(query).queryName(exitTag);
    }

    /** The paths of the nested objects above the field in this shard's mapping, outermost first. */
    private static List<String> nestedObjects(QueryShardContext shard, String field) {
        List<String> nested = new ArrayList<>();
        for (int dot = field.indexOf('.'); dot > 0; dot = field.indexOf('.', dot + 1)) {
            ObjectMapper object = shard.getObjectMapper(field.substring(0, dot));
            if (object != null && object.nested().isNested()) {
                nested.add(field.substring(0, dot));
            }
        }
        return nested;
    }
}

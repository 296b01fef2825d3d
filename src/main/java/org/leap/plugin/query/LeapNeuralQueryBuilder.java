package org.leap.plugin.query;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.apache.lucene.search.Query;
import org.apache.lucene.util.SetOnce;
import org.leap.plugin.action.encode.EncodeAction;
import org.leap.plugin.action.encode.EncodeRequest;
import org.leap.plugin.action.encode.EncodeResponse;
import org.leap.plugin.encode.QueryTarget;
import org.leap.plugin.stats.EncodePath;
import org.opensearch.action.IndicesRequest;
import org.opensearch.core.ParseField;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.InnerHitBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryCoordinatorContext;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.QueryShardException;
import org.opensearch.index.query.Rewriteable;

/**
 * The {@code leap_neural} query: embeds {@code query_text} with early exit, once per search request on the
 * coordinating node (an async action of the rewrite, so no search thread waits on inference), then rewrites itself
 * into k-NN's {@code knn} query on the same field; on a field inside a nested object (the chunks of long documents),
 * into a {@code nested} query around it, so that a document scores by its best chunk ({@link VectorQuery}).
 *
 * <p>The exit layer is made visible through a named query: the knn query is wrapped in a one-clause {@code bool} named
 * {@code leap_neural:field=<f>,model=<m>,exit_layer=<e>,layers=<L>,theta=<t>} (and {@code ,degraded=true} when the
 * node ran the query at a lower θ under load), which every hit lists in its
 * {@code matched_queries}. A one-clause bool scores exactly as its clause.
 */
public final class LeapNeuralQueryBuilder extends AbstractQueryBuilder<LeapNeuralQueryBuilder> {
    public static final String NAME = "leap_neural";
    public static final int DEFAULT_K = 10;
    /** k-NN's own upper bound on k. */
    public static final int MAX_K = 10_000;

    static final ParseField QUERY_TEXT = new ParseField("query_text");
    static final ParseField MODEL_ID = new ParseField("model_id");
    static final ParseField K = new ParseField("k");
    static final ParseField FILTER = new ParseField("filter");
    static final ParseField MIN_SCORE = new ParseField("min_score");
    static final ParseField MAX_DISTANCE = new ParseField("max_distance");
    static final ParseField THETA = new ParseField("theta");
    static final ParseField METHOD_PARAMETERS = new ParseField("method_parameters");
    static final ParseField INNER_HITS = new ParseField("inner_hits");

    private final String fieldName;
    private final String queryText;
    private final String modelId;
    private final Integer k;
    private final Float minScore;
    private final Float maxDistance;
    private final QueryBuilder filter;
    private final Double theta;
    private final Map<String, Object> methodParameters;
    /** For a field inside a nested object: which chunks to show with each hit, or null. */
    private InnerHitBuilder innerHit;
    /** The encoded query, filled by the async action; null before the first rewrite. */
    private final Supplier<EncodeResponse> encoded;
    /** The query's vector once encoded (it travels to the shards, which know whether the field is nested), else null. */
    private final float[] vector;
    /** The name of the encoded query's hits in {@code matched_queries}, or null. */
    private final String exitTag;

    public LeapNeuralQueryBuilder(String fieldName, String queryText, String modelId, Integer k, Float minScore, Float maxDistance,
        QueryBuilder filter, Double theta, Map<String, Object> methodParameters) {
        this(fieldName, queryText, modelId, k, minScore, maxDistance, filter, theta, methodParameters, null, null, null);
    }

    private LeapNeuralQueryBuilder(String fieldName, String queryText, String modelId, Integer k, Float minScore, Float maxDistance,
        QueryBuilder filter, Double theta, Map<String, Object> methodParameters, Supplier<EncodeResponse> encoded, float[] vector,
        String exitTag) {
        if (fieldName == null || fieldName.isBlank()) {
            throw new IllegalArgumentException("[" + NAME + "] needs a vector field name");
        }
        if (queryText == null || queryText.isBlank()) {
            throw new IllegalArgumentException("[" + NAME + "] requires a non-empty [" + QUERY_TEXT.getPreferredName() + "]");
        }
        int radial = (minScore == null ? 0 : 1) + (maxDistance == null ? 0 : 1);
        if (radial + (k == null ? 0 : 1) > 1) {
            throw new IllegalArgumentException("[" + NAME + "] takes only one of [k], [min_score] and [max_distance]");
        }
        if (k != null && (k < 1 || k > MAX_K)) {
            throw new IllegalArgumentException("[" + NAME + "] [k] must be in [1, " + MAX_K + "], got " + k);
        }
        if (theta != null && (theta > 0 && theta <= 1) == false) {
            throw new IllegalArgumentException("[" + NAME + "] [theta] must be in (0, 1], got " + theta);
        }
        if (maxDistance != null && maxDistance < 0) {
            throw new IllegalArgumentException("[" + NAME + "] [max_distance] must be >= 0, got " + maxDistance);
        }
        if (minScore != null && minScore <= 0) {
            throw new IllegalArgumentException("[" + NAME + "] [min_score] must be > 0, got " + minScore);
        }
        this.fieldName = fieldName;
        this.queryText = queryText;
        this.modelId = modelId;
        this.k = k == null && radial == 0 ? Integer.valueOf(DEFAULT_K) : k;
        this.minScore = minScore;
        this.maxDistance = maxDistance;
        this.filter = filter;
        this.theta = theta;
        this.methodParameters = methodParameters == null ? null : Map.copyOf(methodParameters);
        this.encoded = encoded;
        this.vector = vector;
        this.exitTag = exitTag;
    }

    /**
     * A query whose vector is already known, with no encode: the drift monitor's probe of the same field, which must find
     * documents exactly as the user's query does, nested field or not.
     */
    public static LeapNeuralQueryBuilder ofVector(String fieldName, String queryText, float[] vector, int k, QueryBuilder filter) {
        return new LeapNeuralQueryBuilder(fieldName, queryText, null, k, null, null, filter, null, null, null, vector.clone(), null);
    }

    /** A copy of this query, with its state after the rewrite that encodes its text. */
    private LeapNeuralQueryBuilder rewritten(Supplier<EncodeResponse> encodedBy, float[] encodedVector, String tag) {
        LeapNeuralQueryBuilder copy = new LeapNeuralQueryBuilder(fieldName, queryText, modelId, k, minScore, maxDistance, filter, theta,
            methodParameters, encodedBy, encodedVector, tag);
        copy.innerHit = innerHit;
        copy.boost(boost).queryName(queryName);
        return copy;
    }

    /**
     * Which chunks to show with each hit (OpenSearch's {@code inner_hits} of a nested query), for a field inside a nested
     * object; a plain field refuses it when the query runs.
     */
    public LeapNeuralQueryBuilder innerHit(InnerHitBuilder innerHitBuilder) {
        this.innerHit = innerHitBuilder;
        return this;
    }

    public InnerHitBuilder innerHit() {
        return innerHit;
    }

    public LeapNeuralQueryBuilder(StreamInput in) throws IOException {
        super(in);
        this.fieldName = in.readString();
        this.queryText = in.readString();
        this.modelId = in.readOptionalString();
        this.k = in.readOptionalVInt();
        this.minScore = in.readOptionalFloat();
        this.maxDistance = in.readOptionalFloat();
        this.filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.theta = in.readOptionalDouble();
        this.methodParameters = in.readBoolean() ? in.readMap() : null;
        this.innerHit = in.readOptionalWriteable(InnerHitBuilder::new);
        this.vector = in.readBoolean() ? in.readFloatArray() : null;
        this.exitTag = in.readOptionalString();
        this.encoded = null;
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(fieldName);
        out.writeString(queryText);
        out.writeOptionalString(modelId);
        out.writeOptionalVInt(k);
        out.writeOptionalFloat(minScore);
        out.writeOptionalFloat(maxDistance);
        out.writeOptionalNamedWriteable(filter);
        out.writeOptionalDouble(theta);
        out.writeBoolean(methodParameters != null);
        if (methodParameters != null) {
            out.writeMap(methodParameters);
        }
        out.writeOptionalWriteable(innerHit);
        out.writeBoolean(vector != null);
        if (vector != null) {
            out.writeFloatArray(vector);
        }
        out.writeOptionalString(exitTag);
    }

    @Override
    protected void doXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject(NAME).startObject(fieldName);
        builder.field(QUERY_TEXT.getPreferredName(), queryText);
        if (modelId != null) {
            builder.field(MODEL_ID.getPreferredName(), modelId);
        }
        if (k != null) {
            builder.field(K.getPreferredName(), k);
        }
        if (minScore != null) {
            builder.field(MIN_SCORE.getPreferredName(), minScore);
        }
        if (maxDistance != null) {
            builder.field(MAX_DISTANCE.getPreferredName(), maxDistance);
        }
        if (filter != null) {
            builder.field(FILTER.getPreferredName(), filter);
        }
        if (theta != null) {
            builder.field(THETA.getPreferredName(), theta);
        }
        if (methodParameters != null) {
            builder.field(METHOD_PARAMETERS.getPreferredName(), methodParameters);
        }
        if (innerHit != null) {
            builder.field(INNER_HITS.getPreferredName(), innerHit, params);
        }
        printBoostAndQueryName(builder);
        builder.endObject().endObject();
    }

    /** Parses {@code {"<field>": {"query_text": ..., ...}}}; the parser stands on the object after the query's name. */
    public static LeapNeuralQueryBuilder fromXContent(XContentParser parser) throws IOException {
        XContentParser.Token token = parser.currentToken() == XContentParser.Token.START_OBJECT ? parser.nextToken() : parser.currentToken();
        if (token != XContentParser.Token.FIELD_NAME) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] expects {\"<vector_field>\": {\"query_text\": ...}}");
        }
        String field = parser.currentName();
        if (parser.nextToken() != XContentParser.Token.START_OBJECT) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] field [" + field + "] must hold an object");
        }
        String queryText = null;
        String modelId = null;
        Integer k = null;
        Float minScore = null;
        Float maxDistance = null;
        QueryBuilder filter = null;
        Double theta = null;
        Map<String, Object> methodParameters = null;
        InnerHitBuilder innerHit = null;
        float boost = DEFAULT_BOOST;
        String queryName = null;
        String current = null;
        for (token = parser.nextToken(); token != XContentParser.Token.END_OBJECT; token = parser.nextToken()) {
            if (token == XContentParser.Token.FIELD_NAME) {
                current = parser.currentName();
            } else if (token == XContentParser.Token.START_OBJECT) {
                if (FILTER.match(current, parser.getDeprecationHandler())) {
                    filter = parseInnerQueryBuilder(parser);
                } else if (INNER_HITS.match(current, parser.getDeprecationHandler())) {
                    innerHit = InnerHitBuilder.fromXContent(parser);
                } else if (METHOD_PARAMETERS.match(current, parser.getDeprecationHandler())) {
                    methodParameters = parser.map();
                    for (Map.Entry<String, Object> e : methodParameters.entrySet()) {
                        if (e.getValue() == null) {
                            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] [" + METHOD_PARAMETERS.getPreferredName()
                                + "] [" + e.getKey() + "] must not be null");
                        }
                    }
                } else {
                    throw unknown(parser, current);
                }
            } else if (token == XContentParser.Token.VALUE_NULL) {
                throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] [" + current + "] must not be null; leave it out"
                    + " for its default");
            } else if (token.isValue()) {
                if (QUERY_TEXT.match(current, parser.getDeprecationHandler())) {
                    queryText = parser.text();
                } else if (MODEL_ID.match(current, parser.getDeprecationHandler())) {
                    modelId = parser.text();
                } else if (K.match(current, parser.getDeprecationHandler())) {
                    k = parser.intValue(false);
                } else if (MIN_SCORE.match(current, parser.getDeprecationHandler())) {
                    minScore = parser.floatValue(false);
                } else if (MAX_DISTANCE.match(current, parser.getDeprecationHandler())) {
                    maxDistance = parser.floatValue(false);
                } else if (THETA.match(current, parser.getDeprecationHandler())) {
                    theta = parser.doubleValue(false);
                } else if (BOOST_FIELD.match(current, parser.getDeprecationHandler())) {
                    boost = parser.floatValue();
                } else if (NAME_FIELD.match(current, parser.getDeprecationHandler())) {
                    queryName = parser.text();
                } else {
                    throw unknown(parser, current);
                }
            } else {
                throw unknown(parser, current);
            }
        }
        if (parser.nextToken() != XContentParser.Token.END_OBJECT) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] takes one vector field, found a second: ["
                + parser.currentName() + "]");
        }
        if (queryText == null) {
            throw new ParsingException(parser.getTokenLocation(), "[" + NAME + "] requires [" + QUERY_TEXT.getPreferredName() + "]");
        }
        try {
            LeapNeuralQueryBuilder builder = new LeapNeuralQueryBuilder(field, queryText, modelId, k, minScore, maxDistance, filter,
                theta, methodParameters);
            builder.boost(boost);
            builder.queryName(queryName);
            builder.innerHit(innerHit);
            return builder;
        } catch (IllegalArgumentException e) {
            throw new ParsingException(parser.getTokenLocation(), e.getMessage(), e);
        }
    }

    private static ParsingException unknown(XContentParser parser, String field) {
        return new ParsingException(parser.getTokenLocation(), "[" + NAME + "] does not support [" + field + "]; it takes query_text,"
            + " model_id, k, min_score, max_distance, filter, theta, method_parameters, inner_hits, boost and _name");
    }

    /**
     * First the text is encoded, as an async action of the coordinating rewrite; the encoded query then travels to the
     * shards with its vector, and a shard's rewrite makes it what runs ({@link VectorQuery}): only a shard knows whether
     * its index maps the field inside a nested object.
     */
    @Override
    protected QueryBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (vector != null) {
            QueryShardContext shard = context.convertToShardContext();
            return shard == null ? this : vectorQuery(shard);
        }
        if (encoded == null) {
            SetOnce<EncodeResponse> holder = new SetOnce<>();
            EncodeRequest request = new EncodeRequest(modelId, java.util.List.of(queryText), theta, EncodePath.QUERY,
                queryTarget(context), null);
            context.registerAsyncAction((client, listener) -> encodeInto(client, request, holder, listener));
            return rewritten(holder::get, null, null);
        }
        EncodeResponse response = encoded.get();
        if (response == null) {
            return this;
        }
        return rewritten(null, response.vectors().get(0), exitTag(fieldName, response));
    }

    private QueryBuilder vectorQuery(QueryShardContext shard) throws IOException {
        return VectorQuery.of(shard, fieldName, innerHit, exitTag, KnnQueryAdapter.knnQuery(shard.getXContentRegistry(), fieldName, vector,
            k, minScore, maxDistance, filter, methodParameters, boost, queryName));
    }

    /**
     * Encodes the query text into {@code holder}, then lets the rewrite go on; once only: should the rest of the rewrite
     * throw inside {@code onResponse}, wrap's {@code onFailure} must not answer the search a second time.
     */
    private static <T> void encodeInto(Client client, EncodeRequest request, SetOnce<EncodeResponse> holder, ActionListener<T> listener) {
        ActionListener<T> once = ActionListener.notifyOnce(listener);
        EncodeAction.executeAsNode(client, request, ActionListener.wrap(r -> {
            holder.set(r);
            once.onResponse(null);
        }, once::onFailure));
    }

    /**
     * Where this query searches, for the drift monitor: the coordinating rewrite knows the search request's indices; a
     * rewrite with no request behind it gives null, and the query is not sampled.
     */
    private QueryTarget queryTarget(QueryRewriteContext context) {
        QueryCoordinatorContext coordinator = context.convertToCoordinatorContext();
        if (coordinator == null || coordinator.getSearchRequest() == null) {
            return null;
        }
        IndicesRequest search = coordinator.getSearchRequest();
        return new QueryTarget(search.indices(), search.indicesOptions(), fieldName, filter);
    }

    /**
     * The name every hit of the rewritten query carries in {@code matched_queries}; {@code theta=full_depth} when the
     * model's {@code query_policy} ran the query through every layer, and {@code ,degraded=true} after the θ the node ran
     * it at instead of the model's because its inference queue was over budget.
     */
    static String exitTag(String field, EncodeResponse response) {
        return String.format(Locale.ROOT, "%s:field=%s,model=%s,exit_layer=%d,layers=%d,theta=%s%s", NAME, field, response.modelId(),
            response.exitLayers()[0], response.layers(), response.theta() == null ? "full_depth" : response.theta(),
            response.degraded() ? ",degraded=true" : "");
    }

    /**
     * Reached only where a query is built without the coordinating rewrite that encodes its text (a percolator query,
     * an alias filter): a 400 that says so, where the query cannot run.
     */
    @Override
    protected Query doToQuery(QueryShardContext context) throws IOException {
        if (vector != null) {
            // a caller that builds the query without the shard's rewrite (a validate request) gets what the rewrite gives
            return Rewriteable.rewrite(vectorQuery(context), context).toQuery(context);
        }
        throw new QueryShardException(context, "[" + NAME + "] must be rewritten into a knn query before it runs, and here it was not:"
            + " its text is encoded by the search request's rewrite, which a percolator query or an alias filter does not run; use a"
            + " knn query with a vector there");
    }

    @Override
    protected boolean doEquals(LeapNeuralQueryBuilder other) {
        return fieldName.equals(other.fieldName) && queryText.equals(other.queryText) && Objects.equals(modelId, other.modelId)
            && Objects.equals(k, other.k) && Objects.equals(minScore, other.minScore) && Objects.equals(maxDistance, other.maxDistance)
            && Objects.equals(filter, other.filter) && Objects.equals(theta, other.theta)
            && Objects.equals(methodParameters, other.methodParameters) && Objects.equals(innerHit, other.innerHit)
            && Objects.equals(encoded, other.encoded) && Arrays.equals(vector, other.vector) && Objects.equals(exitTag, other.exitTag);
    }

    @Override
    protected int doHashCode() {
        return Objects.hash(fieldName, queryText, modelId, k, minScore, maxDistance, filter, theta, methodParameters, innerHit, encoded,
            Arrays.hashCode(vector), exitTag);
    }

    @Override
    public String getWriteableName() {
        return NAME;
    }

    public String fieldName() {
        return fieldName;
    }

    public String queryText() {
        return queryText;
    }

    public String modelId() {
        return modelId;
    }

    public Integer k() {
        return k;
    }

    public Double theta() {
        return theta;
    }

    public QueryBuilder filter() {
        return filter;
    }
}

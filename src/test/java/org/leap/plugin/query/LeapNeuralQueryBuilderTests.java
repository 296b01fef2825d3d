package org.leap.plugin.query;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.search.Query;
import org.apache.lucene.search.join.ScoreMode;
import org.opensearch.common.compress.CompressedXContent;
import org.opensearch.index.mapper.MapperService;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.InnerHitBuilder;
import org.opensearch.index.query.NestedQueryBuilder;
import org.opensearch.index.query.BaseQueryRewriteContext;
import org.leap.plugin.LeapPlugin;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.QueryShardException;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.AbstractQueryTestCase;
import org.opensearch.test.TestGeoShapeFieldMapperPlugin;

/**
 * The framework's contract tests (parsing, round trips, serialization, equality, unknown fields) plus our own rules.
 * The Lucene query is k-NN's and needs an encode through a node, so the toQuery tests assert instead that the builder
 * always goes through an async rewrite first; the real node runs the rest (integTest/).
 */
public class LeapNeuralQueryBuilderTests extends AbstractQueryTestCase<LeapNeuralQueryBuilder> {
    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(LeapPlugin.class, TestGeoShapeFieldMapperPlugin.class);
    }

    @Override
    protected LeapNeuralQueryBuilder doCreateTestQueryBuilder() {
        Integer k = null;
        Float minScore = null;
        Float maxDistance = null;
        switch (randomIntBetween(0, 3)) {
            case 0 -> k = randomIntBetween(1, LeapNeuralQueryBuilder.MAX_K);
            case 1 -> minScore = 0.01f + randomFloat();
            case 2 -> maxDistance = 2 * randomFloat();
            default -> {
            }
        }
        QueryBuilder filter = randomBoolean() ? null : QueryBuilders.termQuery(TEXT_FIELD_NAME, randomAlphaOfLength(5));
        Double theta = randomBoolean() ? null : randomDoubleBetween(0.01, 1, true);
        Map<String, Object> methodParameters = randomBoolean() ? null : Map.of("ef_search", randomIntBetween(1, 500));
        LeapNeuralQueryBuilder builder = new LeapNeuralQueryBuilder(randomAlphaOfLengthBetween(1, 10), randomAlphaOfLengthBetween(1, 40),
            randomBoolean() ? null : randomAlphaOfLength(8), k, minScore, maxDistance, filter, theta, methodParameters);
        return randomBoolean() ? builder : builder.innerHit(new InnerHitBuilder().setSize(randomIntBetween(1, 5)));
    }

    @Override
    protected void initializeAdditionalMappings(MapperService mapperService) throws IOException {
        mapperService.merge("_doc", new CompressedXContent("{\"properties\": {\"chunks\": {\"type\": \"nested\", \"properties\":"
            + " {\"text\": {\"type\": \"text\"}}}, \"passage\": {\"type\": \"object\", \"properties\": {\"text\": {\"type\":"
            + " \"text\"}}}}}"), MapperService.MergeReason.MAPPING_UPDATE);
    }

    @Override
    protected Set<String> getObjectsHoldingArbitraryContent() {
        return Set.of(LeapNeuralQueryBuilder.METHOD_PARAMETERS.getPreferredName());
    }

    @Override
    protected void doAssertLuceneQuery(LeapNeuralQueryBuilder queryBuilder, Query query, QueryShardContext context) {
        fail("leap_neural never becomes a Lucene query itself; it rewrites into k-NN's knn query");
    }

    @Override
    public void testToQuery() throws IOException {
        testMustRewrite();
    }

    @Override
    public void testCacheability() throws IOException {
        testRewriteRegistersOneEncodeAndWaitsForIt();
    }

    @Override
    public void testMustRewrite() throws IOException {
        QueryShardContext context = createShardContext();
        LeapNeuralQueryBuilder builder = createTestQueryBuilder();
        // a percolator query or an alias filter gets here: a 400 with the reason, not an IllegalStateException's 500
        QueryShardException e = expectThrows(QueryShardException.class, () -> builder.toQuery(context));
        assertEquals(RestStatus.BAD_REQUEST, e.status());
        assertTrue(e.getMessage(), e.getMessage().contains("must be rewritten into a knn query"));
    }

    public void testRewriteRegistersOneEncodeAndWaitsForIt() throws IOException {
        QueryShardContext context = createShardContext();
        LeapNeuralQueryBuilder builder = createTestQueryBuilder();
        assertFalse(context.hasAsyncActions());
        QueryBuilder pending = builder.rewrite(context);
        assertNotSame(builder, pending);
        assertTrue("the encode must be an async action of the rewrite", context.hasAsyncActions());
        assertSame("until the encode answers, the rewrite must not change the query", pending, pending.rewrite(context));
    }

    public void testDefaultsToTenNeighbours() {
        LeapNeuralQueryBuilder b = new LeapNeuralQueryBuilder("vec", "text", null, null, null, null, null, null, null);
        assertEquals(Integer.valueOf(LeapNeuralQueryBuilder.DEFAULT_K), b.k());
    }

    private String parseFailure(String json) {
        return expectThrows(ParsingException.class, () -> parseQuery(json)).getMessage();
    }

    public void testRejectsMissingQueryText() {
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"k\": 3}}}").contains("requires [query_text]"));
    }

    public void testRejectsEmptyQueryText() {
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"query_text\": \"  \"}}}").contains("non-empty [query_text]"));
    }

    public void testRejectsKZero() {
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"query_text\": \"a\", \"k\": 0}}}").contains("[k] must be in [1, 10000]"));
    }

    public void testRejectsKTooLarge() {
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"query_text\": \"a\", \"k\": 10001}}}").contains("got 10001"));
    }

    public void testRejectsKWithMinScore() {
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"query_text\": \"a\", \"k\": 2, \"min_score\": 0.5}}}").contains(
            "only one of [k], [min_score] and [max_distance]"));
    }

    public void testRejectsThetaAboveOne() {
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"query_text\": \"a\", \"theta\": 1.01}}}").contains(
            "[theta] must be in (0, 1]"));
    }

    public void testRejectsUnknownParameter() {
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"query_text\": \"a\", \"vector\": [1]}}}").contains(
            "does not support [vector]"));
    }

    public void testRejectsSecondField() {
        assertTrue(parseFailure("{\"leap_neural\": {\"a\": {\"query_text\": \"x\"}, \"b\": {\"query_text\": \"y\"}}}").contains(
            "takes one vector field"));
    }

    public void testExplainsThatKnnIsNeededWhenItIsMissing() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> KnnQueryAdapter.knnQuery(xContentRegistry(),
            "vec", new float[] { 1, 0 }, 3, null, null, null, null, 1f, null));
        assertTrue(e.getMessage(), e.getMessage().contains("no opensearch-knn plugin installed"));
    }

    /** A null where a value goes was an IllegalStateException from the parser: a 500. */
    public void testRejectsNullsWithTheFieldAtFault() {
        for (String field : new String[] { "query_text", "model_id", "_name", "theta", "k", "filter" }) {
            String json = "{\"leap_neural\": {\"vec\": {\"query_text\": \"a\", \"" + field + "\": null}}}";
            if (field.equals("query_text")) {
                json = "{\"leap_neural\": {\"vec\": {\"query_text\": null}}}";
            }
            String message = parseFailure(json);
            assertTrue(message, message.contains("[" + field + "] must not be null"));
        }
        assertTrue(parseFailure("{\"leap_neural\": {\"vec\": {\"query_text\": \"a\", \"method_parameters\": {\"ef_search\": null}}}}")
            .contains("[method_parameters] [ef_search] must not be null"));
    }

    /** The vector query of a field inside a nested object, with a term query standing for k-NN's (not on this class path). */
    public void testAFieldInsideANestedObjectRunsInsideANestedQueryScoredByItsBestChunk() {
        QueryBuilder knn = QueryBuilders.termQuery("chunks.text", "x");
        InnerHitBuilder innerHit = new InnerHitBuilder().setSize(2);
        QueryBuilder query = VectorQuery.of(createShardContext(), "chunks.knn", innerHit, "tag", knn);
        BoolQueryBuilder named = (BoolQueryBuilder) query;
        assertEquals("tag", named.queryName());
        NestedQueryBuilder nested = (NestedQueryBuilder) named.must().get(0);
        assertEquals("chunks", nested.path());
        assertEquals(ScoreMode.Max, nested.scoreMode());
        assertSame(innerHit, nested.innerHit());
        assertSame(knn, nested.query());
    }

    public void testAPlainOrObjectFieldRunsTheKnnQueryAsItIs() {
        QueryBuilder knn = QueryBuilders.termQuery("passage.text", "x");
        assertSame(knn, VectorQuery.of(createShardContext(), "passage.vec", null, null, knn));
        assertSame(knn, VectorQuery.of(createShardContext(), "vec", null, null, knn));
    }

    public void testInnerHitsOnAFieldOutsideNestedObjectsIsA400() {
        QueryShardException e = expectThrows(QueryShardException.class, () -> VectorQuery.of(createShardContext(), "vec",
            new InnerHitBuilder(), null, QueryBuilders.matchAllQuery()));
        assertEquals(RestStatus.BAD_REQUEST, e.status());
        assertTrue(e.getMessage(), e.getMessage().contains("no nested object holds [vec]"));
    }

    /** The encoded query travels to the shards with its vector: a copy over the wire is the same query. */
    public void testAnEncodedQueryKeepsItsVectorOverTheWire() throws IOException {
        LeapNeuralQueryBuilder encoded = LeapNeuralQueryBuilder.ofVector("chunks.knn", "text", new float[] { 0.6f, 0.8f }, 10, null);
        LeapNeuralQueryBuilder copy = copyWriteable(encoded, namedWriteableRegistry(), LeapNeuralQueryBuilder::new);
        assertEquals(encoded, copy);
        assertNotEquals(encoded, LeapNeuralQueryBuilder.ofVector("chunks.knn", "text", new float[] { 0.8f, 0.6f }, 10, null));
        assertSame("the coordinating rewrite leaves an encoded query as it is", copy, copy.rewrite(new BaseQueryRewriteContext(
            xContentRegistry(), namedWriteableRegistry(), null, System::currentTimeMillis)));
    }
}

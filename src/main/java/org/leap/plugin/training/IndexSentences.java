package org.leap.plugin.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.leap.eval.StsDataset;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.action.admin.indices.mapping.get.GetFieldMappingsResponse;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.MediaTypeRegistry;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.transport.client.Client;

/**
 * Reads a job's training sentences from an index (the strings, or arrays of strings, in one field of the documents a
 * query selects, through a scroll, up to a limit, each cut to {@code plugins.leap.max_text_chars}) and its optional
 * evaluation pairs. Runs as the caller, so a user reads only what they may read. Blocks; call it on the generic pool.
 */
public final class IndexSentences {
    private static final TimeValue KEEP_ALIVE = TimeValue.timeValueMinutes(1);
    private static final int PAGE = 500;

    private final Client client;
    private final int maxChars;

    /** @param maxChars each text is cut to this many characters: the trainer reads far fewer tokens, the heap holds them all */
    public IndexSentences(Client client, int maxChars) {
        this.client = client;
        this.maxChars = maxChars;
    }

    /**
     * @param query an OpenSearch query as a map, or null for every document
     * @throws org.opensearch.index.IndexNotFoundException when the index does not exist (404)
     * @throws OpenSearchStatusException (400) when no index matched has the field
     */
    public List<String> read(String index, String field, Map<String, Object> query, int max) {
        requireMapped(index, "training_field", field);
        List<String> sentences = new ArrayList<>();
        scroll(index, toQuery(query), new String[] { field }, () -> sentences.size() < max,
            source -> collect(XContentMapValues.extractValue(field, source), sentences, max, maxChars));
        return sentences;
    }

    /**
     * Reads scored pairs; documents without both texts or a numeric score are skipped.
     *
     * @throws OpenSearchStatusException (400) when a field is not mapped or no document holds a whole pair
     */
    public StsDataset readPairs(TrainingJobSpec.StsEval eval) {
        requireMapped(eval.index(), "eval.first_field", eval.firstField());
        requireMapped(eval.index(), "eval.second_field", eval.secondField());
        requireMapped(eval.index(), "eval.score_field", eval.scoreField());
        List<StsDataset.Pair> pairs = new ArrayList<>();
        scroll(eval.index(), QueryBuilders.matchAllQuery(), new String[] { eval.firstField(), eval.secondField(), eval.scoreField() },
            () -> pairs.size() < eval.maxPairs(), source -> {
                Object first = XContentMapValues.extractValue(eval.firstField(), source);
                Object second = XContentMapValues.extractValue(eval.secondField(), source);
                Double score = score(XContentMapValues.extractValue(eval.scoreField(), source));
                if (first instanceof String a && second instanceof String b && hasText(a) && hasText(b) && score != null
                    && pairs.size() < eval.maxPairs()) {
                    pairs.add(new StsDataset.Pair(score, a, b));
                }
            });
        if (pairs.size() < 2) {
            throw new OpenSearchStatusException("[eval.index] [{}] holds {} usable pair(s) of [{}] and [{}] with a numeric [{}]; a "
                + "Spearman needs at least 2", RestStatus.BAD_REQUEST, eval.index(), pairs.size(), eval.firstField(),
                eval.secondField(), eval.scoreField());
        }
        return new StsDataset(List.copyOf(pairs));
    }

    private void requireMapped(String index, String what, String field) {
        GetFieldMappingsResponse mappings = client.admin().indices().prepareGetFieldMappings(index).setFields(field)
            .get(SystemIndex.TIMEOUT);
        if (mappings.mappings().values().stream().noneMatch(fields -> fields.get(field) != null)) {
            throw new OpenSearchStatusException("[{}] [{}] is not a field of index [{}]; its mapping has no such field",
                RestStatus.BAD_REQUEST, what, field, index);
        }
    }

    /** Feeds the matching documents' sources to {@code each} while {@code more} holds. */
    private void scroll(String index, QueryBuilder query, String[] includes, BooleanSupplier more, Consumer<Map<String, Object>> each) {
        SearchResponse page = client.prepareSearch(index).setQuery(query).setFetchSource(includes, null).setSize(PAGE)
            .setScroll(KEEP_ALIVE).get(SystemIndex.TIMEOUT);
        try {
            while (page.getHits().getHits().length > 0 && more.getAsBoolean()) {
                for (SearchHit hit : page.getHits().getHits()) {
                    each.accept(hit.getSourceAsMap());
                }
                page = client.prepareSearchScroll(page.getScrollId()).setScroll(KEEP_ALIVE).get(SystemIndex.TIMEOUT);
            }
        } finally {
            client.prepareClearScroll().addScrollId(page.getScrollId()).get(SystemIndex.TIMEOUT);
        }
    }

    private static Double score(Object value) {
        if (value instanceof Number n) {
            return Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
        }
        if (value instanceof String s) {
            try {
                double d = Double.parseDouble(s.trim());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static QueryBuilder toQuery(Map<String, Object> query) {
        if (query == null) {
            return QueryBuilders.matchAllQuery();
        }
        try {
            return QueryBuilders.wrapperQuery(MediaTypeRegistry.JSON.contentBuilder().map(query).toString());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read [query]: " + e.getMessage(), e);
        }
    }

    private static void collect(Object value, List<String> out, int max, int maxChars) {
        if (value instanceof String s) {
            // the trainer reads one sentence a line
            String line = (s.length() > maxChars ? s.substring(0, maxChars) : s).replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
            if (out.size() < max && hasText(line)) {
                out.add(line);
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                collect(item, out, max, maxChars);
            }
        }
    }

    static boolean hasText(String s) {
        return s.chars().anyMatch(c -> Character.isWhitespace(c) == false && Character.isISOControl(c) == false);
    }
}

package org.leap.plugin.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * Reads a job's training sentences from an index: the strings (or arrays of strings) in one field of the documents
 * a query selects, through a scroll, up to a limit. Runs as the caller, so a user reads only what they may read.
 * Blocks; call it on the generic pool.
 */
public final class IndexSentences {
    private static final TimeValue KEEP_ALIVE = TimeValue.timeValueMinutes(1);
    private static final int PAGE = 500;

    private final Client client;

    public IndexSentences(Client client) {
        this.client = client;
    }

    /**
     * @param query an OpenSearch query as a map, or null for every document
     * @throws org.opensearch.index.IndexNotFoundException when the index does not exist (404)
     * @throws OpenSearchStatusException (400) when no index matched has the field
     */
    public List<String> read(String index, String field, Map<String, Object> query, int max) {
        GetFieldMappingsResponse mappings = client.admin().indices().prepareGetFieldMappings(index).setFields(field)
            .get(SystemIndex.TIMEOUT);
        boolean mapped = mappings.mappings().values().stream().anyMatch(fields -> fields.get(field) != null);
        if (mapped == false) {
            throw new OpenSearchStatusException("[training_field] [{}] is not a field of index [{}]; its mapping has no such field",
                RestStatus.BAD_REQUEST, field, index);
        }
        List<String> sentences = new ArrayList<>();
        SearchResponse page = client.prepareSearch(index).setQuery(toQuery(query)).setFetchSource(field, null)
            .setSize(Math.min(PAGE, max)).setScroll(KEEP_ALIVE).get(SystemIndex.TIMEOUT);
        try {
            while (page.getHits().getHits().length > 0 && sentences.size() < max) {
                for (SearchHit hit : page.getHits().getHits()) {
                    collect(XContentMapValues.extractValue(field, hit.getSourceAsMap()), sentences, max);
                }
                page = client.prepareSearchScroll(page.getScrollId()).setScroll(KEEP_ALIVE).get(SystemIndex.TIMEOUT);
            }
        } finally {
            client.prepareClearScroll().addScrollId(page.getScrollId()).get(SystemIndex.TIMEOUT);
        }
        return sentences;
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

    private static void collect(Object value, List<String> out, int max) {
        if (value instanceof String s) {
            // the trainer reads one sentence a line
            String line = s.replaceAll("[\\r\\n\\u2028\\u2029]+", " ");
            if (out.size() < max && hasText(line)) {
                out.add(line);
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                collect(item, out, max);
            }
        }
    }

    static boolean hasText(String s) {
        return s.chars().anyMatch(c -> Character.isWhitespace(c) == false && Character.isISOControl(c) == false);
    }
}

package org.leap.plugin.training;

import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.get.GetResponse;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.sort.SortOrder;
import org.opensearch.transport.client.Client;

/**
 * The task documents in {@code .plugins-leap-tasks}: the only record of a job that outlives its node. Calls block
 * (with {@link SystemIndex#TIMEOUT}); they run on the training or generic pool, never on a transport thread.
 */
public final class TrainingTaskStore {
    private static final Logger LOG = LogManager.getLogger(TrainingTaskStore.class);
    /** The most tasks one list call returns, newest first. */
    public static final int LIST_LIMIT = 1000;

    private final ClusterService clusterService;
    private final Client client;

    public TrainingTaskStore(ClusterService clusterService, Client client) {
        this.clusterService = clusterService;
        this.client = client;
    }

    /** Writes the task; {@code refresh} makes it visible to the list call at once (state changes, not progress). */
    public void put(TrainingTask task, boolean refresh) {
        SystemIndex.TASKS.ensure(clusterService, client);
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            client.prepareIndex(SystemIndex.TASKS.name()).setId(task.taskId()).setSource(task.toSource())
                .setRefreshPolicy(refresh ? WriteRequest.RefreshPolicy.IMMEDIATE : WriteRequest.RefreshPolicy.NONE).get(SystemIndex.TIMEOUT);
        }
    }

    /** @throws ResourceNotFoundException when there is no such task */
    public TrainingTask get(String taskId) {
        if (clusterService.state().metadata().hasIndex(SystemIndex.TASKS.name())) {
            try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
                GetResponse got = client.prepareGet(SystemIndex.TASKS.name(), taskId).get(SystemIndex.TIMEOUT);
                if (got.isExists()) {
                    try {
                        return TrainingTask.fromSource(got.getSourceAsMap());
                    } catch (IllegalArgumentException e) {
                        throw new OpenSearchStatusException("{}; delete it from [{}]", RestStatus.CONFLICT, e, e.getMessage(),
                            SystemIndex.TASKS.name());
                    }
                }
            }
        }
        throw new ResourceNotFoundException("training task [{}] not found; GET /_plugins/_leap/tasks lists the tasks", taskId);
    }

    /** Every task, newest first, up to {@link #LIST_LIMIT}. */
    public List<TrainingTask> list() {
        return search(QueryBuilders.matchAllQuery());
    }

    /** Tasks of one node that have not reached a final state. */
    public List<TrainingTask> unfinishedOn(String nodeId) {
        return search(unfinishedQuery().filter(QueryBuilders.termQuery("node", nodeId)));
    }

    /** Tasks of any node that have not reached a final state. */
    public List<TrainingTask> unfinished() {
        return search(unfinishedQuery());
    }

    private static org.opensearch.index.query.BoolQueryBuilder unfinishedQuery() {
        return QueryBuilders.boolQuery().filter(QueryBuilders.termsQuery("state", TaskState.CREATED.name(), TaskState.RUNNING.name()));
    }

    private List<TrainingTask> search(org.opensearch.index.query.QueryBuilder query) {
        List<TrainingTask> tasks = new ArrayList<>();
        if (clusterService.state().metadata().hasIndex(SystemIndex.TASKS.name()) == false) {
            return tasks;
        }
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            SearchResponse found = client.prepareSearch(SystemIndex.TASKS.name()).setQuery(query).setSize(LIST_LIMIT)
                .addSort("created", SortOrder.DESC).get(SystemIndex.TIMEOUT);
            for (SearchHit hit : found.getHits()) {
                try {
                    tasks.add(TrainingTask.fromSource(hit.getSourceAsMap()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("left out of the task list: {}", e.getMessage());
                }
            }
        }
        return tasks;
    }
}

package org.leap.plugin.training;

import java.util.Map;

import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.transport.client.Client;

/**
 * One of the plugin's system indices: its name and mapping, created on first use (one shard, a replica where there is
 * a node for it, hidden). Every access runs in a stashed thread context, as the plugin itself rather than the caller.
 */
public record SystemIndex(String name, String description, Map<String, Object> mapping) {
    /** How long one blocking call on these indices may take. */
    public static final TimeValue TIMEOUT = TimeValue.timeValueSeconds(60);

    /** Training tasks, one document each. */
    public static final SystemIndex TASKS = new SystemIndex(".plugins-leap-tasks", "LEAP training tasks", Map.of("dynamic", "false",
        "properties", Map.of("task_id", Map.of("type", "keyword"), "model_id", Map.of("type", "keyword"), "state",
            Map.of("type", "keyword"), "node", Map.of("type", "keyword"), "created", Map.of("type", "date"))));
    /** Trained models: chunks of their files, and one document per model written last. */
    public static final SystemIndex MODELS = new SystemIndex(".plugins-leap-models", "LEAP trained models", Map.of("dynamic", "false",
        "properties", Map.of("model_id", Map.of("type", "keyword"), "type", Map.of("type", "keyword"), "file",
            Map.of("type", "keyword"), "chunk", Map.of("type", "integer"), "data", Map.of("type", "binary"))));

    /** Creates the index unless it exists. Blocks: call it on the training or generic pool, never a transport thread. */
    public void ensure(ClusterService clusterService, Client client) {
        if (clusterService.state().metadata().hasIndex(name)) {
            return;
        }
        CreateIndexRequest create = new CreateIndexRequest(name).mapping(mapping).settings(Settings.builder()
            .put("index.number_of_shards", 1).put("index.auto_expand_replicas", "0-1").put("index.hidden", true));
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            client.admin().indices().create(create).actionGet(TIMEOUT);
        } catch (RuntimeException e) {
            if (ExceptionsHelper.unwrapCause(e) instanceof ResourceAlreadyExistsException == false) {
                throw e;
            }
        }
    }
}

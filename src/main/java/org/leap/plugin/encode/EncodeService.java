package org.leap.plugin.encode;

import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.encoder.Embedding;
import org.leap.plugin.degrade.LoadDegrader;
import org.leap.plugin.model.EncodeResult;
import org.leap.plugin.model.ModelRegistry;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.core.action.ActionListener;

/**
 * How an encoder node encodes (every encode of the cluster reaches one through the encode action). A call is resolved
 * against the model's settings in the current cluster state once (with the θ it degrades to when the node is over its
 * queue wait budget), runs on the model registry's inference pool, and its result goes to every observer and then to
 * the caller, who is answered exactly once whatever an observer does.
 */
public final class EncodeService {
    private static final Logger LOG = LogManager.getLogger(EncodeService.class);

    private final ModelRegistry registry;
    private final ClusterService clusterService;
    private final LoadDegrader degrader;
    private final List<EncodeObserver> observers = new CopyOnWriteArrayList<>();

    public EncodeService(ModelRegistry registry, ClusterService clusterService, LoadDegrader degrader) {
        this.registry = registry;
        this.clusterService = clusterService;
        this.degrader = degrader;
    }

    public void addObserver(EncodeObserver observer) {
        observers.add(observer);
    }

    public void encode(EncodeCall call, ActionListener<EncodeResult> listener) {
        ClusterState state = clusterService.state();
        registry.encode(call.modelId(), call.texts(), call.theta(), degradedTheta(call, state), call.path(), state, new ActionListener<>() {
            @Override
            public void onResponse(EncodeResult result) {
                for (EncodeObserver observer : observers) {
                    try {
                        observer.encoded(call, result);
                    } catch (RuntimeException e) {
                        LOG.warn("an encode observer failed; the encode itself answered", e);
                    }
                }
                listener.onResponse(result);
            }

            @Override
            public void onFailure(Exception e) {
                listener.onFailure(e);
            }
        });
    }

    /** The θ the call degrades to now, or null; an unknown model is left to the registry, which answers it with a 404. */
    private Double degradedTheta(EncodeCall call, ClusterState state) {
        String modelId = call.modelId() == null ? registry.defaultModel() : call.modelId();
        if (registry.has(modelId) == false) {
            return null;
        }
        OptionalDouble theta = degrader.theta(modelId, registry.settings(modelId, state), call.path(), call.theta(), state.metadata());
        return theta.isPresent() ? theta.getAsDouble() : null;
    }

    /**
     * Encodes at full depth on the calling thread, left out of the stats and unobserved: the drift monitor's shadow of a
     * sampled text, on the monitor's own pool.
     *
     * @param passage true for documents (the model's passage prefix), false for queries
     */
    public List<Embedding> encodeFullDepth(String modelId, List<String> texts, boolean passage) {
        return registry.encodeFullDepth(modelId, texts, passage);
    }
}

package org.leap.plugin.action.trained;

import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

/**
 * Adds the id of a model a job has just stored to the cluster's list of trained models, as the node (the job runs on
 * the node's behalf, whoever asked for it). A failure is logged: the model stays stored and loaded on the node that
 * trained it, and reaches the other nodes at their next start.
 */
public final class TrainedModelAnnouncer implements Consumer<String> {
    private static final Logger LOG = LogManager.getLogger(TrainedModelAnnouncer.class);

    private final Client client;

    public TrainedModelAnnouncer(Client client) {
        this.client = client;
    }

    @Override
    public void accept(String modelId) {
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            client.execute(TrainedModelAction.INSTANCE, new TrainedModelRequest(modelId, false), ActionListener.wrap(r -> {},
                e -> LOG.error("cannot add trained model [" + modelId + "] to the cluster's list; other nodes load it at their next start",
                    e)));
        }
    }
}

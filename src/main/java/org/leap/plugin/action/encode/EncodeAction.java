package org.leap.plugin.action.encode;

import java.util.function.Supplier;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.ContextPreservingActionListener;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

/** Encodes texts with a model on an encoder node: the ingest processor's batches and the leap_neural rewrite. */
public final class EncodeAction extends ActionType<EncodeResponse> {
    public static final String NAME = "cluster:admin/leap/encode";
    public static final EncodeAction INSTANCE = new EncodeAction();

    private EncodeAction() {
        super(NAME, EncodeResponse::new);
    }

    /**
     * Runs an encode as the node itself rather than as the user whose search or bulk asked for it (the thread context
     * stashed, and restored for the listener): encoding text reads no data, and the search or bulk around it is checked
     * as the user, so a user who may search or index needs no permission on this internal action.
     */
    public static void executeAsNode(Client client, EncodeRequest request, ActionListener<EncodeResponse> listener) {
        ThreadContext context = client.threadPool().getThreadContext();
        Supplier<ThreadContext.StoredContext> restore = context.newRestorableContext(false);
        try (ThreadContext.StoredContext ignored = context.stashContext()) {
            client.execute(INSTANCE, request, new ContextPreservingActionListener<>(restore, listener));
        }
    }
}

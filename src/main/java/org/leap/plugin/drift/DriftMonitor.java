package org.leap.plugin.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.encoder.Embedding;
import org.leap.encoder.VectorMath;
import org.leap.eval.NeighborOverlap;
import org.leap.plugin.action.settings.UpdateModelSettingsAction;
import org.leap.plugin.action.settings.UpdateModelSettingsRequest;
import org.leap.plugin.encode.EncodeCall;
import org.leap.plugin.encode.EncodeObserver;
import org.leap.plugin.encode.EncodeService;
import org.leap.plugin.encode.QueryTarget;
import org.leap.plugin.model.EncodeDepth;
import org.leap.plugin.model.EncodeResult;
import org.leap.plugin.model.LoadedModel;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.model.ModelSettings;
import org.leap.plugin.query.LeapNeuralQueryBuilder;
import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.shadow.Shadows;
import org.leap.plugin.stats.EncodePath;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

/**
 * Watches, per model, how far early exit moves vectors from where full depth would put them, on live traffic.
 *
 * <p><b>Sampling.</b> Each model's {@code drift.sample_rate} share of {@code leap_neural} queries and of ingested texts
 * (decided per text with {@link ThreadLocalRandom}) becomes a sample. A sample is handed over only once the user's text
 * is encoded, to the {@code leap_drift} pool; at most {@code plugins.leap.drift.queue_size} samples wait or run
 * at once, and one beyond that is dropped and counted. Nothing here ever holds or slows a user's request.
 *
 * <p><b>Queries.</b> The shadow encodes the query text at full depth, then runs two k-NN searches itself, through the
 * node client: the exited vector and the full-depth vector, k = 10, against the indices, field and pre-filter of the
 * user's search ({@link QueryTarget}, known from the coordinating rewrite). Running both searches (rather than reusing
 * the user's hits) keeps the two lists comparable whatever the user's own k, size or surrounding query was. NN@10 is the
 * overlap of the two id lists; the cosine is between the two query vectors. A query that brings its own theta is
 * measured at that theta, in the window of the model's settings. That NN@10 sees the query side alone: both vectors
 * search the same early-exit documents. So the two query vectors also search the model's {@link Shadows shadow index}, a
 * sample of the ingested documents with both their vectors, the exited one among the documents' early-exit vectors and
 * the full-depth one among their full-depth vectors: the overlap is the system NN@10, early exit on both sides against
 * full depth on both, recorded beside the query's once the shadow holds 100 documents (see
 * {@link org.leap.plugin.shadow.ShadowIndex#DOCS_PER_NEIGHBOUR}). The shadow holds documents of
 * every index the model embedded for, and the user's pre-filter is not applied there. A query the node degraded under
 * load (a lower θ than the model's, {@link EncodeResult#degraded()}) is sampled and measured the same way, into the
 * window's degraded tally, which neither the alarm nor the θ controller reads.
 *
 * <p><b>Documents.</b> The sampled texts of an ingest batch are encoded again at full depth in one batch; the cosine
 * between each text's exited and full-depth vector is recorded, and both vectors go to the shadow index under the
 * text's key ({@link EncodeCall#keys()}), so that a document ingested again replaces its copy there. Texts ingested at
 * full depth are sampled too, for the shadow only: their vector is both, with no encode.
 *
 * <p><b>Alarm and response.</b> The alarm holds while {@link DriftAlarm} says so over the model's {@link DriftWindow}.
 * With {@code drift.auto_raise_theta} on (and {@code auto_tune} off: the theta controller on the cluster manager then
 * moves theta both ways instead), the monitor raises theta one {@link ThetaRaise} step through the same
 * settings action the REST API uses (so the change is in cluster state, versioned, and hot on every node); the new
 * version empties the window, so the next raise needs a full set of samples measured at the new theta. Every change is
 * kept in this node's report.
 */
public final class DriftMonitor implements EncodeObserver {
    private static final Logger LOG = LogManager.getLogger(DriftMonitor.class);
    /** The k of NN@k: the paper's NN@10. */
    static final int NN_K = 10;
    /** Theta changes kept per model in the report. */
    static final int MAX_CHANGES = 100;

    private final ModelRegistry registry;
    private final EncodeService encodes;
    private final Client client;
    private final ClusterService clusterService;
    private final ExecutorService executor;
    private final Semaphore slots;
    private final int windowSize;
    private final DriftAlarm alarm;
    private final ThetaRaise raise;
    private final Shadows shadows;
    private final Map<String, ModelDrift> models = new ConcurrentHashMap<>();

    public DriftMonitor(Settings settings, ModelRegistry registry, EncodeService encodes, Client client, ClusterService clusterService,
        ExecutorService executor, Shadows shadows) {
        this.registry = registry;
        this.encodes = encodes;
        this.client = client;
        this.clusterService = clusterService;
        this.executor = executor;
        this.slots = new Semaphore(LeapSettings.DRIFT_QUEUE.get(settings));
        this.windowSize = LeapSettings.DRIFT_WINDOW.get(settings);
        this.alarm = new DriftAlarm(LeapSettings.DRIFT_ALARM_FAIL_SHARE.get(settings), LeapSettings.DRIFT_ALARM_MIN_SAMPLES.get(settings));
        this.raise = new ThetaRaise(LeapSettings.DRIFT_THETA_STEP.get(settings), LeapSettings.DRIFT_THETA_MAX.get(settings));
        this.shadows = shadows;
    }

    /** The monitor's state for one model: its window, counters and theta changes. */
    private static final class ModelDrift {
        final DriftWindow window;
        final AtomicLong querySamples = new AtomicLong();
        final AtomicLong documentSamples = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong stale = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong systemNotMeasured = new AtomicLong();
        final List<ThetaChange> changes = new ArrayList<>();
        /** The window version a theta raise was asked for at; no second raise from the same window. */
        long raisedAt = -1;

        ModelDrift(int windowSize, int layers) {
            this.window = new DriftWindow(windowSize, layers);
        }
    }

    private ModelDrift drift(LoadedModel model) {
        return models.computeIfAbsent(model.id(), id -> new ModelDrift(windowSize, model.descriptor().layers()));
    }

    private static boolean sampled(double rate) {
        return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
    }

    /**
     * Samples what an encode gave: a query that says where it searches, or an ingest batch. An ingest batch degraded under
     * load is not sampled: its shadow copies would hold vectors of another θ than the model's. A degraded query is
     * sampled and measured as any other, into the window's degraded tally ({@link DriftWindow#degraded()}), never into
     * the figures the θ controller and the alarm read: those measure the model's θ, and a degraded query would tell them
     * that θ keeps fewer neighbours than it does.
     */
    @Override
    public void encoded(EncodeCall call, EncodeResult result) {
        if (call.path() == EncodePath.INGEST) {
            if (result.degraded()) {
                return;
            }
            offerDocuments(call, result);
        } else if (call.target() != null && call.texts().size() == 1) {
            offerQuery(result, call.texts().get(0), call.target());
        }
    }

    /**
     * Called once a query is encoded: samples it at the model's rate and, when sampled, queues its shadow. A query that
     * ran at full depth is its own shadow and is not sampled. A degraded one is left out of the lifetime query count too,
     * which tells the θ controller whether its window has new samples.
     *
     * @param result the query's encode (one text)
     */
    void offerQuery(EncodeResult result, String queryText, QueryTarget target) {
        if (result.depth() == EncodeDepth.FULL_DEPTH || sampled(result.settings().driftSampleRate()) == false) {
            return;
        }
        ModelDrift drift = drift(registry.model(result.modelId()));
        Embedding early = result.embeddings().get(0);
        if (result.degraded() == false) {
            drift.querySamples.incrementAndGet();
        }
        submit(drift, 1, release -> {
            float[] full = encodes.encodeFullDepth(result.modelId(), List.of(queryText), false).get(0).vector();
            double cosine = VectorMath.cosine(early.vector(), full);
            measureSystem(drift, result, early.vector(), full);
            ActionListener<Void> done = ActionListener.runAfter(ActionListener.wrap(v -> {}, e -> failed(drift, result.modelId(), e)),
                release);
            search(target, queryText, early.vector(), ActionListener.wrap(earlyIds -> search(target, queryText, full, ActionListener.wrap(fullIds -> {
                if (earlyIds.isEmpty() && fullIds.isEmpty()) {
                    throw new IllegalStateException("no hits in " + String.join(",", target.indices()) + " [" + target.field()
                        + "] for either vector: NN@" + NN_K + " is undefined");
                }
                recordQuery(drift, result, overlap(earlyIds, fullIds), cosine, early.exitLayer());
                done.onResponse(null);
            }, done::onFailure)), done::onFailure));
        });
    }

    /**
     * The query's system NN@10 on the model's shadow index, into the window; counted as not measured when the shadow
     * holds too few documents for NN@{@link #NN_K} to mean anything, or fails (its errors are its own). A sample of older settings is left
     * out, as {@link #recordQuery} leaves out and counts the query's.
     */
    private void measureSystem(ModelDrift drift, EncodeResult result, float[] early, float[] full) {
        OptionalDouble nn10 = shadows.overlap(result.modelId(), early, full, NN_K);
        if (nn10.isEmpty()) {
            drift.systemNotMeasured.incrementAndGet();
        } else if (result.degraded()) {
            drift.window.addDegradedSystem(result.settings().version(), nn10.getAsDouble());
        } else {
            drift.window.addSystem(result.settings().version(), nn10.getAsDouble());
        }
    }

    /**
     * Called once an ingest batch's encode has answered: samples each text at the model's rate and queues one shadow
     * encode for the sampled ones, whose two vectors then go to the shadow index under their document's key; a batch that
     * ran at full depth needs no encode, its vectors go to the shadow index as both.
     *
     * @param call the batch, its texts and keys in the order of {@code result.embeddings()}
     */
    void offerDocuments(EncodeCall call, EncodeResult result) {
        double rate = result.settings().driftSampleRate();
        List<String> picked = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<Embedding> early = new ArrayList<>();
        for (int i = 0; i < call.texts().size(); i++) {
            if (sampled(rate)) {
                picked.add(call.texts().get(i));
                keys.add(call.key(i));
                early.add(result.embeddings().get(i));
            }
        }
        if (picked.isEmpty()) {
            return;
        }
        ModelDrift drift = drift(registry.model(result.modelId()));
        List<float[]> ingested = early.stream().map(Embedding::vector).toList();
        if (result.depth() == EncodeDepth.FULL_DEPTH) {
            submit(drift, picked.size(), release -> {
                try {
                    shadows.add(result.modelId(), keys, ingested, ingested);
                } finally {
                    release.run();
                }
            });
            return;
        }
        drift.documentSamples.addAndGet(picked.size());
        submit(drift, picked.size(), release -> {
            try {
                List<Embedding> full = encodes.encodeFullDepth(result.modelId(), picked, true);
                shadows.add(result.modelId(), keys, ingested, full.stream().map(Embedding::vector).toList());
                long version = result.settings().version();
                for (int i = 0; i < picked.size(); i++) {
                    double cosine = VectorMath.cosine(early.get(i).vector(), full.get(i).vector());
                    if (drift.window.addDocument(version, cosine, early.get(i).exitLayer()) == false) {
                        drift.stale.incrementAndGet();
                    }
                }
            } finally {
                release.run();
            }
        });
    }

    /** A sample's work; it must run {@code release} exactly once when it is finished, however it finishes. */
    private interface SampleJob {
        void run(Runnable release) throws Exception;
    }

    /** Runs a sample on the drift pool when a slot is free; drops and counts it otherwise. */
    private void submit(ModelDrift drift, int samples, SampleJob job) {
        if (slots.tryAcquire() == false) {
            drift.dropped.addAndGet(samples);
            return;
        }
        drift.inFlight.addAndGet(samples);
        Runnable release = () -> {
            drift.inFlight.addAndGet(-samples);
            slots.release();
        };
        try {
            executor.execute(() -> {
                try {
                    job.run(release);
                } catch (Exception e) {
                    release.run();
                    drift.errors.addAndGet(samples);
                    LOG.warn("drift sample failed; it is counted in the drift report's errors", e);
                }
            });
        } catch (RuntimeException rejected) {
            release.run();
            drift.dropped.addAndGet(samples);
        }
    }

    private void failed(ModelDrift drift, String modelId, Exception e) {
        drift.errors.incrementAndGet();
        LOG.warn("drift sample of model [" + modelId + "] failed; it is counted in the drift report's errors", e);
    }

    /**
     * The ids of the top NN_K hits of the query with this vector on the target: the user's query as it runs (a nested
     * field's documents by their best chunk), without its encode.
     */
    private void search(QueryTarget target, String queryText, float[] vector, ActionListener<List<String>> listener) {
        QueryBuilder query = LeapNeuralQueryBuilder.ofVector(target.field(), queryText, vector, NN_K, target.filter());
        SearchRequest request = new SearchRequest(target.indices()).indicesOptions(target.indicesOptions()).source(
            new SearchSourceBuilder().query(query).size(NN_K).fetchSource(false).trackTotalHits(false));
        client.search(request, ActionListener.map(listener, DriftMonitor::ids));
    }

    private static List<String> ids(SearchResponse response) {
        List<String> ids = new ArrayList<>();
        for (SearchHit hit : response.getHits().getHits()) {
            ids.add(hit.getIndex() + "/" + hit.getId());
        }
        return ids;
    }

    /** NN@k of two id lists, through the library's overlap on ints; k is the longer list's length (10 unless fewer hits). */
    static double overlap(List<String> a, List<String> b) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] x = a.stream().mapToInt(id -> numbers.computeIfAbsent(id, k -> numbers.size())).toArray();
        int[] y = b.stream().mapToInt(id -> numbers.computeIfAbsent(id, k -> numbers.size())).toArray();
        return NeighborOverlap.overlap(x, y, Math.max(x.length, y.length));
    }

    /** A measured query into its tally: the degraded one, or the window the alarm (and here a theta raise) reads. */
    private void recordQuery(ModelDrift drift, EncodeResult result, double nn10, double cosine, int exitLayer) {
        long version = result.settings().version();
        boolean recorded = result.degraded() ? drift.window.addDegradedQuery(version, nn10, result.theta())
            : drift.window.addQuery(version, nn10, cosine, exitLayer);
        if (recorded == false) {
            drift.stale.incrementAndGet();
        }
        if (recorded == false || result.degraded()) {
            return;
        }
        ModelSettings current = registry.settings(result.modelId(), clusterService.state());
        // under the calibrated policy theta does not decide exits, so raising it would change nothing; a model whose theta
        // the controller tunes is left to the controller
        if (current.autoRaiseTheta() == false || current.tuning().autoTune() || current.version() != result.settings().version()
            || current.exitPolicy() == ModelSettings.ExitPolicyType.CALIBRATED) {
            return;
        }
        WindowStats stats = drift.window.stats();
        OptionalDouble next = raise.next(current.theta());
        if (alarm.raised(stats) == false || next.isEmpty()) {
            return;
        }
        synchronized (drift) {
            if (drift.raisedAt == stats.settingsVersion()) {
                return;
            }
            drift.raisedAt = stats.settingsVersion();
        }
        UpdateModelSettingsRequest update = UpdateModelSettingsRequest.theta(result.modelId(), next.getAsDouble(), current.version());
        // the raise is the monitor's, not the sampled user's: as the node, so that a user without admin rights is no 403
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            raise(update, drift, current, stats, result.modelId());
        }
    }

    private void raise(UpdateModelSettingsRequest update, ModelDrift drift, ModelSettings current, WindowStats stats, String modelId) {
        client.execute(UpdateModelSettingsAction.INSTANCE, update, ActionListener.wrap(response -> {
            synchronized (drift) {
                if (drift.changes.size() == MAX_CHANGES) {
                    drift.changes.remove(0);
                }
                drift.changes.add(new ThetaChange(System.currentTimeMillis(), current.theta(), response.settings().theta(),
                    stats.nn10FailShare(), stats.querySamples(), response.settings().version()));
            }
            LOG.info("drift alarm on model [{}]: NN@10 fail share {} over {} queries; theta raised from {} to {}", modelId,
                stats.nn10FailShare(), stats.querySamples(), current.theta(), response.settings().theta());
        }, e -> {
            synchronized (drift) {
                drift.raisedAt = -1;
            }
            drift.errors.incrementAndGet();
            LOG.warn("drift alarm on model [" + modelId + "]: raising theta failed", e);
        }));
    }

    /** This node's report on one model, with its current settings. */
    public DriftReport report(LoadedModel model, ModelSettings settings) {
        ModelDrift drift = drift(model);
        drift.window.advance(settings.version());
        WindowStats stats = drift.window.stats();
        List<ThetaChange> changes;
        synchronized (drift) {
            changes = List.copyOf(drift.changes);
        }
        return new DriftReport(model.id(), settings.driftSampleRate(), settings.autoRaiseTheta(), windowSize, stats, alarm.raised(stats),
            drift.querySamples.get(), drift.documentSamples.get(), drift.inFlight.get(), drift.dropped.get(), drift.errors.get(),
            drift.stale.get(), changes, shadows.summary(model.id()), drift.systemNotMeasured.get(), drift.window.degraded());
    }
}

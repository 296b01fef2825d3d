package org.leap.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.lucene.util.SetOnce;
import org.leap.plugin.action.drift.GetDriftAction;
import org.leap.plugin.action.drift.TransportGetDriftAction;
import org.leap.plugin.action.cancel.CancelTrainingTaskAction;
import org.leap.plugin.action.cancel.TransportCancelTrainingTaskAction;
import org.leap.plugin.action.encode.EncodeAction;
import org.leap.plugin.action.encode.TransportEncodeAction;
import org.leap.plugin.action.models.GetModelsAction;
import org.leap.plugin.action.models.TransportGetModelsAction;
import org.leap.plugin.action.settings.TransportUpdateModelSettingsAction;
import org.leap.plugin.action.settings.UpdateModelSettingsAction;
import org.leap.plugin.action.stats.LeapStatsAction;
import org.leap.plugin.action.stats.TransportLeapStatsAction;
import org.leap.plugin.degrade.LoadDegrader;
import org.leap.plugin.drift.DriftMonitor;
import org.leap.plugin.encode.EncodeService;
import org.leap.plugin.encode.EncoderRole;
import org.leap.plugin.action.tasks.GetTrainingTasksAction;
import org.leap.plugin.action.tasks.TransportGetTrainingTasksAction;
import org.leap.plugin.action.train.TrainModelAction;
import org.leap.plugin.action.trained.TrainedModelAction;
import org.leap.plugin.action.trained.TrainedModelAnnouncer;
import org.leap.plugin.action.trained.TransportTrainedModelAction;
import org.leap.plugin.action.train.TransportTrainModelAction;
import org.leap.plugin.ingest.TextEmbeddingProcessor;
import org.leap.plugin.ingest.TextEmbeddingProcessorFactory;
import org.leap.plugin.model.ModelRegistry;
import org.leap.plugin.model.ModelSettingsMetadata;
import org.leap.plugin.model.QueueWaitShedder;
import org.leap.plugin.model.TrainedModelsMetadata;
import org.leap.plugin.tuning.TuningMetadata;
import org.leap.plugin.autotune.AutoTuner;
import org.leap.plugin.autotune.TuningRound;
import org.leap.plugin.query.LeapNeuralQueryBuilder;
import org.leap.plugin.rest.RestGetDriftAction;
import org.leap.plugin.rest.RestCancelTrainingTaskAction;
import org.leap.plugin.rest.RestDeleteModelAction;
import org.leap.plugin.rest.RestGetModelsAction;
import org.leap.plugin.rest.RestGetTrainingTasksAction;
import org.leap.plugin.rest.RestLeapStatsAction;
import org.leap.plugin.rest.RestTrainModelAction;
import org.leap.plugin.rest.RestUpdateModelSettingsAction;
import org.leap.plugin.settings.LeapSettings;
import org.leap.plugin.shadow.Shadows;
import org.leap.plugin.stats.RecentQueueWait;
import org.leap.plugin.training.IndexSentences;
import org.leap.plugin.training.OrphanedTasks;
import org.leap.plugin.training.StartupRecovery;
import org.leap.plugin.training.StoredModels;
import org.leap.plugin.training.SystemIndex;
import org.leap.plugin.training.TrainingJobs;
import org.leap.plugin.training.TrainedModelsSync;
import org.leap.plugin.training.TrainingTaskStore;
import org.opensearch.action.ActionRequest;
import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.node.DiscoveryNodeRole;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.core.ParseField;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.ingest.Processor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.IngestPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.plugins.SystemIndexPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.FixedExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

/**
 * The LEAP plugin: wiring only. It builds the model registry, the drift monitor and its shadow indices, the θ controller
 * and the training jobs in
 * {@link #createComponents} and registers the {@code leap_text_embedding} processor, the {@code leap_neural} query, the
 * REST and transport actions, the per-model settings kept in cluster state, the system indices of training tasks and
 * trained models, and the {@code leap_inference}, {@code leap_drift} and {@code leap_training} thread pools.
 */
public class LeapPlugin extends Plugin implements ActionPlugin, IngestPlugin, SearchPlugin, SystemIndexPlugin {
    /** Where extra (LEAP-trained) models live, under the node's config dir: {@code <name>/model.json} and its files. */
    public static final String MODEL_DIR = "opensearch-leap/models";
    static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

    private final SetOnce<ModelRegistry> registry = new SetOnce<>();
    private final SetOnce<TrainingJobs> jobs = new SetOnce<>();
    private final SetOnce<Shadows> shadows = new SetOnce<>();

    @Override
    public Collection<Object> createComponents(Client client, ClusterService clusterService, ThreadPool threadPool,
        ResourceWatcherService resourceWatcherService, ScriptService scriptService, NamedXContentRegistry xContentRegistry,
        Environment environment, NodeEnvironment nodeEnvironment, NamedWriteableRegistry namedWriteableRegistry,
        IndexNameExpressionResolver indexNameExpressionResolver, Supplier<RepositoriesService> repositoriesServiceSupplier) {
        prepareDjl(environment);
        RecentQueueWait queueWait = new RecentQueueWait(System::nanoTime);
        LoadDegrader degrader = new LoadDegrader(environment.settings(), clusterService.getClusterSettings(), queueWait);
        ModelRegistry models = new ModelRegistry(environment.settings(), environment.configDir().resolve(MODEL_DIR),
            threadPool.executor(LeapSettings.INFERENCE_POOL), EncoderRole.of(environment.settings()), queueWait,
            new QueueWaitShedder(environment.settings(), clusterService.getClusterSettings(), degrader::overBudget));
        EncodeService encodeService = new EncodeService(models, clusterService, degrader);
        Path dataDir = environment.dataFiles()[0].resolve("leap");
        Shadows shadows = new Shadows(dataDir.resolve(Shadows.FOLDER), LeapSettings.DRIFT_SHADOW_MAX_DOCS.get(environment.settings()),
            threadPool::absoluteTimeInMillis);
        this.shadows.set(shadows);
        DriftMonitor monitor = new DriftMonitor(environment.settings(), models, encodeService, client, clusterService,
            threadPool.executor(LeapSettings.DRIFT_POOL), shadows);
        encodeService.addObserver(monitor);
        this.registry.set(models);
        models.startLoading();
        StoredModels storedModels = new StoredModels(clusterService, client);
        Path storedRoot = dataDir.resolve("trained-models");
        TrainingJobs training = new TrainingJobs(environment.settings(), clusterService, threadPool,
            new TrainingTaskStore(clusterService, client), storedModels, new IndexSentences(client, LeapSettings.MAX_TEXT_CHARS.get(
                environment.settings())), models, dataDir, storedRoot, environment.configDir().resolve(MODEL_DIR),
            new TrainedModelAnnouncer(client));
        this.jobs.set(training);
        TrainedModelsSync sync = new TrainedModelsSync(threadPool, models, storedModels, storedRoot, shadows::delete);
        clusterService.addListener(new StartupRecovery(clusterService, threadPool, training, sync));
        clusterService.addListener(new OrphanedTasks(threadPool, training));
        clusterService.addListener(sync);
        LeapSettings.checkTuneMinSamples(environment.settings());
        clusterService.addLocalNodeClusterManagerListener(new AutoTuner(clusterService, threadPool, new TuningRound(client, clusterService,
            threadPool, LeapSettings.TUNE_MIN_SAMPLES.get(environment.settings()), LeapSettings.DRIFT_WINDOW.get(environment.settings())),
            LeapSettings.TUNE_INTERVAL.get(environment.settings())));
        return List.of(models, encodeService, monitor, training);
    }

    /**
     * DJL must not call home (inside a node that call is denied and leaves its Engine class broken for the JVM's
     * lifetime), and its cache (the natives it extracts) must be somewhere the node may write: under path.data.
     */
    private static void prepareDjl(Environment environment) {
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty(DJL_CACHE_DIR) == null && System.getenv(DJL_CACHE_DIR) == null) {
            Path cache = environment.dataFiles()[0].resolve("leap").resolve("djl-cache");
            System.setProperty(DJL_CACHE_DIR, cache.toString());
        }
    }

    @Override
    public List<Setting<?>> getSettings() {
        return LeapSettings.all();
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        int jobs = LeapSettings.TRAINING_MAX_CONCURRENT_JOBS.get(settings);
        return List.of(new FixedExecutorBuilder(settings, LeapSettings.INFERENCE_POOL, LeapSettings.INFERENCE_THREADS.get(settings),
            LeapSettings.INFERENCE_QUEUE.get(settings), "thread_pool." + LeapSettings.INFERENCE_POOL),
            new FixedExecutorBuilder(settings, LeapSettings.DRIFT_POOL, LeapSettings.DRIFT_THREADS.get(settings),
                LeapSettings.DRIFT_QUEUE.get(settings), "thread_pool." + LeapSettings.DRIFT_POOL),
            // jobs are admitted by TrainingJobs up to the same number, so the queue never holds more than that
            new FixedExecutorBuilder(settings, LeapSettings.TRAINING_POOL, jobs, jobs, "thread_pool." + LeapSettings.TRAINING_POOL));
    }

    @Override
    public Map<String, Processor.Factory> getProcessors(Processor.Parameters parameters) {
        return Map.of(TextEmbeddingProcessor.TYPE, new TextEmbeddingProcessorFactory(registry::get, parameters.client,
            parameters.ingestService.getClusterService(), parameters.env.settings()));
    }

    @Override
    public Set<DiscoveryNodeRole> getRoles() {
        return Set.of(EncoderRole.ROLE);
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        return List.of(new QuerySpec<>(LeapNeuralQueryBuilder.NAME, LeapNeuralQueryBuilder::new, LeapNeuralQueryBuilder::fromXContent));
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> actions = new ArrayList<>();
        actions.add(new ActionHandler<>(EncodeAction.INSTANCE, TransportEncodeAction.class));
        actions.add(new ActionHandler<>(GetModelsAction.INSTANCE, TransportGetModelsAction.class));
        actions.add(new ActionHandler<>(UpdateModelSettingsAction.INSTANCE, TransportUpdateModelSettingsAction.class));
        actions.add(new ActionHandler<>(LeapStatsAction.INSTANCE, TransportLeapStatsAction.class));
        actions.add(new ActionHandler<>(GetDriftAction.INSTANCE, TransportGetDriftAction.class));
        actions.add(new ActionHandler<>(TrainModelAction.INSTANCE, TransportTrainModelAction.class));
        actions.add(new ActionHandler<>(GetTrainingTasksAction.INSTANCE, TransportGetTrainingTasksAction.class));
        actions.add(new ActionHandler<>(CancelTrainingTaskAction.INSTANCE, TransportCancelTrainingTaskAction.class));
        actions.add(new ActionHandler<>(TrainedModelAction.INSTANCE, TransportTrainedModelAction.class));
        return actions;
    }

    @Override
    public List<RestHandler> getRestHandlers(Settings settings, RestController restController, ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter, IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster) {
        return List.of(new RestGetModelsAction(), new RestUpdateModelSettingsAction(), new RestLeapStatsAction(),
            new RestGetDriftAction(), new RestTrainModelAction(), new RestGetTrainingTasksAction(), new RestCancelTrainingTaskAction(),
            new RestDeleteModelAction());
    }

    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        return List.of(new NamedWriteableRegistry.Entry(Metadata.Custom.class, ModelSettingsMetadata.TYPE, ModelSettingsMetadata::new),
            new NamedWriteableRegistry.Entry(NamedDiff.class, ModelSettingsMetadata.TYPE, ModelSettingsMetadata::readDiffFrom),
            new NamedWriteableRegistry.Entry(Metadata.Custom.class, TrainedModelsMetadata.TYPE, TrainedModelsMetadata::new),
            new NamedWriteableRegistry.Entry(NamedDiff.class, TrainedModelsMetadata.TYPE, TrainedModelsMetadata::readDiffFrom),
            new NamedWriteableRegistry.Entry(Metadata.Custom.class, TuningMetadata.TYPE, TuningMetadata::new),
            new NamedWriteableRegistry.Entry(NamedDiff.class, TuningMetadata.TYPE, TuningMetadata::readDiffFrom));
    }

    @Override
    public List<NamedXContentRegistry.Entry> getNamedXContent() {
        return List.of(new NamedXContentRegistry.Entry(Metadata.Custom.class, new ParseField(ModelSettingsMetadata.TYPE),
            ModelSettingsMetadata::fromXContent), new NamedXContentRegistry.Entry(Metadata.Custom.class,
            new ParseField(TrainedModelsMetadata.TYPE), TrainedModelsMetadata::fromXContent), new NamedXContentRegistry.Entry(
            Metadata.Custom.class, new ParseField(TuningMetadata.TYPE), TuningMetadata::fromXContent));
    }

    @Override
    public Collection<SystemIndexDescriptor> getSystemIndexDescriptors(Settings settings) {
        return List.of(new SystemIndexDescriptor(SystemIndex.TASKS.name(), SystemIndex.TASKS.description()),
            new SystemIndexDescriptor(SystemIndex.MODELS.name(), SystemIndex.MODELS.description()));
    }

    @Override
    public void close() {
        TrainingJobs training = jobs.get();
        if (training != null) {
            training.close();
        }
        ModelRegistry models = registry.get();
        if (models != null) {
            models.close();
        }
        Shadows open = shadows.get();
        if (open != null) {
            open.close();
        }
    }
}

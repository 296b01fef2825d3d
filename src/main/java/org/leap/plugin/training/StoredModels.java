package org.leap.plugin.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.leap.model.Sha256;
import org.leap.training.ModelExport;
import org.opensearch.action.get.GetResponse;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.transport.client.Client;

/**
 * Trained models kept in {@code .plugins-leap-models}, so that any node can load them and they outlive the node that
 * trained them: each file of the model folder in binary chunks, then one model document listing the files with their
 * size, chunk count and sha256. The model document is written last and only after every chunk, so a model without one
 * does not exist; a failed store deletes the chunks it wrote. Calls block; run them off transport threads.
 */
public final class StoredModels {
    private static final Logger LOG = LogManager.getLogger(StoredModels.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Bytes of one chunk. */
    static final int CHUNK_BYTES = 1 << 20;
    static final String DESCRIPTOR_FILE = "model.json";
    /** The files of a model folder; the descriptor last, as the catalog only lists folders that have one. */
    static final List<String> FILES = List.of(ModelExport.WEIGHTS_FILE, ModelExport.TOKENIZER_FILE, DESCRIPTOR_FILE);

    /** A model document: the files and what the training measured. */
    public record StoredModel(String modelId, String taskId, List<Map<String, Object>> files, Map<String, Object> metrics) {}

    private final ClusterService clusterService;
    private final Client client;

    public StoredModels(ClusterService clusterService, Client client) {
        this.clusterService = clusterService;
        this.client = client;
    }

    /** Stores the model folder {@code folder}; nothing of it remains if this throws. */
    public void store(String modelId, String taskId, Path folder, Map<String, Object> metrics) {
        SystemIndex.MODELS.ensure(clusterService, client);
        List<String> written = new ArrayList<>();
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            List<Map<String, Object>> files = new ArrayList<>();
            for (String file : FILES) {
                files.add(storeFile(modelId, file, folder.resolve(file), written));
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model_id", modelId);
            doc.put("type", "model");
            doc.put("task_id", taskId);
            doc.put("files", files);
            doc.put("metrics", metrics);
            doc.put("created", System.currentTimeMillis());
            client.prepareIndex(SystemIndex.MODELS.name()).setId(modelId).setSource(doc)
                .setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get(SystemIndex.TIMEOUT);
        } catch (RuntimeException e) {
            deleteQuietly(written, e);
            throw e;
        }
    }

    private Map<String, Object> storeFile(String modelId, String file, Path path, List<String> written) {
        MessageDigest sha = Sha256.digest();
        long size = 0;
        int chunks = 0;
        byte[] buffer = new byte[CHUNK_BYTES];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                sha.update(buffer, 0, n);
                String id = chunkId(modelId, file, chunks);
                written.add(id);
                // CBOR keeps the bytes binary: no base64 text of every chunk on the heap
                XContentBuilder source = XContentFactory.cborBuilder().startObject().field("model_id", modelId).field("type", "chunk")
                    .field("file", file).field("chunk", chunks).field("data", buffer, 0, n).endObject();
                client.prepareIndex(SystemIndex.MODELS.name()).setId(id).setSource(source).get(SystemIndex.TIMEOUT);
                size += n;
                chunks++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " of the trained model [" + modelId + "]", e);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", file);
        entry.put("size", size);
        entry.put("chunks", chunks);
        entry.put("sha256", Sha256.hex(sha));
        return entry;
    }

    private void deleteQuietly(List<String> ids, Exception cause) {
        for (String id : ids) {
            try {
                client.prepareDelete(SystemIndex.MODELS.name(), id).get(SystemIndex.TIMEOUT);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Deletes a stored model: its model document first (so it stops existing at once), then its chunks. */
    @SuppressWarnings("unchecked")
    public void delete(String modelId) {
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            GetResponse got = client.prepareGet(SystemIndex.MODELS.name(), modelId).get(SystemIndex.TIMEOUT);
            if (got.isExists() == false) {
                return;
            }
            client.prepareDelete(SystemIndex.MODELS.name(), modelId).setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE)
                .get(SystemIndex.TIMEOUT);
            for (Map<String, Object> file : (List<Map<String, Object>>) got.getSourceAsMap().get("files")) {
                int chunks = ((Number) file.get("chunks")).intValue();
                for (int i = 0; i < chunks; i++) {
                    client.prepareDelete(SystemIndex.MODELS.name(), chunkId(modelId, (String) file.get("name"), i)).get(SystemIndex.TIMEOUT);
                }
            }
        }
    }

    /** True when a model document of that id exists. */
    public boolean exists(String modelId) {
        if (clusterService.state().metadata().hasIndex(SystemIndex.MODELS.name()) == false) {
            return false;
        }
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            return client.prepareGet(SystemIndex.MODELS.name(), modelId).setFetchSource(false).get(SystemIndex.TIMEOUT).isExists();
        }
    }

    /** Every stored model. */
    @SuppressWarnings("unchecked")
    public List<StoredModel> list() {
        List<StoredModel> models = new ArrayList<>();
        if (clusterService.state().metadata().hasIndex(SystemIndex.MODELS.name()) == false) {
            return models;
        }
        try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
            SearchResponse found = client.prepareSearch(SystemIndex.MODELS.name()).setQuery(QueryBuilders.termQuery("type", "model"))
                .setSize(10_000).get(SystemIndex.TIMEOUT);
            for (SearchHit hit : found.getHits()) {
                Map<String, Object> s = hit.getSourceAsMap();
                // a hand-edited or foreign document is left out (and logged) rather than failing the load of every model
                if (s.get("model_id") instanceof String id && s.get("task_id") instanceof String task && s.get("files") instanceof List<?> files
                    && files.stream().allMatch(f -> f instanceof Map<?, ?> m && m.get("name") instanceof String
                        && m.get("chunks") instanceof Number && m.get("sha256") instanceof String)
                    && s.getOrDefault("metrics", Map.of()) instanceof Map<?, ?> metrics) {
                    models.add(new StoredModel(id, task, (List<Map<String, Object>>) files, (Map<String, Object>) metrics));
                } else {
                    LOG.warn("stored model document [{}] is malformed and left out: {}", hit.getId(), s.keySet());
                }
            }
        }
        return models;
    }

    /**
     * Writes the model's files to {@code modelsDir/<model_id>/}, each checked against its sha256, the descriptor last.
     *
     * @return the model folder
     * @throws IllegalStateException when a chunk is missing or a file's sha256 differs from the stored one
     */
    public Path materialise(StoredModel model, Path modelsDir) {
        checkName(model.modelId(), "model id");
        for (Map<String, Object> file : model.files()) {
            checkName(file.get("name"), "file name of stored model [" + model.modelId() + "]");
        }
        Path folder = modelsDir.resolve(model.modelId());
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(folder.resolve(DESCRIPTOR_FILE));
            try (ThreadContext.StoredContext ignored = client.threadPool().getThreadContext().stashContext()) {
                for (Map<String, Object> file : model.files()) {
                    String name = (String) file.get("name");
                    int chunks = ((Number) file.get("chunks")).intValue();
                    Path tmp = folder.resolve(name + ".tmp");
                    MessageDigest sha = Sha256.digest();
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        for (int i = 0; i < chunks; i++) {
                            GetResponse got = client.prepareGet(SystemIndex.MODELS.name(), chunkId(model.modelId(), name, i))
                                .get(SystemIndex.TIMEOUT);
                            if (got.isExists() == false) {
                                throw new IllegalStateException("stored model [" + model.modelId() + "] lacks chunk " + i + " of "
                                    + name + "; train it again");
                            }
                            byte[] bytes = chunkBytes(got.getSourceAsMap().get("data"));
                            sha.update(bytes);
                            out.write(bytes);
                        }
                    }
                    String actual = Sha256.hex(sha);
                    if (actual.equals(file.get("sha256")) == false) {
                        Files.delete(tmp);
                        throw new IllegalStateException("stored model [" + model.modelId() + "]: " + name + " has sha256 " + actual
                            + " but " + file.get("sha256") + " was stored; train it again");
                    }
                    Files.move(tmp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write stored model [" + model.modelId() + "] to " + folder, e);
        }
        return folder;
    }

    /**
     * Names read from the models index become paths on this node: only a plain name (letters, digits, '.', '_', '-',
     * not starting with '.') is written, so that whoever can write that index cannot write files elsewhere.
     */
    static void checkName(Object name, String what) {
        if ((name instanceof String s && SAFE_NAME.matcher(s).matches()) == false) {
            throw new IllegalStateException("the models index holds a " + what + " that is not a plain name: [" + name + "]; it is"
                + " not written to disk");
        }
    }

    /** A chunk's bytes, binary in its CBOR source. */
    private static byte[] chunkBytes(Object data) {
        if (data instanceof byte[] bytes) {
            return bytes;
        }
        throw new IllegalStateException("a stored model chunk holds " + (data == null ? "no data" : data.getClass().getSimpleName())
            + " instead of bytes; train the model again");
    }

    private static String chunkId(String modelId, String file, int chunk) {
        return modelId + "/" + file + "/" + chunk;
    }
}

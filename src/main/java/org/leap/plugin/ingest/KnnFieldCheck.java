package org.leap.plugin.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;

/**
 * Checks, before any compute, that a vector goes into a {@code knn_vector} field of the model's dimension. Without it a
 * vector written to an unmapped field becomes a plain float array, searchable by nothing: a silently missing vector.
 * Parsed mappings are cached per index and mapping version, since a bulk checks the same index over and over.
 */
final class KnnFieldCheck {
    private record Key(String indexUuid, long mappingVersion) {}

    private final Map<Key, Map<String, Object>> parsed = new ConcurrentHashMap<>();

    /**
     * @param nested true when the field holds one vector per array element or chunk, as {@code [{"knn": [...]}, ...]}
     * @return null when fine (or when the index does not exist yet, as in a simulate), else the reason
     */
    String problem(ClusterState state, String index, String field, boolean nested, int dimension) {
        IndexMetadata metadata = index == null ? null : state.metadata().index(index);
        if (metadata == null) {
            return null;
        }
        MappingMetadata mapping = metadata.mapping();
        Map<String, Object> root = mapping == null ? Map.of() : parsed.computeIfAbsent(new Key(metadata.getIndexUUID(),
            metadata.getMappingVersion()), k -> {
                if (parsed.size() > 256) {
                    parsed.clear();
                }
                return mapping.sourceAsMap();
            });
        Map<String, Object> props = fieldMapping(root, field);
        String where = "field [" + field + "] of index [" + index + "]";
        if (props == null) {
            return where + " is not mapped; map it as a knn_vector of dimension " + dimension + " (method engine lucene) first";
        }
        if (nested) {
            if ("nested".equals(props.get("type")) == false) {
                return where + " receives one vector per element of an array or per chunk, so it must be of type [nested] with a knn_vector"
                    + " sub-field [knn]; it is [" + props.get("type") + "]";
            }
            props = fieldMapping(props, "knn");
            where = "field [" + field + ".knn] of index [" + index + "]";
            if (props == null) {
                return where + " is not mapped; map it as a knn_vector of dimension " + dimension;
            }
        }
        if ("knn_vector".equals(props.get("type")) == false) {
            return where + " is of type [" + props.get("type") + "], not [knn_vector]";
        }
        Object dim = props.get("dimension");
        if (dim instanceof Number n && n.intValue() != dimension) {
            return where + " has dimension " + n.intValue() + " but the model embeds in " + dimension;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldMapping(Map<String, Object> root, String path) {
        Map<String, Object> current = root;
        for (String part : path.split("\\.")) {
            Object props = current.get("properties");
            if (props instanceof Map<?, ?> p && p.get(part) instanceof Map<?, ?> child) {
                current = (Map<String, Object>) child;
            } else {
                return null;
            }
        }
        return current;
    }
}

package org.leap.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one JSON object of a config field by field, with defaults, and rejects keys nobody asked for. Jackson's own
 * binding would report a misspelt key as a Java class problem; this names the key, where it is, and what is allowed.
 */
final class JsonFields {
    private final JsonNode node;
    private final String where;
    private final Set<String> known = new LinkedHashSet<>();

    JsonFields(JsonNode node, String where) {
        if (node == null || node.isObject() == false) {
            throw new IllegalArgumentException(where + " must be a JSON object");
        }
        this.node = node;
        this.where = where;
    }

    String path(String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    JsonNode raw(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    String string(String key, String fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.isTextual() == false) {
            throw new IllegalArgumentException("[" + path(key) + "] must be a string, got " + v);
        }
        return v.asText();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("[" + path(key) + "] is required");
        }
        return v;
    }

    double number(String key, double fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.isNumber() == false) {
            throw new IllegalArgumentException("[" + path(key) + "] must be a number, got " + v);
        }
        return v.asDouble();
    }

    long integer(String key, long fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.isIntegralNumber() == false && (v.isNumber() == false || v.asDouble() != Math.rint(v.asDouble()))) {
            throw new IllegalArgumentException("[" + path(key) + "] must be an integer, got " + v);
        }
        return v.asLong();
    }

    int intValue(String key, int fallback) {
        long v = integer(key, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("[" + path(key) + "] is out of range: " + v);
        }
        return (int) v;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.isBoolean() == false) {
            throw new IllegalArgumentException("[" + path(key) + "] must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    List<Integer> integers(String key, List<Integer> fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.isArray() == false) {
            throw new IllegalArgumentException("[" + path(key) + "] must be an array of layer numbers, got " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (e.isIntegralNumber() == false) {
                throw new IllegalArgumentException("[" + path(key) + "] must hold integers, got " + e);
            }
            out.add(e.asInt());
        }
        return out;
    }

    /** An object of {@code "layer": weight}, e.g. {@code {"7": 3, "8": 1}}. */
    Map<Integer, Double> layerWeights(String key, Map<Integer, Double> fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.isObject() == false) {
            throw new IllegalArgumentException("[" + path(key) + "] must be an object of \"layer\": weight, got " + v);
        }
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            int layer;
            try {
                layer = Integer.parseInt(e.getKey().strip());
            } catch (NumberFormatException nfe) {
                throw new IllegalArgumentException("[" + path(key) + "] keys must be layer numbers, got \"" + e.getKey() + "\"");
            }
            if (e.getValue().isNumber() == false) {
                throw new IllegalArgumentException("[" + path(key) + "." + e.getKey() + "] must be a number, got " + e.getValue());
            }
            out.put(layer, e.getValue().asDouble());
        }
        return out;
    }

    /** Fails on any key that no reader asked for; call after reading every field. */
    void rejectUnknown() {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (known.contains(k) == false) {
                unknown.add(k);
            }
        });
        if (unknown.isEmpty() == false) {
            throw new IllegalArgumentException("unknown key" + (unknown.size() > 1 ? "s " : " ")
                + unknown.stream().map(k -> "[" + path(k) + "]").toList() + "; known keys" + (where.isEmpty() ? "" : " of " + where)
                + ": " + known);
        }
    }
}

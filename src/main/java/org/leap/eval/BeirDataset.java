package org.leap.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A retrieval set in BEIR's layout: {@code corpus.jsonl} ({@code _id, title, text}), {@code queries.jsonl}
 * ({@code _id, text}) and {@code qrels/<split>.tsv} (header, then query id, document id, relevance).
 * Only queries judged in the split are kept.
 */
public record BeirDataset(Map<String, String> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static BeirDataset read(Path dir, String split) {
        Path qrelsFile = dir.resolve("qrels").resolve(split + ".tsv");
        if (Files.isRegularFile(qrelsFile) == false) {
            throw new DataFileException(qrelsFile, 0, "no such split; the qrels folder holds " + splits(dir.resolve("qrels")));
        }
        Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
        Map<String, String> corpus = readJsonl(dir.resolve("corpus.jsonl"), true);
        Map<String, String> allQueries = readJsonl(dir.resolve("queries.jsonl"), false);
        Map<String, String> queries = new LinkedHashMap<>();
        for (String id : qrels.keySet()) {
            String text = allQueries.get(id);
            if (text == null) {
                throw new DataFileException(qrelsFile, 0, "query [" + id + "] is judged but missing from queries.jsonl");
            }
            queries.put(id, text);
        }
        return new BeirDataset(corpus, queries, qrels);
    }

    private static List<String> splits(Path qrels) {
        try (var files = Files.list(qrels)) {
            return files.map(p -> p.getFileName().toString().replaceFirst("\\.tsv$", "")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Map<String, Map<String, Integer>> readQrels(Path file) {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            long number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length < 3) {
                    throw new DataFileException(file, number, "expected query id, document id and relevance");
                }
                try {
                    qrels.computeIfAbsent(f[0], q -> new HashMap<>()).put(f[1], Integer.parseInt(f[2].trim()));
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, number, "relevance [" + f[2] + "] is not an integer");
                }
            }
        } catch (IOException e) {
            throw new DataFileException(file, 0, "cannot be read: " + e.getMessage());
        }
        if (qrels.isEmpty()) {
            throw new DataFileException(file, 0, "holds no judgements");
        }
        return qrels;
    }

    private static Map<String, String> readJsonl(Path file, boolean withTitle) {
        if (Files.isRegularFile(file) == false) {
            throw new DataFileException(file, 0, "no such file");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new DataFileException(file, number, "not valid JSON: " + e.getMessage());
                }
                if (node.hasNonNull("_id") == false || node.hasNonNull("text") == false) {
                    throw new DataFileException(file, number, "needs _id and text");
                }
                String title = withTitle && node.hasNonNull("title") ? node.get("title").asText().strip() : "";
                String text = (title.isEmpty() ? "" : title + " ") + node.get("text").asText();
                texts.put(node.get("_id").asText(), text.isBlank() ? title : text);
            }
        } catch (IOException e) {
            throw new DataFileException(file, 0, "cannot be read: " + e.getMessage());
        }
        return texts;
    }

    public List<String> corpusIds() {
        return new ArrayList<>(corpus.keySet());
    }
}

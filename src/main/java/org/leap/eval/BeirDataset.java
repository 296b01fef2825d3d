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

/**
 * A retrieval set in BEIR's layout: {@code corpus.jsonl} ({@code _id, title, text}), {@code queries.jsonl}
 * ({@code _id, text}) and {@code qrels/<split>.tsv} (header, then query id, document id, relevance).
 * Only queries judged in the split are kept.
 */
public record BeirDataset(Map<String, Document> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {
    /**
     * One document of the corpus: its title (empty when it has none) and its text apart, since chunked documents put the
     * title before each window while whole documents read it once.
     */
    public record Document(String title, String text) {
        /** The whole document as one text: the title, a space, the text. */
        public String joined() {
            String joined = (title.isEmpty() ? "" : title + " ") + text;
            return joined.isBlank() ? title : joined;
        }
    }

    public static BeirDataset read(Path dir, String split) {
        Path qrelsFile = dir.resolve("qrels").resolve(split + ".tsv");
        if (Files.isRegularFile(qrelsFile) == false) {
            throw new DataFileException(qrelsFile, 0, "no such split; the qrels folder holds " + splits(dir.resolve("qrels")));
        }
        Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
        Map<String, Document> corpus = readJsonl(dir.resolve("corpus.jsonl"), true);
        Map<String, String> allQueries = new LinkedHashMap<>();
        readJsonl(dir.resolve("queries.jsonl"), false).forEach((id, query) -> allQueries.put(id, query.text()));
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

    private static Map<String, Document> readJsonl(Path file, boolean withTitle) {
        if (Files.isRegularFile(file) == false) {
            throw new DataFileException(file, 0, "no such file");
        }
        Map<String, Document> texts = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonLines.forEach(file, in, (number, node) -> {
                if (node.hasNonNull("_id") == false || node.hasNonNull("text") == false) {
                    throw new DataFileException(file, number, "needs _id and text");
                }
                String title = withTitle && node.hasNonNull("title") ? node.get("title").asText().strip() : "";
                texts.put(node.get("_id").asText(), new Document(title, node.get("text").asText()));
            });
        } catch (IOException e) {
            throw new DataFileException(file, 0, "cannot be read: " + e.getMessage());
        }
        return texts;
    }

    public List<String> corpusIds() {
        return new ArrayList<>(corpus.keySet());
    }

    /** The whole texts ({@link Document#joined}) of these documents, in order. */
    public List<String> documentTexts(List<String> ids) {
        return ids.stream().map(id -> corpus.get(id).joined()).toList();
    }
}

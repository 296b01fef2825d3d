package org.leap.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.leap.encoder.VectorMath;

/**
 * STS Benchmark pairs. The format is tab-separated with no header: genre, file, year, id, score (0-5), sentence 1,
 * sentence 2, sometimes extra fields that are ignored. Quotes are ordinary characters.
 */
public record StsDataset(List<Pair> pairs) {
    /** One scored sentence pair. */
    public record Pair(double score, String first, String second) {}

    public static StsDataset read(Path file) {
        if (Files.isRegularFile(file) == false) {
            throw new DataFileException(file, 0, "no such file");
        }
        List<Pair> pairs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length < 7) {
                    throw new DataFileException(file, number, "expected at least 7 tab-separated fields, found " + fields.length);
                }
                double score;
                try {
                    score = Double.parseDouble(fields[4].trim());
                } catch (NumberFormatException e) {
                    throw new DataFileException(file, number, "score [" + fields[4] + "] is not a number");
                }
                if (fields[5].isBlank() || fields[6].isBlank()) {
                    throw new DataFileException(file, number, "a sentence is empty");
                }
                pairs.add(new Pair(score, fields[5], fields[6]));
            }
        } catch (IOException e) {
            throw new DataFileException(file, 0, "cannot be read: " + e.getMessage());
        }
        if (pairs.isEmpty()) {
            throw new DataFileException(file, 0, "holds no sentence pairs");
        }
        return new StsDataset(List.copyOf(pairs));
    }

    /** Both sentences of every pair, first then second, in file order. */
    public List<String> sentences() {
        List<String> all = new ArrayList<>(pairs.size() * 2);
        pairs.forEach(p -> {
            all.add(p.first());
            all.add(p.second());
        });
        return all;
    }

    public double[] scores() {
        return pairs.stream().mapToDouble(Pair::score).toArray();
    }

    /** Spearman of each pair's cosine against its score; {@code vectors} in {@link #sentences()} order. */
    public double spearman(float[][] vectors) {
        if (vectors.length != 2 * pairs.size()) {
            throw new IllegalArgumentException("expected " + 2 * pairs.size() + " vectors, got " + vectors.length);
        }
        double[] cosines = new double[pairs.size()];
        for (int i = 0; i < cosines.length; i++) {
            cosines[i] = VectorMath.cosine(vectors[2 * i], vectors[2 * i + 1]);
        }
        return Spearman.correlation(cosines, scores());
    }
}

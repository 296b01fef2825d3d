package org.leap.eval;

import java.util.List;
import java.util.Map;

/** NDCG@k with graded relevance (gain = relevance, log2 discount), as BEIR reports it. */
public final class Ndcg {
    private Ndcg() {}

    /**
     * @param ranked document ids, best first
     * @param relevance graded relevance of the judged documents; unjudged ones count 0
     */
    public static double atK(List<String> ranked, Map<String, Integer> relevance, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            dcg += relevance.getOrDefault(ranked.get(i), 0) / log2(i + 2);
        }
        double ideal = 0;
        List<Integer> best = relevance.values().stream().filter(r -> r > 0).sorted((a, b) -> b - a).toList();
        for (int i = 0; i < Math.min(k, best.size()); i++) {
            ideal += best.get(i) / log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

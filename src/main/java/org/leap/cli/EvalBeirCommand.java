package org.leap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlSimilarities;
import org.leap.eval.BeirDataset;
import org.leap.eval.ExitSweep;
import org.leap.eval.Ndcg;
import org.leap.eval.NeighborOverlap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap eval beir}: NDCG@10 of exact cosine search, full depth against early exit. Queries and passages are
 * traced once; the early-exit vectors are replayed from the trace with the encoder's own rule.
 */
@Command(name = "beir", mixinStandardHelpOptions = true, description = "BEIR NDCG@10: full depth vs early exit.")
final class EvalBeirCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions encoder;

    @Option(names = "--data", required = true, description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "qrels split (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--thetas", split = ",", description = "θ values of the sweep (default 0.90,0.93,0.95,0.97,0.99)")
    double[] thetas = ExitSweeps.THETAS;

    @Option(names = "--document-model", description = "embed the documents with this model at full depth instead (queries still "
        + "come from --model): a query encoder trained into another model's space")
    String documentModel;

    @Option(names = "--chart", description = "also write the sweep as an SVG chart here: NDCG@10 against layer reduction")
    Path chart;

    @Override
    public Integer call() {
        BeirDataset beir = BeirDataset.read(data, split);
        List<String> docIds = beir.corpusIds();
        List<String> queryIds = new ArrayList<>(beir.queries().keySet());
        try (SentenceEncoder model = encoder.load()) {
            ExitPolicy policy = encoder.policy(model.model());
            List<String> docTexts = docIds.stream().map(beir.corpus()::get).toList();
            if (documentModel != null) {
                return queryEncoderReport(beir, queryIds, docIds, docTexts, model, policy);
            }
            List<Embedding> docs = model.encode(docTexts, EncodeOptions.traced(policy).asPassage());
            List<Embedding> queries = model.encode(queryIds.stream().map(beir.queries()::get).toList(), EncodeOptions.traced(policy));
            float[][] fullDocs = docs.stream().map(Embedding::vector).toArray(float[][]::new);
            float[][] fullQueries = queries.stream().map(Embedding::vector).toArray(float[][]::new);
            double fullNdcg = ndcg(beir, queryIds, docIds, fullQueries, fullDocs);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.model().name());
            report.put("queries", queryIds.size());
            report.put("documents", docIds.size());
            report.put("full_depth", Map.of("ndcg@10", Output.round(fullNdcg)));
            Map<String, Object> atPolicy = measure(beir, queryIds, docIds, queries, docs, fullDocs, policy);
            atPolicy.put("exit_policy", policy.calibrated() == null ? "global" : "calibrated");
            report.put("early_exit", atPolicy);
            report.put("query_exit", atPolicy.remove("query_exit"));
            List<Map<String, Object>> sweep = new ArrayList<>();
            for (double theta : thetas) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("theta", theta);
                m.putAll(measure(beir, queryIds, docIds, queries, docs, fullDocs, policy.withTheta(theta)));
                sweep.add(m);
            }
            report.put("thetas", sweep);
            if (chart != null) {
                ParetoChart.write(chart, model.model().name(), data.getFileName() + " (" + split + ")", fullNdcg, sweep);
            }
            if (encoder.json) {
                Output.printJson(report);
            } else {
                System.out.printf("model %s, %d queries, %d documents%nfull depth NDCG@10 %s%n", model.model().name(), queryIds.size(),
                    docIds.size(), Output.f3(fullNdcg));
                System.out.println("theta       NDCG@10  query-exit  doc-exit  doc L/E[l]  query L/E[l]  NDCG@10 docs at full depth");
                sweep.forEach(m -> printRow(String.format("%4.2f      ", (Double) m.get("theta")), m, m.get("query_exit")));
                if (policy.calibrated() != null) {
                    printRow("calibrated", atPolicy, report.get("query_exit"));
                }
            }
        }
        return 0;
    }

    /**
     * Queries from {@code model}, exiting, against documents that {@code --document-model} embedded at full depth: the
     * asymmetric use where a public model embeds the documents and an early-exit model trained into its space embeds
     * the queries. Only the query side exits, so only {@code full_depth} and {@code query_exit} are reported.
     */
    private Integer queryEncoderReport(BeirDataset beir, List<String> queryIds, List<String> docIds, List<String> docTexts,
                                       SentenceEncoder model, ExitPolicy policy) {
        float[][] docs;
        String documentModelName;
        try (SentenceEncoder documents = encoder.load(documentModel)) {
            documentModelName = documents.model().name();
            docs = documents.encode(docTexts, EncodeOptions.fullDepth(ExitPolicy.defaultFor(documents.model().layers())).asPassage())
                .stream().map(Embedding::vector).toArray(float[][]::new);
        }
        List<Embedding> queries = model.encode(queryIds.stream().map(beir.queries()::get).toList(), EncodeOptions.traced(policy));
        double fullNdcg = ndcg(beir, queryIds, docIds, queries.stream().map(Embedding::vector).toArray(float[][]::new), docs);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.model().name());
        report.put("document_model", documentModelName);
        report.put("queries", queryIds.size());
        report.put("documents", docIds.size());
        report.put("full_depth", Map.of("ndcg@10", Output.round(fullNdcg)));
        report.put("query_exit", queryExit(beir, queryIds, docIds, queries, docs, policy));
        List<Map<String, Object>> sweep = new ArrayList<>();
        for (double theta : thetas) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("theta", theta);
            m.put("query_exit", queryExit(beir, queryIds, docIds, queries, docs, policy.withTheta(theta)));
            sweep.add(m);
        }
        report.put("thetas", sweep);
        if (chart != null) {
            ParetoChart.write(chart, model.model().name() + " / " + documentModelName, data.getFileName() + " (" + split + ")", fullNdcg,
                sweep);
        }
        if (encoder.json) {
            Output.printJson(report);
        } else {
            System.out.printf("queries %s, documents %s at full depth: %d queries, %d documents%nfull depth NDCG@10 %s%n",
                model.model().name(), documentModelName, queryIds.size(), docIds.size(), Output.f3(fullNdcg));
            System.out.println("theta   NDCG@10  query L/E[l]");
            for (Map<String, Object> m : sweep) {
                @SuppressWarnings("unchecked")
                Map<String, Object> q = (Map<String, Object>) m.get("query_exit");
                System.out.printf("%4.2f    %s    %5.2fx%n", (Double) m.get("theta"), Output.f3((Double) q.get("ndcg@10")),
                    (Double) q.get("query_layer_reduction"));
            }
        }
        return 0;
    }

    /** NDCG@10 of the queries' exited vectors against documents at full depth, and the queries' layer reduction. */
    private static Map<String, Object> queryExit(BeirDataset beir, List<String> queryIds, List<String> docIds, List<Embedding> queries,
                                                 float[][] fullDocs, ExitPolicy policy) {
        return queryExit(beir, queryIds, docIds, ExitSweep.exitVectors(queries, policy), ExitSweep.replay(queries, policy), fullDocs);
    }

    /** {@link #queryExit(BeirDataset, List, List, List, float[][], ExitPolicy)} from exit vectors and a replay already made. */
    private static Map<String, Object> queryExit(BeirDataset beir, List<String> queryIds, List<String> docIds, float[][] exitQueries,
                                                 ExitSweep querySweep, float[][] fullDocs) {
        Map<String, Object> queryExit = new LinkedHashMap<>();
        queryExit.put("ndcg@10", Output.round(ndcg(beir, queryIds, docIds, exitQueries, fullDocs)));
        queryExit.put("query_layer_reduction", Output.round(querySweep.layerReduction()));
        return queryExit;
    }

    /**
     * NDCG@10 and exit figures of the early-exit vectors that {@code policy} picks from the traces: both sides exiting,
     * and under {@code query_exit} queries exiting against documents at full depth (documents embedded once at ingest
     * may afford all layers; queries are what a search waits for).
     */
    private static Map<String, Object> measure(BeirDataset beir, List<String> queryIds, List<String> docIds, List<Embedding> queries,
        List<Embedding> docs, float[][] fullDocs, ExitPolicy policy) {
        float[][] exitQueries = ExitSweep.exitVectors(queries, policy);
        ExitSweep querySweep = ExitSweep.replay(queries, policy);
        ExitSweep docSweep = ExitSweep.replay(docs, policy);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ndcg@10", Output.round(ndcg(beir, queryIds, docIds, exitQueries, ExitSweep.exitVectors(docs, policy))));
        m.put("query_exit_rate", Output.round(querySweep.exitRate()));
        m.put("query_layer_reduction", Output.round(querySweep.layerReduction()));
        m.put("document_exit_rate", Output.round(docSweep.exitRate()));
        m.put("document_layer_reduction", Output.round(docSweep.layerReduction()));
        m.put("query_exit", queryExit(beir, queryIds, docIds, exitQueries, querySweep, fullDocs));
        return m;
    }

    private static void printRow(String label, Map<String, Object> m, Object queryExit) {
        @SuppressWarnings("unchecked")
        Map<String, Object> q = (Map<String, Object>) queryExit;
        System.out.printf("%s  %s    %s       %s     %5.2fx       %5.2fx        %s%n", label, Output.f3((Double) m.get("ndcg@10")),
            Output.f3((Double) m.get("query_exit_rate")), Output.f3((Double) m.get("document_exit_rate")),
            (Double) m.get("document_layer_reduction"), (Double) m.get("query_layer_reduction"), Output.f3((Double) q.get("ndcg@10")));
    }

    /** NDCG@10 of exact cosine search of these query vectors over these document vectors. */
    static double ndcg(BeirDataset beir, List<String> queryIds, List<String> docIds, float[][] queries, float[][] docs) {
        int[][] top = top10(queries, docs);
        double sum = 0;
        for (int q = 0; q < queries.length; q++) {
            List<String> ranked = java.util.Arrays.stream(top[q]).mapToObj(docIds::get).toList();
            sum += Ndcg.atK(ranked, beir.qrels().get(queryIds.get(q)), 10);
        }
        return sum / queries.length;
    }

    /** Per query, the indices of its 10 nearest documents by exact cosine, best first. */
    static int[][] top10(float[][] queries, float[][] docs) {
        float[] scores = new DjlSimilarities().between(queries, docs);
        int[][] top = new int[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            top[q] = NeighborOverlap.topK(scores, q * docs.length, docs.length, 10, -1);
        }
        return top;
    }
}

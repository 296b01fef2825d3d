package org.leap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlSimilarities;
import org.leap.eval.BeirDataset;
import org.leap.eval.DocumentSearch;
import org.leap.eval.IsoQuality;
import org.leap.eval.NeighborOverlap;
import org.leap.eval.ExitSweep;
import org.leap.model.ExitThresholds;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextChunker;
import org.leap.text.TextTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap eval beir}: NDCG@10 of exact cosine search, full depth against early exit. Queries and passages are
 * traced once; the early-exit vectors are replayed from the trace with the encoder's own rule. Documents go whole or,
 * with {@code --chunk-tokens}, as the windows the ingest processor cuts, a document scoring by its best one; the
 * iso-quality measure says what each use saves at the reference model's quality.
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

    @Option(names = "--chunk-tokens", description = "split each document at sentence ends into windows of at most N tokens of the "
        + "document model's tokenizer, as the ingest processor's chunking does; a document scores by its best window")
    Integer chunkTokens;

    @Option(names = "--chunk-overlap", defaultValue = "0", description = "tokens of whole sentences that consecutive windows share "
        + "(default ${DEFAULT-VALUE})")
    int chunkOverlap;

    @Option(names = "--chunk-prefix", defaultValue = "none", description = "title: put the document's title before each window; "
        + "none (default)")
    ChunkPrefix chunkPrefix;

    @Option(names = "--reference", defaultValue = "bge-small-en-v1.5", description = "the model whose NDCG@10 at full depth (same "
        + "documents, same chunking) the iso-quality measure keeps 0.99 of; none leaves the measure out (default ${DEFAULT-VALUE})")
    String reference;

    /** Calibration targets swept, besides the thetas, for a model whose calibrated thresholds carry their curves. */
    private static final double[] CALIBRATION_TARGETS = { 0.90, 0.93, 0.95, 0.97, 0.98, 0.99 };

    /** What goes before each window of a chunked document. */
    enum ChunkPrefix { none, title }

    /**
     * The texts the documents are encoded as: one per document, or its windows.
     *
     * @param documentOf for each text, the index of its document in the corpus order
     */
    private record CorpusTexts(List<String> texts, int[] documentOf, int documents) {
        DocumentSearch search(float[][] vectors) {
            return new DocumentSearch(vectors, documentOf, documents, new DjlSimilarities());
        }
    }

    @Override
    public Integer call() {
        BeirDataset beir = BeirDataset.read(data, split);
        List<String> docIds = beir.corpusIds();
        List<String> queryIds = new ArrayList<>(beir.queries().keySet());
        try (SentenceEncoder model = encoder.load()) {
            ExitPolicy policy = encoder.policy(model.model());
            if (documentModel != null) {
                return queryEncoderReport(beir, queryIds, docIds, model, policy);
            }
            CorpusTexts corpus = corpusTexts(beir, docIds, model.model());
            List<Embedding> docs = model.encode(corpus.texts(), EncodeOptions.traced(policy).asPassage());
            List<Embedding> queries = model.encode(queryIds.stream().map(beir.queries()::get).toList(), EncodeOptions.traced(policy));
            float[][] fullDocs = docs.stream().map(Embedding::vector).toArray(float[][]::new);
            float[][] fullQueries = queries.stream().map(Embedding::vector).toArray(float[][]::new);
            DocumentSearch fullSearch = corpus.search(fullDocs);
            int[][] fullTop = fullSearch.top(fullQueries, 10);
            double fullNdcg = DocumentSearch.ndcg(beir, queryIds, docIds, fullTop);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.model().name());
            report.put("queries", queryIds.size());
            report.put("documents", docIds.size());
            putChunks(report, corpus);
            report.put("full_depth", Map.of("ndcg@10", Output.round(fullNdcg)));
            Measure measure = new Measure(beir, queryIds, docIds, queries, docs, corpus, fullSearch, fullTop);
            Map<String, Object> atPolicy = measure.at(policy);
            atPolicy.put("exit_policy", policy.calibrated() == null ? "global" : "calibrated");
            report.put("early_exit", atPolicy);
            report.put("query_exit", atPolicy.remove("query_exit"));
            List<Map<String, Object>> sweep = new ArrayList<>();
            for (double theta : thetas) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("theta", theta);
                m.putAll(measure.at(policy.withTheta(theta)));
                sweep.add(m);
            }
            report.put("thetas", sweep);
            List<Map<String, Object>> targets = calibrationSweep(model.model(), policy, measure::at);
            if (targets.isEmpty() == false) {
                report.put("calibration_targets", targets);
            }
            Double referenceNdcg = referenceNdcg(beir, queryIds, docIds, model.model().name(), fullNdcg, null);
            if (referenceNdcg != null) {
                report.put("iso_quality", isoQuality(referenceNdcg, fullNdcg, sweep, targets, true));
            }
            if (chart != null) {
                ParetoChart.write(chart, model.model().name(), data.getFileName() + " (" + split + ")", fullNdcg, sweep);
            }
            if (encoder.json) {
                Output.printJson(report);
            } else {
                System.out.printf("model %s, %d queries, %d documents%s%nfull depth NDCG@10 %s%n", model.model().name(), queryIds.size(),
                    docIds.size(), chunksLine(corpus), Output.f3(fullNdcg));
                System.out.println("theta       NDCG@10  query-exit  doc-exit  doc L/E[l]  query L/E[l]  NDCG@10 docs at full depth");
                sweep.forEach(m -> printRow(String.format("%4.2f      ", (Double) m.get("theta")), m, m.get("query_exit")));
                if (policy.calibrated() != null) {
                    printRow("calibrated", atPolicy, report.get("query_exit"));
                }
                targets.forEach(m -> printRow(String.format("target %4.2f", (Double) m.get("calibration_target")), m, m.get("query_exit")));
                printIsoQuality(report);
            }
        }
        return 0;
    }

    /**
     * Queries from {@code model}, exiting, against documents that {@code --document-model} embedded at full depth: the
     * asymmetric use where a public model embeds the documents and an early-exit model trained into its space embeds
     * the queries. Only the query side exits, so only {@code full_depth} and {@code query_exit} are reported.
     */
    private Integer queryEncoderReport(BeirDataset beir, List<String> queryIds, List<String> docIds, SentenceEncoder model,
                                       ExitPolicy policy) {
        DocumentSearch docs;
        CorpusTexts corpus;
        String documentModelName;
        try (SentenceEncoder documents = encoder.load(documentModel)) {
            documentModelName = documents.model().name();
            corpus = corpusTexts(beir, docIds, documents.model());
            docs = corpus.search(documents.encode(corpus.texts(), EncodeOptions.fullDepth(ExitPolicy.defaultFor(documents.model()
                .layers())).asPassage()).stream().map(Embedding::vector).toArray(float[][]::new));
        }
        List<Embedding> queries = model.encode(queryIds.stream().map(beir.queries()::get).toList(), EncodeOptions.traced(policy));
        float[][] fullQueries = queries.stream().map(Embedding::vector).toArray(float[][]::new);
        int[][] fullTop = docs.top(fullQueries, 10);
        double fullNdcg = DocumentSearch.ndcg(beir, queryIds, docIds, fullTop);
        Measure measure = new Measure(beir, queryIds, docIds, queries, null, corpus, docs, fullTop);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.model().name());
        report.put("document_model", documentModelName);
        report.put("queries", queryIds.size());
        report.put("documents", docIds.size());
        putChunks(report, corpus);
        report.put("full_depth", Map.of("ndcg@10", Output.round(fullNdcg)));
        report.put("query_exit", measure.queryExit(policy));
        List<Map<String, Object>> sweep = new ArrayList<>();
        for (double theta : thetas) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("theta", theta);
            m.put("query_exit", measure.queryExit(policy.withTheta(theta)));
            sweep.add(m);
        }
        report.put("thetas", sweep);
        List<Map<String, Object>> targets = calibrationSweep(model.model(), policy, p -> Map.of("query_exit", measure.queryExit(p)));
        if (targets.isEmpty() == false) {
            report.put("calibration_targets", targets);
        }
        Double referenceNdcg = referenceNdcg(beir, queryIds, docIds, model.model().name(), fullNdcg, documentModelName.equals(reference)
            ? docs : null);
        if (referenceNdcg != null) {
            report.put("iso_quality", isoQuality(referenceNdcg, fullNdcg, sweep, targets, false));
        }
        if (chart != null) {
            ParetoChart.write(chart, model.model().name() + " / " + documentModelName, data.getFileName() + " (" + split + ")", fullNdcg,
                sweep);
        }
        if (encoder.json) {
            Output.printJson(report);
        } else {
            System.out.printf("queries %s, documents %s at full depth: %d queries, %d documents%s%nfull depth NDCG@10 %s%n",
                model.model().name(), documentModelName, queryIds.size(), docIds.size(), chunksLine(corpus), Output.f3(fullNdcg));
            System.out.println("theta   NDCG@10  query L/E[l]");
            for (Map<String, Object> m : sweep) {
                @SuppressWarnings("unchecked")
                Map<String, Object> q = (Map<String, Object>) m.get("query_exit");
                System.out.printf("%4.2f    %s    %5.2fx%n", (Double) m.get("theta"), Output.f3((Double) q.get("ndcg@10")),
                    (Double) q.get("query_layer_reduction"));
            }
            printIsoQuality(report);
        }
        return 0;
    }

    /**
     * NDCG@10, NN@10 against the full-depth ranking and exit figures of the early-exit vectors a policy picks from the
     * traces: both sides exiting, and under {@code query_exit} queries exiting against documents at full depth
     * (documents embedded once at ingest may afford all layers; queries are what a search waits for).
     *
     * @param docs the documents' traces, or null where only queries exit (documents from another model)
     * @param fullDocs the documents at full depth
     * @param fullTop each query's top 10 documents at full depth, what NN@10 compares with
     */
    private record Measure(BeirDataset beir, List<String> queryIds, List<String> docIds, List<Embedding> queries, List<Embedding> docs,
                           CorpusTexts corpus, DocumentSearch fullDocs, int[][] fullTop) {
        Map<String, Object> at(ExitPolicy policy) {
            float[][] exitQueries = ExitSweep.exitVectors(queries, policy);
            ExitSweep querySweep = ExitSweep.replay(queries, policy);
            ExitSweep docSweep = ExitSweep.replay(docs, policy);
            DocumentSearch exitDocs = corpus.search(ExitSweep.exitVectors(docs, policy));
            Map<String, Object> m = new LinkedHashMap<>();
            int[][] top = exitDocs.top(exitQueries, 10);
            m.put("ndcg@10", Output.round(DocumentSearch.ndcg(beir, queryIds, docIds, top)));
            m.put("nn10", Output.round(nn10(top)));
            m.put("query_exit_rate", Output.round(querySweep.exitRate()));
            m.put("query_layer_reduction", Output.round(querySweep.layerReduction()));
            m.put("document_exit_rate", Output.round(docSweep.exitRate()));
            m.put("document_layer_reduction", Output.round(docSweep.layerReduction()));
            m.put("query_exit", queryExit(exitQueries, querySweep));
            return m;
        }

        /** Queries exiting against the documents at full depth. */
        Map<String, Object> queryExit(ExitPolicy policy) {
            return queryExit(ExitSweep.exitVectors(queries, policy), ExitSweep.replay(queries, policy));
        }

        private Map<String, Object> queryExit(float[][] exitQueries, ExitSweep querySweep) {
            Map<String, Object> queryExit = new LinkedHashMap<>();
            int[][] top = fullDocs.top(exitQueries, 10);
            queryExit.put("ndcg@10", Output.round(DocumentSearch.ndcg(beir, queryIds, docIds, top)));
            queryExit.put("nn10", Output.round(nn10(top)));
            queryExit.put("query_layer_reduction", Output.round(querySweep.layerReduction()));
            return queryExit;
        }

        /** Mean overlap of each query's top 10 with its top 10 at full depth. */
        private double nn10(int[][] top) {
            double sum = 0;
            for (int q = 0; q < top.length; q++) {
                sum += NeighborOverlap.overlap(top[q], fullTop[q], 10);
            }
            return sum / top.length;
        }
    }

    /**
     * The figures at each calibration target, for a model whose calibrated thresholds carry their curves (else none):
     * the calibrated policy at its most permissive and strictest settings, beside the global θ sweep.
     */
    private static List<Map<String, Object>> calibrationSweep(ModelDescriptor model, ExitPolicy policy,
                                                              Function<ExitPolicy, Map<String, Object>> measure) {
        List<Map<String, Object>> rows = new ArrayList<>();
        ExitThresholds thresholds = model.exitThresholds();
        if (thresholds == null || thresholds.hasCurves() == false) {
            return rows;
        }
        ExitPolicy calibrated = policy.calibratedFor(model);
        for (double target : CALIBRATION_TARGETS) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calibration_target", target);
            m.putAll(measure.apply(calibrated.withCalibration(thresholds.atTarget(target))));
            rows.add(m);
        }
        return rows;
    }

    /**
     * NDCG@10 of {@code --reference} at full depth on the same documents (chunked alike): the model's own when it is the
     * reference, else the reference encodes documents (unless given) and queries; null for {@code --reference none}.
     *
     * @param referenceDocs the documents already embedded by the reference at full depth, or null
     */
    private Double referenceNdcg(BeirDataset beir, List<String> queryIds, List<String> docIds, String modelName, double modelFullNdcg,
                                 DocumentSearch referenceDocs) {
        if ("none".equals(reference)) {
            return null;
        }
        if (reference.equals(modelName)) {
            return modelFullNdcg;
        }
        try (SentenceEncoder ref = encoder.load(reference)) {
            EncodeOptions full = EncodeOptions.fullDepth(ExitPolicy.defaultFor(ref.model().layers()));
            DocumentSearch docs = referenceDocs;
            if (docs == null) {
                CorpusTexts corpus = corpusTexts(beir, docIds, ref.model());
                docs = corpus.search(ref.encode(corpus.texts(), full.asPassage()).stream().map(Embedding::vector).toArray(float[][]::new));
            }
            float[][] queries = ref.encode(queryIds.stream().map(beir.queries()::get).toList(), full).stream().map(Embedding::vector)
                .toArray(float[][]::new);
            return docs.ndcg(beir, queryIds, docIds, queries);
        }
    }

    /**
     * The iso-quality measure: for each use, the exit setting (θ or calibration target) that saves the most layers at
     * 0.99 of the reference's NDCG@10, full depth included as a setting that saves none. Both sides exiting counts the
     * smaller of the query and document reductions, the saving each side at least gets.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> isoQuality(double referenceNdcg, double fullNdcg, List<Map<String, Object>> sweep,
                                           List<Map<String, Object>> targets, boolean bothSides) {
        List<IsoQuality.Point> queryExit = new ArrayList<>();
        List<IsoQuality.Point> bothExit = new ArrayList<>();
        // rounded as the rows are, so that a θ at which nothing exits ties with full depth instead of beating it
        queryExit.add(new IsoQuality.Point("full_depth", Output.round(fullNdcg), 1.0));
        bothExit.add(new IsoQuality.Point("full_depth", Output.round(fullNdcg), 1.0));
        List<Map<String, Object>> rows = new ArrayList<>(sweep);
        rows.addAll(targets);
        for (Map<String, Object> row : rows) {
            String setting = row.containsKey("theta") ? "theta=" + row.get("theta") : "calibration_target=" + row.get("calibration_target");
            Map<String, Object> q = (Map<String, Object>) row.get("query_exit");
            queryExit.add(new IsoQuality.Point(setting, (Double) q.get("ndcg@10"), (Double) q.get("query_layer_reduction")));
            if (bothSides) {
                bothExit.add(new IsoQuality.Point(setting, (Double) row.get("ndcg@10"), Math.min((Double) row.get("query_layer_reduction"),
                    (Double) row.get("document_layer_reduction"))));
            }
        }
        Map<String, Object> iso = new LinkedHashMap<>();
        iso.put("reference", reference);
        iso.put("reference_ndcg@10", Output.round(referenceNdcg));
        iso.put("share", IsoQuality.SHARE);
        iso.put("query_exit", isoPoint(referenceNdcg, queryExit));
        if (bothSides) {
            iso.put("both_exit", isoPoint(referenceNdcg, bothExit));
        }
        return iso;
    }

    /** The best point as JSON, or null when no setting, full depth included, reaches the share. */
    private static Map<String, Object> isoPoint(double referenceNdcg, List<IsoQuality.Point> points) {
        return IsoQuality.best(referenceNdcg, points).map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("setting", p.setting());
            m.put("ndcg@10", Output.round(p.ndcg()));
            m.put("layer_reduction", Output.round(p.layerReduction()));
            return m;
        }).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static void printIsoQuality(Map<String, Object> report) {
        Map<String, Object> iso = (Map<String, Object>) report.get("iso_quality");
        if (iso == null) {
            return;
        }
        System.out.printf("iso-quality (NDCG@10 >= %.2f x %s's %s at full depth):%n", IsoQuality.SHARE, iso.get("reference"),
            Output.f3((Double) iso.get("reference_ndcg@10")));
        for (String use : List.of("query_exit", "both_exit")) {
            if (iso.containsKey(use)) {
                Map<String, Object> p = (Map<String, Object>) iso.get(use);
                System.out.printf("  %-10s %s%n", use, p == null ? "none: every setting, full depth included, ranks below it"
                    : p.get("setting") + ", NDCG@10 " + Output.f3((Double) p.get("ndcg@10")) + ", " + p.get("layer_reduction") + "x fewer layers");
            }
        }
    }

    private static void printRow(String label, Map<String, Object> m, Object queryExit) {
        @SuppressWarnings("unchecked")
        Map<String, Object> q = (Map<String, Object>) queryExit;
        System.out.printf("%s  %s    %s       %s     %5.2fx       %5.2fx        %s%n", label, Output.f3((Double) m.get("ndcg@10")),
            Output.f3((Double) m.get("query_exit_rate")), Output.f3((Double) m.get("document_exit_rate")),
            (Double) m.get("document_layer_reduction"), (Double) m.get("query_layer_reduction"), Output.f3((Double) q.get("ndcg@10")));
    }

    /** The documents as the encoder reads them: whole, or cut into windows by the model's tokenizer. */
    private CorpusTexts corpusTexts(BeirDataset beir, List<String> docIds, ModelDescriptor model) {
        if (chunkTokens == null) {
            int[] identity = IntStream.range(0, docIds.size()).toArray();
            return new CorpusTexts(beir.documentTexts(docIds), identity, docIds.size());
        }
        List<String> texts = new ArrayList<>();
        List<Integer> documentOf = new ArrayList<>();
        try (TextTokenizer tokenizer = new TextTokenizer(encoder.catalog().tokenizer(model), model.maxLength())) {
            TextChunker chunker = new TextChunker(tokenizer::countTokens, chunkTokens, chunkOverlap);
            for (int d = 0; d < docIds.size(); d++) {
                BeirDataset.Document doc = beir.corpus().get(docIds.get(d));
                List<String> windows = chunker.chunks(doc.text());
                if (windows.isEmpty()) {
                    texts.add(doc.joined());
                    documentOf.add(d);
                }
                for (String window : windows) {
                    texts.add(chunkPrefix == ChunkPrefix.title ? TextChunker.prefixed(doc.title(), window) : window);
                    documentOf.add(d);
                }
            }
        }
        return new CorpusTexts(texts, documentOf.stream().mapToInt(Integer::intValue).toArray(), docIds.size());
    }

    private void putChunks(Map<String, Object> report, CorpusTexts corpus) {
        if (chunkTokens != null) {
            Map<String, Object> chunks = new LinkedHashMap<>();
            chunks.put("max_tokens", chunkTokens);
            chunks.put("overlap_tokens", chunkOverlap);
            chunks.put("prefix", chunkPrefix.name());
            chunks.put("count", corpus.texts().size());
            chunks.put("per_document", Output.round(corpus.texts().size() / (double) corpus.documents()));
            report.put("chunks", chunks);
        }
    }

    private String chunksLine(CorpusTexts corpus) {
        return chunkTokens == null ? "" : String.format(" as %d chunks of at most %d tokens (overlap %d, prefix %s)",
            corpus.texts().size(), chunkTokens, chunkOverlap, chunkPrefix);
    }
}

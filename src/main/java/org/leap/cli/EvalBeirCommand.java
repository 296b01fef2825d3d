package org.leap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import org.leap.encoder.EncodeOptions;
import org.leap.encoder.Embedding;
import org.leap.encoder.ExitPolicy;
import org.leap.encoder.SentenceEncoder;
import org.leap.encoder.djl.DjlSimilarities;
import org.leap.eval.BeirDataset;
import org.leap.eval.DocumentSearch;
import org.leap.eval.ExitSweep;
import org.leap.model.ModelDescriptor;
import org.leap.text.TextChunker;
import org.leap.text.TextTokenizer;
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

    @Option(names = "--chunk-tokens", description = "split each document at sentence ends into windows of at most N tokens of the "
        + "document model's tokenizer, as the ingest processor's chunking does; a document scores by its best window")
    Integer chunkTokens;

    @Option(names = "--chunk-overlap", defaultValue = "0", description = "tokens of whole sentences that consecutive windows share "
        + "(default ${DEFAULT-VALUE})")
    int chunkOverlap;

    @Option(names = "--chunk-prefix", defaultValue = "none", description = "title: put the document's title before each window; "
        + "none (default)")
    ChunkPrefix chunkPrefix;

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
            double fullNdcg = corpus.search(fullDocs).ndcg(beir, queryIds, docIds, fullQueries);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.model().name());
            report.put("queries", queryIds.size());
            report.put("documents", docIds.size());
            putChunks(report, corpus);
            report.put("full_depth", Map.of("ndcg@10", Output.round(fullNdcg)));
            Map<String, Object> atPolicy = measure(beir, queryIds, docIds, queries, docs, corpus, fullDocs, policy);
            atPolicy.put("exit_policy", policy.calibrated() == null ? "global" : "calibrated");
            report.put("early_exit", atPolicy);
            report.put("query_exit", atPolicy.remove("query_exit"));
            List<Map<String, Object>> sweep = new ArrayList<>();
            for (double theta : thetas) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("theta", theta);
                m.putAll(measure(beir, queryIds, docIds, queries, docs, corpus, fullDocs, policy.withTheta(theta)));
                sweep.add(m);
            }
            report.put("thetas", sweep);
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
        double fullNdcg = docs.ndcg(beir, queryIds, docIds, queries.stream().map(Embedding::vector).toArray(float[][]::new));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.model().name());
        report.put("document_model", documentModelName);
        report.put("queries", queryIds.size());
        report.put("documents", docIds.size());
        putChunks(report, corpus);
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
            System.out.printf("queries %s, documents %s at full depth: %d queries, %d documents%s%nfull depth NDCG@10 %s%n",
                model.model().name(), documentModelName, queryIds.size(), docIds.size(), chunksLine(corpus), Output.f3(fullNdcg));
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
                                                 DocumentSearch fullDocs, ExitPolicy policy) {
        return queryExit(beir, queryIds, docIds, ExitSweep.exitVectors(queries, policy), ExitSweep.replay(queries, policy), fullDocs);
    }

    /** {@link #queryExit(BeirDataset, List, List, List, float[][], ExitPolicy)} from exit vectors and a replay already made. */
    private static Map<String, Object> queryExit(BeirDataset beir, List<String> queryIds, List<String> docIds, float[][] exitQueries,
                                                 ExitSweep querySweep, DocumentSearch fullDocs) {
        Map<String, Object> queryExit = new LinkedHashMap<>();
        queryExit.put("ndcg@10", Output.round(fullDocs.ndcg(beir, queryIds, docIds, exitQueries)));
        queryExit.put("query_layer_reduction", Output.round(querySweep.layerReduction()));
        return queryExit;
    }

    /**
     * NDCG@10 and exit figures of the early-exit vectors that {@code policy} picks from the traces: both sides exiting,
     * and under {@code query_exit} queries exiting against documents at full depth (documents embedded once at ingest
     * may afford all layers; queries are what a search waits for).
     */
    private static Map<String, Object> measure(BeirDataset beir, List<String> queryIds, List<String> docIds, List<Embedding> queries,
        List<Embedding> docs, CorpusTexts corpus, float[][] fullDocs, ExitPolicy policy) {
        float[][] exitQueries = ExitSweep.exitVectors(queries, policy);
        ExitSweep querySweep = ExitSweep.replay(queries, policy);
        ExitSweep docSweep = ExitSweep.replay(docs, policy);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ndcg@10", Output.round(corpus.search(ExitSweep.exitVectors(docs, policy)).ndcg(beir, queryIds, docIds, exitQueries)));
        m.put("query_exit_rate", Output.round(querySweep.exitRate()));
        m.put("query_layer_reduction", Output.round(querySweep.layerReduction()));
        m.put("document_exit_rate", Output.round(docSweep.exitRate()));
        m.put("document_layer_reduction", Output.round(docSweep.layerReduction()));
        m.put("query_exit", queryExit(beir, queryIds, docIds, exitQueries, querySweep, corpus.search(fullDocs)));
        return m;
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

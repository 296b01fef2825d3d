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
import org.leap.encoder.VectorMath;
import org.leap.encoder.djl.DjlSimilarities;
import org.leap.eval.BeirDataset;
import org.leap.eval.DocumentSearch;
import org.leap.eval.LinearHead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code leap exit-heads}: how much of the final embedding an early layer of an unchanged model holds in a form one
 * linear map can read out. Per layer, a ridge-regression head (pooled layer l → final layer) is fitted on traced
 * short texts and passages; on held-out texts it reports the cosine to the final vector with and without the head, and
 * on a BEIR set NDCG@10 with every query leaving at that layer (raw and through the head) against documents at full
 * depth. No training run: the measurement that decides whether exit heads are worth one.
 */
@Command(name = "exit-heads", mixinStandardHelpOptions = true, description = "Fit linear exit heads on a frozen model and measure them.")
final class ExitHeadsCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions encoder;

    @Option(names = "--sentences", required = true, description = "short texts to fit on: TSV with a text column or one a line, gzip or plain")
    Path sentences;

    @Option(names = "--passages", required = true, description = "passages to fit on, same formats")
    Path passages;

    @Option(names = "--max-sentences", defaultValue = "4000", description = "short texts used, the first (default ${DEFAULT-VALUE})")
    int maxSentences;

    @Option(names = "--max-passages", defaultValue = "1000", description = "passages used, the first (default ${DEFAULT-VALUE})")
    int maxPassages;

    @Option(names = "--layers", split = ",", defaultValue = "6,7,8", description = "layers to fit a head for (default ${DEFAULT-VALUE})")
    List<Integer> layers;

    @Option(names = "--lambda", defaultValue = "0.01", description = "ridge penalty (default ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--data", required = true, description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv")
    Path data;

    @Option(names = "--split", defaultValue = "train", description = "qrels split (default ${DEFAULT-VALUE})")
    String split;

    @Override
    public Integer call() {
        List<String> shortTexts = PassageFile.read(sentences);
        List<String> longTexts = PassageFile.read(passages);
        shortTexts = shortTexts.subList(0, Math.min(maxSentences, shortTexts.size()));
        longTexts = longTexts.subList(0, Math.min(maxPassages, longTexts.size()));
        BeirDataset beir = BeirDataset.read(data, split);
        List<String> docIds = beir.corpusIds();
        List<String> queryIds = new ArrayList<>(beir.queries().keySet());
        try (SentenceEncoder model = encoder.load()) {
            ExitPolicy policy = encoder.policy(model.model());
            int depth = model.model().layers();
            List<Embedding> fit = new ArrayList<>(model.encode(shortTexts, EncodeOptions.traced(policy)));
            fit.addAll(model.encode(longTexts, EncodeOptions.traced(policy).asPassage()));
            // every tenth text held out, short and long alike
            List<Embedding> train = new ArrayList<>();
            List<Embedding> heldOut = new ArrayList<>();
            for (int i = 0; i < fit.size(); i++) {
                (i % 10 == 9 ? heldOut : train).add(fit.get(i));
            }
            DocumentSearch docs = DocumentSearch.wholeDocuments(model.encode(beir.documentTexts(docIds), EncodeOptions.fullDepth(policy)
                .asPassage()).stream().map(Embedding::vector).toArray(float[][]::new), new DjlSimilarities());
            List<Embedding> queries = model.encode(queryIds.stream().map(beir.queries()::get).toList(), EncodeOptions.traced(policy));
            double full = docs.ndcg(beir, queryIds, docIds, queries.stream().map(Embedding::vector).toArray(float[][]::new));

            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", model.model().name());
            report.put("fit_texts", train.size());
            report.put("held_out_texts", heldOut.size());
            report.put("queries", queryIds.size());
            report.put("documents", docIds.size());
            report.put("full_depth_ndcg@10", Output.round(full));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int layer : layers) {
                if (layer < 1 || layer >= depth) {
                    throw new IllegalArgumentException("--layers must be in [1, " + (depth - 1) + "], got " + layer);
                }
                LinearHead head = LinearHead.fit(layerOf(train, layer), layerOf(train, depth), lambda);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("layer", layer);
                row.put("held_out_cos_raw", Output.round(meanCos(heldOut, layer, depth, null)));
                row.put("held_out_cos_head", Output.round(meanCos(heldOut, layer, depth, head)));
                row.put("query_cos_raw", Output.round(meanCos(queries, layer, depth, null)));
                row.put("query_cos_head", Output.round(meanCos(queries, layer, depth, head)));
                float[][] raw = layerOf(queries, layer);
                float[][] headed = new float[raw.length][];
                for (int q = 0; q < raw.length; q++) {
                    headed[q] = head.apply(raw[q]);
                }
                row.put("ndcg@10_raw", Output.round(docs.ndcg(beir, queryIds, docIds, raw)));
                row.put("ndcg@10_head", Output.round(docs.ndcg(beir, queryIds, docIds, headed)));
                rows.add(row);
            }
            report.put("layers", rows);
            if (encoder.json) {
                Output.printJson(report);
            } else {
                System.out.printf("model %s: heads fitted on %d texts (%d held out); %d queries, %d documents at full depth, NDCG@10 %s%n",
                    model.model().name(), train.size(), heldOut.size(), queryIds.size(), docIds.size(), Output.f3(full));
                System.out.println("layer  held-out cos raw/head  query cos raw/head  NDCG@10 queries at this layer raw/head");
                rows.forEach(r -> System.out.printf("%-5d  %s / %s          %s / %s       %s / %s%n", (Integer) r.get("layer"),
                    Output.f3((Double) r.get("held_out_cos_raw")), Output.f3((Double) r.get("held_out_cos_head")), Output.f3((Double) r.get(
                        "query_cos_raw")), Output.f3((Double) r.get("query_cos_head")), Output.f3((Double) r.get("ndcg@10_raw")),
                    Output.f3((Double) r.get("ndcg@10_head"))));
            }
        }
        return 0;
    }

    private static float[][] layerOf(List<Embedding> traced, int layer) {
        return traced.stream().map(e -> e.trace()[layer - 1]).toArray(float[][]::new);
    }

    /** Mean cosine of layer {@code layer} (through the head, when given) to the final layer. */
    private static double meanCos(List<Embedding> traced, int layer, int depth, LinearHead head) {
        double sum = 0;
        for (Embedding e : traced) {
            float[] v = e.trace()[layer - 1];
            sum += VectorMath.cosine(head == null ? v : head.apply(v), e.trace()[depth - 1]);
        }
        return sum / traced.size();
    }
}

package org.leap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dependency-free SVG chart of {@code leap eval beir --chart}: NDCG@10 against layer reduction over θ, one curve for
 * queries exiting against documents at full depth (x: the queries' reduction) and one for both sides exiting (x: the
 * documents' reduction, which dominates the cost of ingest; absent when another model embeds the documents), with the
 * model's full depth as a line. It is how a user
 * reads what each θ costs in quality under each use.
 */
final class ParetoChart {
    private static final int W = 640;
    private static final int H = 400;
    private static final int PAD = 56;
    private static final double X_LOW = 1.0;
    private static final double X_HIGH = 2.0;

    private ParetoChart() {}

    /** @param sweep the {@code thetas} rows of the report, each with its {@code query_exit} object */
    @SuppressWarnings("unchecked")
    static void write(Path file, String model, String data, double fullDepth, List<Map<String, Object>> sweep) {
        double top = Math.ceil(fullDepth * 10 + 0.5) / 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' "
            + "font-size='11'>%n<rect width='100%%' height='100%%' fill='white'/>%n", W, H));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14'>%s on %s: NDCG@10 against layer reduction over θ</text>%n",
            PAD, model, data));
        for (int i = 0; i <= 5; i++) {
            double v = top * i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/><text x='14' y='%.1f'>%.2f</text>%n",
                PAD, W - PAD, y(v, top), y(v, top), y(v, top) + 4, v));
        }
        for (int i = 0; i <= 5; i++) {
            double r = X_LOW + i * (X_HIGH - X_LOW) / 5;
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d'>%.1fx</text>%n", x(r) - 10, H - PAD + 16, r));
        }
        svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#555' stroke-dasharray='4 3'/>%n", PAD,
            W - PAD, y(fullDepth, top), y(fullDepth, top)));
        StringBuilder queryExit = new StringBuilder();
        StringBuilder bothExit = new StringBuilder();
        for (Map<String, Object> row : sweep) {
            Map<String, Object> q = (Map<String, Object>) row.get("query_exit");
            point(svg, queryExit, (Double) q.get("query_layer_reduction"), (Double) q.get("ndcg@10"), top, (Double) row.get("theta"), "#1f77b4");
            if (row.containsKey("document_layer_reduction")) {
                point(svg, bothExit, (Double) row.get("document_layer_reduction"), (Double) row.get("ndcg@10"), top,
                    (Double) row.get("theta"), "#d62728");
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='#1f77b4' stroke-width='2' points='%s'/>%n", queryExit));
        svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='#d62728' stroke-width='2' points='%s'/>%n", bothExit));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>blue: queries exit, documents at full depth (x: query layers); red: both "
            + "exit (x: document layers); dashed: full depth %.3f; labels: θ</text>%n</svg>%n", PAD, H - 14, fullDepth));
        try {
            Files.writeString(file, svg.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void point(StringBuilder svg, StringBuilder line, double reduction, double ndcg, double top, double theta, String colour) {
        line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(reduction), y(ndcg, top)));
        svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/><text x='%.1f' y='%.1f' fill='%s'>%.2f</text>%n",
            x(reduction), y(ndcg, top), colour, x(reduction) + 4, y(ndcg, top) - 4, colour, theta));
    }

    private static double x(double reduction) {
        double clamped = Math.max(X_LOW, Math.min(X_HIGH, reduction));
        return PAD + (W - 2.0 * PAD) * (clamped - X_LOW) / (X_HIGH - X_LOW);
    }

    private static double y(double v, double top) {
        return H - PAD - (H - 2.0 * PAD) * Math.max(0, Math.min(top, v)) / top;
    }
}

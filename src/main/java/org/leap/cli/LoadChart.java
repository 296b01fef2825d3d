package org.leap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A dependency-free SVG chart of {@code leap bench-node --load}: query latency p50 and p99 against offered load, with
 * degrading off and on. The latency axis is logarithmic: an overloaded queue takes latency up by orders of magnitude.
 */
final class LoadChart {
    private static final int W = 640;
    private static final int H = 360;
    private static final int PAD = 56;

    private LoadChart() {}

    /** @param rows per load: {offered q/s (0 for the unloaded one), off p50, off p99, on p50, on p99} */
    static void write(Path file, String model, double theta, List<double[]> rows) {
        double maxX = rows.stream().mapToDouble(r -> r[0]).max().orElse(1);
        double lo = Math.floor(Math.log10(Math.max(1, rows.stream().flatMapToDouble(r -> Arrays.stream(r, 1, 5)).filter(
            v -> v > 0).min().orElse(1))));
        double hi = Math.ceil(Math.log10(Math.max(10, rows.stream().flatMapToDouble(r -> Arrays.stream(r, 1, 5)).filter(
            v -> Double.isNaN(v) == false).max().orElse(10))));
        hi = Math.max(hi, lo + 1);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' "
            + "font-size='11'>%n<rect width='100%%' height='100%%' fill='white'/>%n", W, H));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14'>%s at θ %s: leap_neural latency vs offered load</text>%n",
            PAD, model, theta));
        for (double e = lo; e <= hi; e++) {
            double y = y(Math.pow(10, e), lo, hi);
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/><text x='6' y='%.1f'>%.0f ms</text>%n",
                PAD, W - PAD, y, y, y + 4, Math.pow(10, e)));
        }
        for (double[] r : rows) {
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>%n", x(r[0], maxX), H - PAD + 14,
                r[0] == 0 ? "unloaded" : String.format(Locale.ROOT, "%.1f", r[0])));
        }
        line(svg, rows, 1, maxX, lo, hi, "#d62728", "4 3");
        line(svg, rows, 2, maxX, lo, hi, "#d62728", "none");
        line(svg, rows, 3, maxX, lo, hi, "#1f77b4", "4 3");
        line(svg, rows, 4, maxX, lo, hi, "#1f77b4", "none");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>offered queries/s; red degrading off, blue on (shedding too, if set);"
            + " answered queries: solid p99, dashed p50</text>%n</svg>%n", PAD, H - 12));
        try {
            Files.writeString(file, svg.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void line(StringBuilder svg, List<double[]> rows, int column, double maxX, double lo, double hi, String colour,
        String dash) {
        StringBuilder points = new StringBuilder();
        for (double[] r : rows) {
            if (Double.isNaN(r[column]) == false && r[column] > 0) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(r[0], maxX), y(r[column], lo, hi)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' stroke-dasharray='%s' points='%s'/>%n",
            colour, dash, points));
    }

    private static double x(double qps, double maxX) {
        return PAD + (W - 2.0 * PAD) * qps / maxX;
    }

    private static double y(double millis, double lo, double hi) {
        return H - PAD - (H - 2.0 * PAD) * (Math.log10(millis) - lo) / (hi - lo);
    }
}

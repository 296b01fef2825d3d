package org.leap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.leap.eval.ExitSweep;
import org.leap.eval.LayerDiagnostics;

/** A dependency-free SVG line chart of the per-layer diagnostics, with the exit histogram at theta 0.95 as bars. */
final class LayerChart {
    private static final int W = 640;
    private static final int H = 360;
    private static final int PAD = 48;

    private LayerChart() {}

    static void write(Path file, String model, LayerDiagnostics d, List<ExitSweep> sweeps) {
        int layers = d.simToFinal().length;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>%n", W, H));
        svg.append("<rect width='100%' height='100%' fill='white'/>\n");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14'>%s: per-layer diagnostics</text>%n", PAD, model));
        for (int i = 0; i <= 4; i++) {
            double v = i / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/><text x='10' y='%.1f'>%.2f</text>%n",
                PAD, W - PAD, y(v), y(v), y(v) + 4, v));
        }
        for (int l = 1; l <= layers; l++) {
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle'>%d</text>%n", x(l, layers), H - PAD + 16, l));
        }
        ExitSweep at095 = sweeps.stream().filter(s -> Math.abs(s.theta() - 0.95) < 1e-9).findFirst().orElse(sweeps.get(0));
        int total = java.util.Arrays.stream(at095.histogram()).sum();
        for (int l = 1; l <= layers; l++) {
            double share = at095.histogram()[l - 1] / (double) total;
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='10' height='%.1f' fill='#cfe3f7'/>%n",
                x(l, layers) - 5, y(share), y(0) - y(share)));
        }
        line(svg, d.simToFinal(), layers, "#d62728", "sim to final");
        line(svg, d.stability(), layers, "#1f77b4", "stability");
        line(svg, d.nnOverlap(), layers, "#2ca02c", "NN@10 vs final");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='#6a9bd1'>bars: share exiting at each layer, theta=%.2f</text>%n",
            PAD, H - 8, at095.theta()));
        svg.append("</svg>\n");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, svg);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void line(StringBuilder svg, double[] values, int layers, String colour, String label) {
        StringBuilder points = new StringBuilder();
        for (int l = 1; l <= layers; l++) {
            if (Double.isNaN(values[l - 1]) == false) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(l, layers), y(values[l - 1])));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n", colour, points));
        int at = svg.toString().split("<polyline").length - 2;
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='%s'>%s</text>%n", W - PAD - 110, PAD + 14 * at, colour, label));
    }

    private static double x(int layer, int layers) {
        return PAD + (W - 2.0 * PAD) * (layer - 1) / Math.max(1, layers - 1);
    }

    private static double y(double v) {
        return H - PAD - (H - 2.0 * PAD) * Math.max(0, Math.min(1, v));
    }
}

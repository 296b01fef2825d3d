package org.leap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.leap.tuning.TunedSetting;

/** A dependency-free SVG chart of {@code leap tune}: θ and NN@10 (with its bound) over the decisions, and the target. */
final class TuneChart {
    private static final int W = 640;
    private static final int H = 360;
    private static final int PAD = 48;
    /** The value axis: NN@10 and θ both live in [0.5, 1] in practice. */
    private static final double LOW = 0.5;

    private TuneChart() {}

    static void write(Path file, String model, TunedSetting setting, double target, List<Map<String, Object>> rows) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' "
            + "font-size='11'>%n<rect width='100%%' height='100%%' fill='white'/>%n", W, H));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14'>%s: %s auto-tuning toward NN@10 %.2f</text>%n", PAD, model,
            setting.label(), target));
        for (int i = 0; i <= 5; i++) {
            double v = LOW + i * (1 - LOW) / 5;
            svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/><text x='10' y='%.1f'>%.2f</text>%n",
                PAD, W - PAD, y(v), y(v), y(v) + 4, v));
        }
        svg.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#c00' stroke-dasharray='4 3'/>%n", PAD,
            W - PAD, y(target), y(target)));
        line(svg, rows, "value", "#1f77b4");
        line(svg, rows, "nn10", "#2ca02c");
        line(svg, rows, "nn10_lower_bound", "#98df8a");
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>decision 1..%d; blue %s, green NN@10, light green its 95%% lower bound,"
            + " red the target</text>%n</svg>%n", PAD, H - 12, rows.size(), setting.label()));
        try {
            Files.writeString(file, svg.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void line(StringBuilder svg, List<Map<String, Object>> rows, String key, String colour) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            Object v = rows.get(i).get(key);
            if (v instanceof Double d && Double.isNaN(d) == false) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, rows.size()), y(d)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='2' points='%s'/>%n", colour, points));
    }

    private static double x(int i, int n) {
        return PAD + (W - 2.0 * PAD) * (n == 1 ? 0.5 : i / (double) (n - 1));
    }

    private static double y(double v) {
        return H - PAD - (H - 2.0 * PAD) * (Math.max(LOW, Math.min(1, v)) - LOW) / (1 - LOW);
    }
}

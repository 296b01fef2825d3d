package org.leap.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One layer's calibration on held-out text, kept so that a threshold can be derived for any target without the text:
 * for a stability s, the mean similarity to their own final layer of the held-out rows whose stability at this layer is
 * at least s. Only the points that decide some target are kept (the frontier: each keeps a higher mean than every point
 * of lower stability), no closer than {@link #GRAIN} in mean, so a layer holds a few hundred points at most. A target
 * between two kept means gets the higher one's stability: the curve errs toward later exits, never earlier.
 *
 * @param points by stability ascending, their means strictly ascending too
 */
public record ExitCurve(@JsonValue List<Point> points) {
    /** The finest difference in mean similarity between two kept points. */
    public static final double GRAIN = 0.0005;

    /**
     * A stability and the mean similarity to the final layer of the held-out rows at or above it, written as a pair.
     *
     * @param stability {@code cos(p_l, p_{l-k})}, in (0, 1]
     * @param meanToFinal mean {@code cos(p_l, p_L)} of the rows at or above that stability
     */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    public record Point(double stability, double meanToFinal) {}

    @JsonCreator
    public ExitCurve {
        points = List.copyOf(points);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            if ((p.stability() > 0 && p.stability() <= 1) == false) {
                throw new IllegalArgumentException("an exit curve's stabilities are in (0, 1], got " + p.stability());
            }
            if (i > 0 && (p.stability() <= points.get(i - 1).stability() || p.meanToFinal() <= points.get(i - 1).meanToFinal())) {
                throw new IllegalArgumentException("an exit curve's points ascend in stability and in mean, got " + points.get(i - 1)
                    + " then " + p);
            }
        }
    }

    /**
     * The curve of one layer's held-out rows.
     *
     * @param stabilitiesAsMeasured each row's stability at the layer
     * @param toFinal each row's similarity to its own final layer
     * @param minRows fewest rows a point may rest on
     */
    public static ExitCurve of(double[] stabilitiesAsMeasured, double[] toFinal, int minRows) {
        int n = stabilitiesAsMeasured.length;
        // a cosine may round a hair above 1; such rows are ties at 1
        double[] stabilities = Arrays.stream(stabilitiesAsMeasured).map(v -> Math.min(1, v)).toArray();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(stabilities[b], stabilities[a]));
        // running means over the rows at or above each stability, highest first
        double[] means = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += toFinal[order[i]];
            means[i] = sum / (i + 1);
        }
        // from the lowest stability up, keep each point whose mean clears every kept one by the grain
        List<Point> kept = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int i = n - 1; i >= minRows - 1; i--) {
            double s = stabilities[order[i]];
            boolean tieFollows = i + 1 < n && stabilities[order[i + 1]] == s;
            if (tieFollows || s <= 0 || means[i] < best + GRAIN) {
                continue;
            }
            kept.add(new Point(s, means[i]));
            best = means[i];
        }
        return new ExitCurve(kept);
    }

    /** The lowest stability whose rows keep a mean of at least {@code target}; NaN when none does. */
    public double threshold(double target) {
        for (Point p : points) {
            if (p.meanToFinal() >= target) {
                return p.stability();
            }
        }
        return Double.NaN;
    }
}

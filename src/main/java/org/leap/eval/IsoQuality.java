package org.leap.eval;

import java.util.List;
import java.util.Optional;

/**
 * The saving at the reference's quality: among the exit settings measured, the one that saves the most layers while
 * ranking at least {@link #SHARE} of the reference's NDCG@10 (the public model at full depth, the model a user would run
 * otherwise). The first question a user of semantic search asks of early exit, as one number.
 */
public final class IsoQuality {
    /** The share of the reference's NDCG@10 that counts as the same quality. */
    public static final double SHARE = 0.99;

    /**
     * One exit setting as measured.
     *
     * @param setting what was set, e.g. {@code theta=0.95} or {@code calibrated=0.98}, or {@code full_depth}
     * @param layerReduction the layers saved, as full depth over the mean exit layer
     */
    public record Point(String setting, double ndcg, double layerReduction) {}

    private IsoQuality() {}

    /** The point of largest layer reduction (the higher NDCG@10 among ties) at or above the share of the reference, if any. */
    public static Optional<Point> best(double referenceNdcg, List<Point> points) {
        Point best = null;
        for (Point p : points) {
            if (p.ndcg() < SHARE * referenceNdcg) {
                continue;
            }
            if (best == null || p.layerReduction() > best.layerReduction()
                || p.layerReduction() == best.layerReduction() && p.ndcg() > best.ndcg()) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }
}

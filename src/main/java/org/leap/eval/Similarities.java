package org.leap.eval;

/** Computes all pairwise dot products between two sets of unit vectors, row-major {@code [a.length * b.length]}. */
@FunctionalInterface
public interface Similarities {
    float[] between(float[][] a, float[][] b);

    /** Plain Java, for small sets and tests. */
    static Similarities plain() {
        return (a, b) -> {
            float[] out = new float[a.length * b.length];
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < b.length; j++) {
                    float s = 0;
                    for (int h = 0; h < a[i].length; h++) {
                        s += a[i][h] * b[j][h];
                    }
                    out[i * b.length + j] = s;
                }
            }
            return out;
        };
    }
}

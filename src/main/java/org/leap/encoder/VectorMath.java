package org.leap.encoder;

/** Dense float vector arithmetic for embeddings: small, allocation-free where it can be. */
public final class VectorMath {
    private VectorMath() {}

    public static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    public static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Cosine similarity; 0 when either vector is all zeros. */
    public static double cosine(float[] a, float[] b) {
        double na = norm(a);
        double nb = norm(b);
        return na == 0 || nb == 0 ? 0 : dot(a, b) / (na * nb);
    }

    /** A new unit-length copy; an all-zero vector stays zero. */
    public static float[] normalized(float[] a) {
        double n = norm(a);
        float[] out = new float[a.length];
        if (n > 0) {
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) (a[i] / n);
            }
        }
        return out;
    }
}

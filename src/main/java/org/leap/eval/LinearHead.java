package org.leap.eval;

/**
 * A linear map (with bias) from one layer's pooled, L2-normalised vectors to the final layer's, fitted by ridge
 * regression: {@code W = (XᵀX + λI)⁻¹ XᵀY}. It measures how much of the final embedding an early layer already holds
 * in a form one matrix can read out: the question behind giving each exit layer its own head.
 *
 * @param weights {@code [in + 1][out]}, the last row the bias
 */
public record LinearHead(double[][] weights) {

    /**
     * @param x inputs, one row each (normalised inside)
     * @param y targets, one row each (normalised inside)
     * @param lambda the ridge penalty, on the weights, not the bias
     */
    public static LinearHead fit(float[][] x, float[][] y, double lambda) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("need as many targets as inputs, and some: " + x.length + " and " + y.length);
        }
        int in = x[0].length + 1;
        int out = y[0].length;
        double[][] a = new double[in][in];
        double[][] b = new double[in][out];
        double[] row = new double[in];
        double[] target = new double[out + 1];
        for (int n = 0; n < x.length; n++) {
            double[] xr = augmented(x[n], row);
            // the normalised target; its last entry, the bias input, is not read
            double[] yr = augmented(y[n], target);
            for (int i = 0; i < in; i++) {
                double xi = xr[i];
                if (xi == 0) {
                    continue;
                }
                for (int j = i; j < in; j++) {
                    a[i][j] += xi * xr[j];
                }
                for (int j = 0; j < out; j++) {
                    b[i][j] += xi * yr[j];
                }
            }
        }
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i];
            }
            if (i < in - 1) {
                a[i][i] += lambda;
            }
        }
        return new LinearHead(solve(a, b));
    }

    /** The head's output for one pooled vector (normalised first), not normalised. */
    public float[] apply(float[] vector) {
        double[] xr = augmented(vector, new double[weights.length]);
        int out = weights[0].length;
        float[] result = new float[out];
        for (int j = 0; j < out; j++) {
            double sum = 0;
            for (int i = 0; i < xr.length; i++) {
                sum += xr[i] * weights[i][j];
            }
            result[j] = (float) sum;
        }
        return result;
    }

    private static double[] augmented(float[] v, double[] into) {
        double norm = 0;
        for (float f : v) {
            norm += (double) f * f;
        }
        norm = Math.sqrt(Math.max(norm, 1e-24));
        for (int i = 0; i < v.length; i++) {
            into[i] = v[i] / norm;
        }
        into[v.length] = 1;
        return into;
    }

    /** Solves {@code a x = b} for a symmetric positive definite {@code a} by Cholesky. */
    private static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (sum <= 0) {
                        throw new IllegalArgumentException("the normal equations are not positive definite; raise lambda");
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        int m = b[0].length;
        double[][] x = new double[n][m];
        for (int c = 0; c < m; c++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                double sum = b[i][c];
                for (int k = 0; k < i; k++) {
                    sum -= l[i][k] * z[k];
                }
                z[i] = sum / l[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double sum = z[i];
                for (int k = i + 1; k < n; k++) {
                    sum -= l[k][i] * x[k][c];
                }
                x[i][c] = sum / l[i][i];
            }
        }
        return x;
    }
}

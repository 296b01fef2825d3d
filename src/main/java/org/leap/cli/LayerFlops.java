package org.leap.cli;

import java.util.List;

/**
 * Floating-point operations of one BERT layer, two per multiply-add. The four linears (fused QKV H→3H, attention
 * output H→H, feed-forward H→4H and 4H→H) cost 2·n·(3H² + H² + 2·H·4H) for n tokens; attention (QKᵀ, then the
 * weighted sum of V) costs 4·n²·H. Softmax, GELU, layer norm and pooling are left out: they are small and not matrix
 * products. The count is of useful work: padding a row to its batch's longest is not counted.
 *
 * @param hidden H, the model's hidden width
 */
record LayerFlops(int hidden) {
    /** One of a layer's linears: {@code [tokens, in] x [in, out]}. */
    record Linear(String name, int in, int out) {
        double flops(long tokens) {
            return 2.0 * tokens * in * out;
        }
    }

    LayerFlops {
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden width must be at least 1, got " + hidden);
        }
    }

    List<Linear> linears() {
        return List.of(new Linear("qkv", hidden, 3 * hidden), new Linear("attention_out", hidden, hidden),
            new Linear("ffn_in", hidden, 4 * hidden), new Linear("ffn_out", 4 * hidden, hidden));
    }

    double linearFlops(long tokens) {
        return linears().stream().mapToDouble(l -> l.flops(tokens)).sum();
    }

    /** FLOPs of one layer on a text of {@code tokens} tokens. */
    double perLayer(int tokens) {
        return linearFlops(tokens) + 4.0 * tokens * tokens * hidden;
    }
}

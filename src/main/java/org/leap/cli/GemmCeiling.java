package org.leap.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

import org.leap.encoder.DeviceRequest;
import org.leap.encoder.djl.DjlEngine;
import org.leap.encoder.engine.EncoderEngine;

/**
 * The speed the layer's own matrix products reach here: its four linears on random arrays of {@code [tokens, H]}
 * (and {@code [tokens, 4H]}), on the engine, device and threads the benchmarked encoder uses (ONNX Runtime's MatMul +
 * Add, or libtorch's linear through DJL). Nearly all of a layer's FLOPs are these products, so a variant's GFLOP/s as
 * a share of this ceiling says how much of the machine the rest of an encode (tokenizing, attention, exit checks,
 * batch surgery, Java between layers) leaves unused. One pass is timed per benchmark round, next to the variants.
 *
 * <p>A pass repeats each linear until the four together do {@value #MIN_PASS_FLOPS} FLOPs: at batch 1 of a short
 * sentence one product is well under a millisecond, and a single call per round would time the scheduler, not the GEMM.
 */
final class GemmCeiling implements AutoCloseable {
    /** GFLOP/s of the four linears together and of each, at {@code tokens} rows. */
    record Result(long tokens, double gflopsPerSecond, Map<String, Double> byLinear) {}

    private static final double MIN_PASS_FLOPS = 1e9;

    private final long tokens;
    private final List<LayerFlops.Linear> linears;
    private final List<Runnable> products;
    private final AutoCloseable operands;
    private final int repeats;
    private final long[] nanos;
    private int passes;

    private GemmCeiling(long tokens, List<LayerFlops.Linear> linears, List<Runnable> products, AutoCloseable operands, int repeats) {
        this.tokens = tokens;
        this.linears = linears;
        this.products = products;
        this.operands = operands;
        this.repeats = repeats;
        this.nanos = new long[linears.size()];
    }

    /** Allocates the operands of a layer of width {@code hidden} at {@code tokens} rows on the engine. */
    static GemmCeiling of(EncoderEngine engine, DeviceRequest device, int threads, long tokens, int hidden) {
        LayerFlops layer = new LayerFlops(hidden);
        List<LayerFlops.Linear> linears = layer.linears();
        int repeats = (int) Math.max(1, Math.ceil(MIN_PASS_FLOPS / layer.linearFlops(tokens)));
        return engine == EncoderEngine.ONNXRUNTIME
            ? onnxRuntime(linears, tokens, threads, repeats)
            : libtorch(linears, tokens, DjlEngine.device(DjlEngine.choose(device)), repeats);
    }

    private static GemmCeiling libtorch(List<LayerFlops.Linear> linears, long tokens, Device device, int repeats) {
        NDManager manager = NDManager.newBaseManager(device, DjlEngine.pytorch().getEngineName());
        List<Runnable> products = new ArrayList<>();
        for (LayerFlops.Linear l : linears) {
            NDArray x = manager.randomNormal(new Shape(tokens, l.in()));
            NDArray w = manager.randomNormal(new Shape(l.out(), l.in()));
            NDArray b = manager.randomNormal(new Shape(l.out()));
            products.add(() -> {
                try (NDArray product = Linear.linear(x, w, b).singletonOrThrow()) {
                    // on a GPU products are asynchronous; reading one value waits for them
                    product.getFloat(0, 0);
                }
            });
        }
        return new GemmCeiling(tokens, linears, products, manager, repeats);
    }

    private static GemmCeiling onnxRuntime(List<LayerFlops.Linear> linears, long tokens, int threads, int repeats) {
        OnnxLinears sessions = OnnxLinears.of(linears, tokens, threads);
        List<Runnable> products = new ArrayList<>();
        for (int i = 0; i < linears.size(); i++) {
            int index = i;
            products.add(() -> sessions.run(index));
        }
        return new GemmCeiling(tokens, linears, products, sessions, repeats);
    }

    /** Runs each linear {@code repeats} times; a warm-up pass ({@code timed} false) is not counted. */
    void pass(boolean timed) {
        for (int i = 0; i < products.size(); i++) {
            long start = System.nanoTime();
            for (int r = 0; r < repeats; r++) {
                products.get(i).run();
            }
            if (timed) {
                nanos[i] += System.nanoTime() - start;
            }
        }
        if (timed) {
            passes++;
        }
    }

    Result result() {
        if (passes == 0) {
            throw new IllegalStateException("no timed pass");
        }
        Map<String, Double> byLinear = new LinkedHashMap<>();
        double flops = 0;
        long total = 0;
        for (int i = 0; i < linears.size(); i++) {
            double linearFlops = linears.get(i).flops(tokens) * repeats * passes;
            byLinear.put(linears.get(i).name(), linearFlops / nanos[i]);
            flops += linearFlops;
            total += nanos[i];
        }
        return new Result(tokens, flops / total, byLinear);
    }

    @Override
    public void close() {
        try {
            operands.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot free the ceiling's operands: " + e.getMessage(), e);
        }
    }
}

package org.leap.cli;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import org.leap.encoder.onnx.LayerSessionOptions;
import org.leap.model.onnx.OnnxGraphWriter;

/**
 * A layer's linears as one-node-pair ONNX graphs ({@code MatMul} + {@code Add}, as the encoder's layer graphs have
 * them) on ONNX Runtime with the encoder's session options, each with a random input of {@code tokens} rows: the GEMM
 * ceiling of the onnxruntime engine.
 */
final class OnnxLinears implements AutoCloseable {
    private final List<OrtSession> sessions;
    private final List<OnnxTensor> inputs;

    private OnnxLinears(List<OrtSession> sessions, List<OnnxTensor> inputs) {
        this.sessions = sessions;
        this.inputs = inputs;
    }

    static OnnxLinears of(List<LayerFlops.Linear> linears, long tokens, int threads) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Random random = new Random(7);
        List<OrtSession> sessions = new ArrayList<>();
        List<OnnxTensor> inputs = new ArrayList<>();
        try (OrtSession.SessionOptions options = LayerSessionOptions.create(threads)) {
            for (LayerFlops.Linear l : linears) {
                OnnxGraphWriter g = new OnnxGraphWriter().floatInput("x", "rows", Integer.toString(l.in()))
                    .floatOutput("y", "rows", Integer.toString(l.out()));
                g.floats("w", new long[] { l.in(), l.out() }, randoms(random, l.in() * l.out()));
                g.floats("b", new long[] { l.out() }, randoms(random, l.out()));
                g.node("MatMul", new String[] { "x", "w" }, "xw");
                g.node("Add", new String[] { "xw", "b" }, "y");
                sessions.add(environment.createSession(g.model("linear-" + l.name(), 17), options));
                inputs.add(OnnxTensor.createTensor(environment, FloatBuffer.wrap(randoms(random, (int) (tokens * l.in()))),
                    new long[] { tokens, l.in() }));
            }
            return new OnnxLinears(sessions, inputs);
        } catch (OrtException e) {
            new OnnxLinears(sessions, inputs).close();
            throw new IllegalStateException("ONNX Runtime cannot build the GEMM ceiling: " + e.getMessage(), e);
        }
    }

    void run(int index) {
        try (OrtSession.Result ignored = sessions.get(index).run(Map.of("x", inputs.get(index)))) {
            // the product is computed by run(); the result only has to be freed
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the GEMM ceiling: " + e.getMessage(), e);
        }
    }

    private static float[] randoms(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    @Override
    public void close() {
        inputs.forEach(OnnxTensor::close);
        for (OrtSession session : sessions) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

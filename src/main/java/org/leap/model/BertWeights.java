package org.leap.model;

import java.util.HashMap;
import java.util.Map;

import org.leap.model.onnx.OnnxModelFile;
import org.leap.model.onnx.OnnxNode;

/**
 * The weights of a BERT encoder under their Hugging Face names, with every linear weight in PyTorch's
 * {@code [out, in]} layout. Engines build their parameters from this, whatever file the weights came from.
 */
public final class BertWeights {
    private final Map<String, Tensor> tensors;

    public BertWeights(Map<String, Tensor> tensors) {
        this.tensors = Map.copyOf(tensors);
    }

    /**
     * Maps an ONNX export's initializers to Hugging Face names. The exporter renamed every linear weight to
     * {@code onnx::MatMul_NNN} and stored it transposed ({@code [in, out]}); the MatMul node that consumes it still
     * carries the module path, e.g. {@code /encoder/layer.0/attention/self/query/MatMul}.
     */
    public static BertWeights fromOnnx(OnnxModelFile file) {
        Map<String, Tensor> byName = new HashMap<>();
        Map<String, Tensor> initializers = file.initializers();
        for (OnnxNode node : file.nodes()) {
            if (node.opType().equals("MatMul") == false || node.inputs().size() != 2) {
                continue;
            }
            Tensor weight = initializers.get(node.inputs().get(1));
            if (weight == null || weight.shape().length != 2) {
                continue;
            }
            String module = node.name().replaceFirst("^/", "").replaceFirst("/MatMul$", "").replace('/', '.');
            byName.put(module + ".weight", transpose(weight, module + ".weight"));
        }
        for (Tensor tensor : initializers.values()) {
            if (tensor.name().startsWith("onnx::") == false) {
                byName.put(tensor.name(), tensor);
            }
        }
        return new BertWeights(byName);
    }

    public Tensor get(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("weight [" + name + "] is missing from the model file");
        }
        return tensor;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public Map<String, Tensor> all() {
        return tensors;
    }

    static Tensor transpose(Tensor t, String name) {
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        float[] out = new float[t.data().length];
        float[] in = t.data();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = in[r * cols + c];
            }
        }
        return new Tensor(name, new long[] { cols, rows }, out);
    }
}

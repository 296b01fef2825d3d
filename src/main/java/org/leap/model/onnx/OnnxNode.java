package org.leap.model.onnx;

import java.util.List;

/** One operator of an ONNX graph: only what is needed to map renamed weights back to their layer. */
public record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}

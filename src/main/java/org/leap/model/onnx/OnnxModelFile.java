package org.leap.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.leap.model.Tensor;

/**
 * The nodes and float initializers of an ONNX model, read straight from the protobuf bytes.
 *
 * <p>Field numbers (onnx.proto): ModelProto.graph = 7; GraphProto.node = 1, initializer = 5; NodeProto.input = 1,
 * output = 2, name = 3, op_type = 4; TensorProto.dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9.
 */
public final class OnnxModelFile {
    private static final int FLOAT = 1;

    private final List<OnnxNode> nodes;
    private final Map<String, Tensor> initializers;

    private OnnxModelFile(List<OnnxNode> nodes, Map<String, Tensor> initializers) {
        this.nodes = nodes;
        this.initializers = initializers;
    }

    public static OnnxModelFile parse(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ProtoReader model = new ProtoReader(buffer, 0, bytes.length);
        while (model.next()) {
            if (model.field() == 7 && model.wireType() == ProtoReader.LENGTH_DELIMITED) {
                int[] graph = model.readRange();
                return parseGraph(buffer, graph[0], graph[1]);
            }
            model.skip();
        }
        throw new IllegalArgumentException("not an ONNX model: no graph (field 7) found in " + bytes.length + " bytes");
    }

    private static OnnxModelFile parseGraph(ByteBuffer buffer, int start, int end) {
        List<OnnxNode> nodes = new ArrayList<>();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        ProtoReader graph = new ProtoReader(buffer, start, end);
        while (graph.next()) {
            if (graph.field() == 1 && graph.wireType() == ProtoReader.LENGTH_DELIMITED) {
                int[] range = graph.readRange();
                nodes.add(parseNode(buffer, range[0], range[1]));
            } else if (graph.field() == 5 && graph.wireType() == ProtoReader.LENGTH_DELIMITED) {
                int[] range = graph.readRange();
                Tensor tensor = parseTensor(buffer, range[0], range[1]);
                if (tensor != null) {
                    initializers.put(tensor.name(), tensor);
                }
            } else {
                graph.skip();
            }
        }
        return new OnnxModelFile(List.copyOf(nodes), initializers);
    }

    private static OnnxNode parseNode(ByteBuffer buffer, int start, int end) {
        ProtoReader node = new ProtoReader(buffer, start, end);
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = "";
        while (node.next()) {
            switch (node.field()) {
                case 1 -> inputs.add(node.readString());
                case 2 -> outputs.add(node.readString());
                case 3 -> name = node.readString();
                case 4 -> opType = node.readString();
                default -> node.skip();
            }
        }
        return new OnnxNode(name, opType, inputs, outputs);
    }

    /** Returns null for non-float tensors (int64 shape constants and the like), which the encoder does not need. */
    private static Tensor parseTensor(ByteBuffer buffer, int start, int end) {
        ProtoReader tensor = new ProtoReader(buffer, start, end);
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        int[] raw = null;
        List<int[]> floatRanges = new ArrayList<>();
        List<Float> unpackedFloats = new ArrayList<>();
        while (tensor.next()) {
            switch (tensor.field()) {
                case 1 -> {
                    if (tensor.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        int[] range = tensor.readRange();
                        ProtoReader packed = new ProtoReader(buffer, range[0], range[1]);
                        while (packed.source().position() < range[1]) {
                            dims.add(packed.readVarint());
                        }
                    } else {
                        dims.add(tensor.readVarint());
                    }
                }
                case 2 -> dataType = (int) tensor.readVarint();
                case 4 -> {
                    if (tensor.wireType() == ProtoReader.LENGTH_DELIMITED) {
                        floatRanges.add(tensor.readRange());
                    } else {
                        unpackedFloats.add(tensor.source().getFloat());
                    }
                }
                case 8 -> name = tensor.readString();
                case 9 -> raw = tensor.readRange();
                default -> tensor.skip();
            }
        }
        if (dataType != FLOAT) {
            return null;
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        float[] data;
        if (raw != null) {
            data = new float[(raw[1] - raw[0]) / Float.BYTES];
            buffer.slice(raw[0], raw[1] - raw[0]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            int count = unpackedFloats.size();
            for (int[] range : floatRanges) {
                count += (range[1] - range[0]) / Float.BYTES;
            }
            data = new float[count];
            int at = 0;
            for (int[] range : floatRanges) {
                int n = (range[1] - range[0]) / Float.BYTES;
                buffer.slice(range[0], range[1] - range[0]).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data, at, n);
                at += n;
            }
            for (Float f : unpackedFloats) {
                data[at++] = f;
            }
        }
        return new Tensor(name, shape, data);
    }

    public List<OnnxNode> nodes() {
        return nodes;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }
}

package org.leap.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a small ONNX model (one graph, default domain) as protobuf bytes that ONNX Runtime loads. The encoder builds
 * its per-layer graphs with it from weights held in memory, so any model the catalog loads, trained ones included,
 * runs on ONNX Runtime without an export step.
 *
 * <p>Field numbers (onnx.proto): ModelProto ir_version 1, graph 7, opset_import 8; GraphProto node 1, name 2,
 * initializer 5, input 11, output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute 5; AttributeProto name
 * 1, f 2, i 3, ints 8, type 20; TensorProto dims 1, data_type 2, name 8, raw_data 9; ValueInfoProto name 1, type 2.
 */
public final class OnnxGraphWriter {
    private static final int IR_VERSION = 8;
    private static final int ELEM_FLOAT = 1;
    private static final int ELEM_INT64 = 7;
    private static final int ATTR_FLOAT = 1;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final ByteArrayOutputStream graph = new ByteArrayOutputStream();
    private int nodes;

    /** Adds a node; attributes are given as name/value pairs of Float, Long or long[]. */
    public OnnxGraphWriter node(String opType, String[] inputs, String output, Object... attributes) {
        Proto node = new Proto();
        for (String input : inputs) {
            node.string(1, input);
        }
        node.string(2, output);
        node.string(3, opType + "_" + nodes++);
        node.string(4, opType);
        for (int i = 0; i < attributes.length; i += 2) {
            node.message(5, attribute((String) attributes[i], attributes[i + 1]));
        }
        graph.writeBytes(new Proto().message(1, node).bytes());
        return this;
    }

    public OnnxGraphWriter floats(String name, long[] shape, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(name, shape, ELEM_FLOAT, raw.array());
    }

    public OnnxGraphWriter longs(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(name, new long[] { values.length }, ELEM_INT64, raw.array());
    }

    /** A float graph input; a null dimension is symbolic (batch, sequence). */
    public OnnxGraphWriter floatInput(String name, String... dims) {
        return valueInfo(11, name, ELEM_FLOAT, dims);
    }

    public OnnxGraphWriter longInput(String name, String... dims) {
        return valueInfo(11, name, ELEM_INT64, dims);
    }

    public OnnxGraphWriter floatOutput(String name, String... dims) {
        return valueInfo(12, name, ELEM_FLOAT, dims);
    }

    /** The whole model at the given opset of the default domain. */
    public byte[] model(String name, int opset) {
        Proto g = new Proto();
        g.string(2, name);
        g.raw(graph.toByteArray());
        return new Proto().varint(1, IR_VERSION).message(7, g).message(8, new Proto().string(1, "").varint(2, opset)).bytes();
    }

    private OnnxGraphWriter initializer(String name, long[] shape, int type, byte[] raw) {
        Proto tensor = new Proto();
        for (long d : shape) {
            tensor.varint(1, d);
        }
        tensor.varint(2, type).string(8, name).bytes(9, raw);
        graph.writeBytes(new Proto().message(5, tensor).bytes());
        return this;
    }

    private OnnxGraphWriter valueInfo(int field, String name, int elemType, String[] dims) {
        Proto shape = new Proto();
        for (String dim : dims) {
            Proto d = new Proto();
            if (dim.chars().allMatch(Character::isDigit)) {
                d.varint(1, Long.parseLong(dim));
            } else {
                d.string(2, dim);
            }
            shape.message(1, d);
        }
        Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
        Proto info = new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
        graph.writeBytes(new Proto().message(field, info).bytes());
        return this;
    }

    private static Proto attribute(String name, Object value) {
        Proto a = new Proto().string(1, name);
        if (value instanceof Float f) {
            a.fixed32(2, Float.floatToIntBits(f)).varint(20, ATTR_FLOAT);
        } else if (value instanceof Long l) {
            a.varint(3, l).varint(20, ATTR_INT);
        } else if (value instanceof long[] ints) {
            for (long i : ints) {
                a.varint(8, i);
            }
            a.varint(20, ATTR_INTS);
        } else {
            throw new IllegalArgumentException("attribute [" + name + "] must be a Float, Long or long[], got " + value);
        }
        return a;
    }

    /** One protobuf message under construction. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Proto fixed32(int field, int value) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto message) {
            return bytes(field, message.bytes());
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto raw(byte[] encodedFields) {
            out.writeBytes(encodedFields);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        private void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}

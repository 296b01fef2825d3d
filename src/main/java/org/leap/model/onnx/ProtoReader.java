package org.leap.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the protobuf wire format field by field. ONNX files are plain protobuf; the few messages this project needs
 * (model, graph, node, tensor) do not justify a protobuf runtime and generated classes.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buffer;
    private final int end;
    private int tag;

    ProtoReader(ByteBuffer buffer, int start, int end) {
        this.buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.buffer.position(start);
        this.end = end;
    }

    /** Advances to the next field; false at the end of the message. */
    boolean next() {
        if (buffer.position() >= end) {
            return false;
        }
        tag = (int) readVarint();
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buffer.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalStateException("malformed varint at byte " + buffer.position());
    }

    /** Returns the [start, end) range of a length-delimited field and skips over it. */
    int[] readRange() {
        int length = (int) readVarint();
        int start = buffer.position();
        if (length < 0 || start + length > end) {
            throw new IllegalStateException("field length " + length + " runs past the message end at byte " + start);
        }
        buffer.position(start + length);
        return new int[] { start, start + length };
    }

    String readString() {
        int[] range = readRange();
        byte[] bytes = new byte[range[1] - range[0]];
        buffer.get(range[0], bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    void skip() {
        switch (wireType()) {
            case VARINT -> readVarint();
            case FIXED64 -> buffer.position(buffer.position() + 8);
            case LENGTH_DELIMITED -> readRange();
            case FIXED32 -> buffer.position(buffer.position() + 4);
            default -> throw new IllegalStateException("unsupported wire type " + wireType() + " at byte " + buffer.position());
        }
    }

    ByteBuffer source() {
        return buffer;
    }
}

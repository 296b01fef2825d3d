package org.leap.model;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A flat file of named float tensors with a few string metadata entries, stored as fp32 or fp16. It carries trained
 * models (fp16 halves the size; the weights lose nothing that matters for embeddings) and training checkpoints (fp32,
 * so a resumed run continues exactly). No ONNX graph is needed to load a BERT encoder: the network is built in code.
 *
 * <p>Layout, little-endian: magic {@code LEAPTNSR}, int version, int metadata entries, each as two strings (int length
 * + UTF-8); int tensor count, each as a string name, byte dtype (1 = fp32, 2 = fp16), byte rank, long dims, the
 * values; finally the CRC32 of every byte before it as a long. The checksum lets a reader tell a complete file from
 * one cut short by a crash.
 */
public final class TensorFile {
    private static final byte[] MAGIC = "LEAPTNSR".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int CHUNK = 1 << 16;

    /** How the values are stored. */
    public enum Precision {
        FP32((byte) 1, 4),
        FP16((byte) 2, 2);

        private final byte code;
        private final int bytes;

        Precision(byte code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static Precision of(byte code) {
            for (Precision p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown tensor dtype code " + code);
        }
    }

    /** What a file holds: metadata in insertion order and the tensors in file order. */
    public record Contents(Map<String, String> metadata, List<Tensor> tensors) {
        public Contents {
            metadata = Map.copyOf(metadata);
            tensors = List.copyOf(tensors);
        }

        public Map<String, Tensor> byName() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Tensor t : tensors) {
                if (out.put(t.name(), t) != null) {
                    throw new IllegalArgumentException("tensor [" + t.name() + "] appears twice");
                }
            }
            return out;
        }
    }

    private TensorFile() {}

    /**
     * Writes atomically: into a temporary file next to {@code target}, flushed to disk, then renamed over it. A crash
     * leaves either the old file or the new one, never half of one.
     */
    public static void write(Path target, Map<String, String> metadata, List<Tensor> tensors, Precision precision) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            readableByAll(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                write(Channels.newOutputStream(channel), metadata, tensors, precision);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tensor file " + target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed and that failure is being thrown
                }
            }
        }
    }

    /** Temporary files are created owner-only; a model file must be readable by the service that loads it. */
    public static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its default permissions apply
        }
    }

    static void write(OutputStream sink, Map<String, String> metadata, List<Tensor> tensors, Precision precision)
        throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(sink, CHUNK), crc));
        out.write(MAGIC);
        writeInt(out, VERSION);
        writeInt(out, metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        writeInt(out, tensors.size());
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
            writeString(out, t.name());
            out.writeByte(precision.code);
            out.writeByte(t.shape().length);
            for (long d : t.shape()) {
                writeLong(out, d);
            }
            float[] data = t.data();
            for (float v : data) {
                if (precision == Precision.FP16) {
                    short half = Float.floatToFloat16(v);
                    if (Float.isFinite(v) && Float.isFinite(Float.float16ToFloat(half)) == false) {
                        throw new IllegalArgumentException("tensor [" + t.name() + "] holds " + v + ", beyond fp16's range");
                    }
                    buffer.putShort(half);
                } else {
                    buffer.putFloat(v);
                }
                if (buffer.remaining() < 4) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
            }
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        out.flush();
        long checksum = crc.getValue();
        ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(checksum);
        sink.write(tail.array());
        sink.flush();
    }

    public static Contents read(Path file) {
        try {
            return read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor file " + file, e);
        }
    }

    /**
     * Parses a whole file.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException when the file is not a tensor file, or is truncated or corrupt
     */
    public static Contents read(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length + 8 || Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC) == false) {
            throw new IllegalArgumentException(source + " is not a LEAP tensor file");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long stored = in.getLong(bytes.length - 8);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (crc.getValue() != stored) {
            throw new IllegalArgumentException(source + " is truncated or corrupt (checksum mismatch)");
        }
        in.limit(bytes.length - 8);
        in.position(MAGIC.length);
        int version = in.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(source + " has tensor file version " + version + "; this build reads " + VERSION);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        int entries = in.getInt();
        for (int i = 0; i < entries; i++) {
            metadata.put(readString(in), readString(in));
        }
        int count = in.getInt();
        List<Tensor> tensors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = readString(in);
            Precision precision = Precision.of(in.get());
            long[] shape = new long[in.get()];
            long size = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.getLong();
                size *= shape[d];
            }
            if (size < 0 || size * precision.bytes > in.remaining()) {
                throw new IllegalArgumentException(source + ": tensor [" + name + "] of shape " + Arrays.toString(shape)
                    + " runs past the end of the file");
            }
            float[] data = new float[(int) size];
            if (precision == Precision.FP16) {
                for (int j = 0; j < data.length; j++) {
                    data[j] = Float.float16ToFloat(in.getShort());
                }
            } else {
                in.asFloatBuffer().get(data);
                in.position(in.position() + data.length * 4);
            }
            tensors.add(new Tensor(name, shape, data));
        }
        return new Contents(metadata, tensors);
    }

    private static void writeInt(DataOutputStream out, int v) throws IOException {
        out.writeInt(Integer.reverseBytes(v));
    }

    private static void writeLong(DataOutputStream out, long v) throws IOException {
        out.writeLong(Long.reverseBytes(v));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, utf8.length);
        out.write(utf8);
    }

    private static String readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("corrupt string length " + length);
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}

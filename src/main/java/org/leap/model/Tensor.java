package org.leap.model;

import java.util.Arrays;

/** A named float tensor held on the Java heap, row-major: the exchange format between weight files and engines. */
public record Tensor(String name, long[] shape, float[] data) {
    public Tensor {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException(
                "tensor [" + name + "] has shape " + Arrays.toString(shape) + " but " + data.length + " values");
        }
    }

    public Tensor renamed(String newName) {
        return new Tensor(newName, shape, data);
    }
}

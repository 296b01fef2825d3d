/**
 * A minimal reader and writer of ONNX protobuf: the reader recovers a BERT's weights from an export; the writer builds
 * the small graphs the ONNX Runtime encoder runs, from weights in memory.
 */
package org.leap.model.onnx;

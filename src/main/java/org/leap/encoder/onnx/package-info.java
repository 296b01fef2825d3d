/**
 * ONNX Runtime engines: the early-exit encoder that runs each layer as its own graph ({@link
 * org.leap.encoder.onnx.OnnxLayerEncoder}, the default for inference on CPU), and the exported model run whole at full
 * depth ({@link org.leap.encoder.onnx.OnnxRuntimeEncoder}), the parity reference and the baseline of the benchmarks.
 */
package org.leap.encoder.onnx;

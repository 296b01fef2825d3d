/** ONNX Runtime running the original graph at full depth: the parity reference and speed baseline. */
package org.leap.encoder.onnx;

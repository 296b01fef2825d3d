/** A minimal reader of ONNX protobuf files: nodes and float initializers, enough to recover a BERT's weights. */
package org.leap.model.onnx;

/**
 * Choosing an engine for the early-exit encoder: ONNX Runtime layer by layer (inference on CPU) or PyTorch through DJL
 * (training, GPU). Callers name an engine and get a {@link org.leap.encoder.SentenceEncoder}; nothing else in the CLI
 * or the plugin knows which classes implement them.
 */
package org.leap.encoder.engine;

/** The layer-by-layer BERT encoder on DJL's PyTorch engine, shared by inference and training. */
package org.leap.encoder.djl;

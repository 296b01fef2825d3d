/**
 * LEAP training: distils a frozen teacher into a student BERT whose middle layers already carry the final embedding,
 * so that early exit at those layers loses little quality.
 *
 * <p>{@link org.leap.training.Trainer} is the entry point: a {@link org.leap.training.TrainingConfig} read from JSON
 * goes in, a {@link org.leap.training.TrainingResult} and a model folder that {@link org.leap.model.ModelCatalog} loads
 * by name come out. {@link org.leap.training.LeapLoss} holds the loss terms; the student runs through the same
 * {@link org.leap.encoder.djl.BertNetwork} functions as inference, so training and serving compute one model.
 * {@link org.leap.training.AdamW} is written out on NDArrays because its moments and step count must go into
 * checkpoints, which DJL's optimizer does not expose.
 *
 * <p>Memory discipline (see the DJL notes): every step runs under its own NDManager, each layer under a scratch
 * manager, and every gradient handle is closed; otherwise temporaries attach to the long-lived parameter manager.
 */
package org.leap.training;

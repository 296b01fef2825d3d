/**
 * LEAP training: distils a frozen teacher into a student BERT whose middle layers already carry the final embedding,
 * so that early exit at those layers loses little quality.
 *
 * <p>{@link org.leap.training.Trainer#train} is the entry point: a {@link org.leap.training.TrainingConfig} read from
 * JSON goes in, a {@link org.leap.training.TrainingResult} and a model folder that {@link org.leap.model.ModelCatalog}
 * loads by name come out. Running the same config again resumes from its newest checkpoint; creating the stop file
 * ({@code <output_dir>/STOP} by default) ends a session cleanly. A config looks like this (paths relative to it; a
 * data file is a path, one sentence a line, or a TSV column, either plain or gzip):
 *
 * <pre>{@code
 * {
 *   "teacher": "bge-small-en-v1.5", "student_init": "bge-small-en-v1.5", "model_name": "bge-small-leap",
 *   "output_dir": "runs/bge-small-leap",
 *   "data": [{"path": "../shared/data/distill/senteval_sentences.tsv", "column": "text"},
 *            {"path": "../shared/data/passages/passages.tsv.gz", "column": "text"}],
 *   "eval": "samples/stsb-dev-300-sentences.txt",
 *   "steps": 3000, "batch_size": 32, "token_budget": 4096, "lr": 1e-4, "warmup": 30, "max_tokens": 256,
 *   "checkpoint_every": 200,
 *   "loss": {"alpha": 0, "direct": 1, "direct_layer_weights": {"7": 3, "8": 1}, "stop_grad_final_target": true,
 *            "exit_contrast": 0.3, "exit_contrast_layer": 7}
 * }
 * }</pre>
 *
 * <p>Long text: texts over {@code max_tokens} (at most the models' 512) are cut and counted per file in the log's
 * {@code data} record; a TSV row that is not one (empty line, wrong field count, no text) fails naming file and line.
 * With {@code token_budget}, {@link org.leap.training.BatchSchedule} caps rows x longest row per step, so a batch of
 * passages gets fewer rows than one of sentences ({@code batch_size} is then the most rows, and at least 2); without
 * it every step has {@code batch_size} rows, as before.
 *
 * <p>When the loss reads only the teacher's final layer (α = 0), {@code TeacherCache} keeps each
 * text's teacher vector after its first forward, and saves new ones to {@code <output_dir>/teacher-cache/} with every
 * checkpoint, so later epochs and resumed sessions skip the teacher. Its key names the teacher, the sha256 of its
 * weights and tokenizer, its prefix and {@code max_tokens}; a cache made under another key is refused.
 *
 * <p>Retrieval: an optional {@code retrieval} object ({@link org.leap.training.RetrievalTerms}) adds the terms of
 * {@link org.leap.training.RetrievalLoss}: each step draws one sentence of each long batch text as its pseudo-query
 * ({@code PseudoQueries}) and trains the queries' exit layers and ranking over the batch's passages against the
 * teacher's, and a calibration term keeps the exit test from firing on layers far from their final vector.
 *
 * <p>{@link org.leap.training.LeapLoss} holds the loss terms; the student runs through the same
 * {@link org.leap.encoder.djl.BertNetwork} functions as inference, so training and serving compute one model.
 * {@link org.leap.training.AdamW} is written out on NDArrays because its moments and step count must go into
 * checkpoints, which DJL's optimizer does not expose.
 *
 * <p>DJL traps this package works around: every step runs under its own NDManager, each layer under a scratch
 * manager, and every gradient handle is closed (temporaries otherwise attach to the long-lived parameter manager);
 * code that autograd records never uses DJL's {@code Number} overloads such as {@code mul(float)}, whose scalar
 * tensors borrow Java memory that the garbage collector frees before backward reads it; and gradients are reset with
 * {@code zero_()}, since multiplying by 0 keeps a NaN.
 */
package org.leap.training;

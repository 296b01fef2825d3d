/** Evaluation data readers and metrics: STS Spearman, BEIR NDCG@10, NN@k overlap, per-layer diagnostics. */
package org.leap.eval;

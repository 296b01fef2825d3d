package org.leap.training;

import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.leap.encoder.djl.BertNetwork;

/**
 * The retrieval part of a training step: draws the step's pseudo-queries, embeds them with the teacher (no gradient)
 * and the student (inside the step's gradient scope), and computes the {@link RetrievalLoss} against the batch.
 */
final class RetrievalStep implements AutoCloseable {
    private final PseudoQueries queries;
    private final RetrievalLoss loss;

    RetrievalStep(PseudoQueries queries, RetrievalLoss loss) {
        this.queries = queries;
        this.loss = loss;
    }

    /**
     * @param rows the batch's corpus rows
     * @param batch the student's pooled layers of the batch, part of the step's graph
     * @param passages the teacher's final embeddings of the batch
     */
    RetrievalLoss.Value compute(int[] rows, long step, List<NDArray> batch, NDArray passages, BertNetwork student,
                                Teacher teacher, NDManager manager) {
        PseudoQueries.Drawn drawn = queries.draw(rows, step);
        if (drawn == null) {
            return loss.compute(batch, passages, null, null);
        }
        NDArray targets = teacher.embedFinal(drawn.teacher(), manager);
        int[] all = IntStream.range(0, drawn.sources().length).toArray();
        List<NDArray> pooled = PooledForward.run(student, drawn.student(), all, manager);
        return loss.compute(batch, passages, pooled, targets);
    }

    @Override
    public void close() {
        queries.close();
    }
}

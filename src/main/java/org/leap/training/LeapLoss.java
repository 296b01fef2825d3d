package org.leap.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * The LEAP training loss on per-layer mean-pooled embeddings. It pulls the student's final layer onto the teacher's,
 * its middle layers onto the final embedding (the exit margin, the direct term) so that early exit keeps quality, and
 * keeps the in-batch similarity structure of the teacher.
 *
 * <p>Inputs are un-normalised pooled embeddings {@code [B, H]}: the student's for layers 1..Ls (list index l-1) and the
 * teacher's ({@link TeacherEmbeddings}). Cosines are taken on L2-normalised rows and averaged over the batch. When the
 * widths differ, student embeddings are mapped into the teacher's space by a learned {@code [Hs, Ht]} projection
 * wherever they meet a teacher embedding; student-to-student terms stay in the student's space.
 *
 * <p>Each term is a public method so that tests can check it alone. Terms with weight 0 are not computed.
 */
public final class LeapLoss {
    private static final float NORM_EPS = 1e-12f;
    private static final float SQRT_EPS = 1e-6f;
    private static final float DISTANCE_EPS = 1e-12f;
    /** Added to the diagonal of a similarity matrix (after the temperature); exp() of it is exactly 0 in fp32. */
    private static final float MASKED_LOGIT = -1e4f;

    private final LeapLossConfig config;
    private final int studentLayers;
    private final int teacherLayers;

    /**
     * @param studentLayers Ls, the student's depth
     * @param teacherLayers Lt, the teacher's depth
     */
    public LeapLoss(LeapLossConfig config, int studentLayers, int teacherLayers) {
        this.config = config.checkedFor(studentLayers);
        this.studentLayers = studentLayers;
        if (teacherLayers < 1) {
            throw new IllegalArgumentException("the teacher needs at least 1 layer, got " + teacherLayers);
        }
        this.teacherLayers = teacherLayers;
    }

    public LeapLossConfig config() {
        return config;
    }

    /** The total loss and every computed term, unweighted, for logging. */
    public record Value(NDArray total, Map<String, Float> terms) {}

    /**
     * Computes the weighted total.
     *
     * @param student pooled embeddings of layers 1..Ls
     * @param teacher the teacher's pooled embeddings, computed without gradient
     * @param progress fraction of training done, in [0, 1]; ramps the student-target exit part in
     * @param projection the learned {@code [Hs, Ht]} width projection, or null when the widths are equal
     */
    public Value compute(List<NDArray> student, TeacherEmbeddings teacher, double progress, NDArray projection) {
        if (student.size() != studentLayers) {
            throw new IllegalArgumentException("expected " + studentLayers + " student layers, got " + student.size());
        }
        if (config.needsTeacherLayers() && teacher.layers().size() != teacherLayers) {
            throw new IllegalArgumentException("L_inter needs all " + teacherLayers + " teacher layers, got " + teacher.layers().size());
        }
        Map<String, Float> terms = new LinkedHashMap<>();
        NDArray sFinal = student.get(studentLayers - 1);
        NDArray tFinal = teacher.finalLayer();
        NDArray sFinalT = toTeacherSpace(sFinal, projection);
        Total total = new Total(terms);
        total.add("final", config.finalWeight(), finalTerm(sFinalT, tFinal));
        if (config.alpha() > 0) {
            total.add("inter", config.alpha(), inter(student, teacher.layers(), projection));
        }
        if (config.beta() > 0) {
            NDArray teacherExit = exitMargin(student.subList(0, studentLayers - 1), tFinal, projection);
            NDArray studentExit = exitMargin(student.subList(0, studentLayers - 1), sFinal.stopGradient(), null);
            double weight = config.studentExitWeight() * ramp(progress);
            terms.put("exit_t", teacherExit.getFloat());
            terms.put("exit_s", studentExit.getFloat());
            total.add("exit", config.beta(), teacherExit.add(studentExit.mul(constant(studentExit, weight))));
        }
        if (config.delta() > 0) {
            total.add("contrast", config.delta(), contrast(sFinal, tFinal));
        }
        if (config.epsilon() > 0) {
            total.add("late", config.epsilon(), late(student));
        }
        if (config.gamma() > 0) {
            total.add("redund", config.gamma(), redundancy(student));
        }
        if (config.direct() > 0) {
            total.add("direct", config.direct(), direct(student, tFinal, projection));
        }
        if (config.exitContrast() > 0) {
            total.add("exit_contrast", config.exitContrast(), contrast(student.get(config.exitContrastLayer() - 1), tFinal));
        }
        if (config.finalFollow() > 0) {
            total.add("follow", config.finalFollow(), follow(student));
        }
        try (NDArray cos = cosine(sFinalT, tFinal).mean()) {
            terms.put("cos_final", cos.getFloat());
        }
        terms.put("loss", total.sum.getFloat());
        Map<String, Float> ordered = new LinkedHashMap<>();
        ordered.put("loss", terms.remove("loss"));
        ordered.putAll(terms);
        return new Value(total.sum, ordered);
    }

    private static final class Total {
        private final Map<String, Float> terms;
        private NDArray sum;

        Total(Map<String, Float> terms) {
            this.terms = terms;
        }

        void add(String name, double weight, NDArray term) {
            terms.put(name, term.getFloat());
            if (weight == 0) {
                return;
            }
            NDArray weighted = term.mul(constant(term, weight));
            sum = sum == null ? weighted : sum.add(weighted);
        }
    }

    /** L_final = 1 - cos(s_L, t_L). */
    public NDArray finalTerm(NDArray studentFinal, NDArray teacherFinal) {
        return oneMinusCos(studentFinal, teacherFinal);
    }

    /**
     * L_inter: mean over the intermediate student layers 1..Ls-1 of 1 - cos(s_l, t_pi(l)). The final layer is
     * L_final's.
     */
    public NDArray inter(List<NDArray> student, List<NDArray> teacherLayersPooled, NDArray projection) {
        NDArray sum = null;
        for (int l = 1; l < studentLayers; l++) {
            NDArray term = oneMinusCos(toTeacherSpace(student.get(l - 1), projection), teacherLayersPooled.get(teacherLayer(l) - 1));
            sum = sum == null ? term : sum.add(term);
        }
        return sum.div(constant(sum, studentLayers - 1));
    }

    /** pi(l): the teacher layer (1-based) that student layer l is compared with in L_inter. */
    public int teacherLayer(int studentLayer) {
        if (config.interMap().equals(LeapLossConfig.FINAL) && config.lateLayers().contains(studentLayer)) {
            return teacherLayers;
        }
        long mapped = Math.round(studentLayer * (double) teacherLayers / studentLayers);
        return (int) Math.max(1, Math.min(teacherLayers, mapped));
    }

    /**
     * One part of L_exit: the exit-weighted mean over exit layers of sigmoid(k (tau - cos(s_l, target))). With the
     * teacher's final as target it is L_exit^t; with the student's own final, gradient stopped, it is L_exit^s.
     *
     * @param exitLayers pooled student layers 1..Ls-1
     * @param projection applied to the student layers, or null (always null for the student target)
     */
    public NDArray exitMargin(List<NDArray> exitLayers, NDArray target, NDArray projection) {
        NDArray sum = null;
        double weights = 0;
        for (int l = 1; l <= exitLayers.size(); l++) {
            double w = config.exitLayerWeight(l);
            if (w == 0) {
                continue;
            }
            NDArray cos = cosine(toTeacherSpace(exitLayers.get(l - 1), projection), target);
            NDArray margin = Activation.sigmoid(cos.neg().add(constant(cos, config.tau())).mul(constant(cos, config.exitSharpness())))
                .mean();
            NDArray weighted = margin.mul(constant(margin, w));
            sum = sum == null ? weighted : sum.add(weighted);
            weights += w;
        }
        return sum.div(constant(sum, weights));
    }

    /** Weight of the student-target exit part at this point of training: 0 before the ramp, linear, then 1. */
    public double ramp(double progress) {
        double start = config.studentExitRampStart();
        double end = config.studentExitRampEnd();
        return Math.max(0, Math.min(1, (progress - start) / (end - start)));
    }

    /**
     * L_contrast = KL(softmax(S_s / tc) || softmax(S_t / tc)), per row of the in-batch cosine similarity matrices with
     * the diagonal masked out, averaged over rows. Widths need not match: each matrix stays in its own space. A batch
     * of one has no pairs and gives 0.
     */
    public NDArray contrast(NDArray student, NDArray teacher) {
        long batch = student.getShape().get(0);
        if (batch < 2) {
            return student.getManager().zeros(new Shape());
        }
        NDArray diagonal = student.getManager().eye((int) batch).mul(constant(student, MASKED_LOGIT));
        NDArray scale = constant(student, 1.0 / config.contrastTemperature());
        NDArray logStudent = similarities(student).mul(scale).add(diagonal).logSoftmax(-1);
        NDArray logTeacher = similarities(teacher).mul(scale).add(diagonal).logSoftmax(-1);
        return logStudent.exp().mul(logStudent.sub(logTeacher)).sum(new int[] { 1 }).mean();
    }

    /**
     * L_late = mean over late layers of sqrt(1 - cos(s_l, s_L) + eps); the eps keeps the gradient finite where the
     * layers already agree. With {@code stop_grad_final_target} s_L is only a target.
     */
    public NDArray late(List<NDArray> student) {
        NDArray target = student.get(studentLayers - 1);
        if (config.stopGradFinalTarget()) {
            target = target.stopGradient();
        }
        NDArray sum = null;
        for (int l : config.lateLayers()) {
            NDArray cos = cosine(student.get(l - 1), target);
            NDArray distance = cos.neg().add(constant(cos, 1)).maximum(constant(cos, 0)).add(constant(cos, SQRT_EPS)).sqrt().mean();
            sum = sum == null ? distance : sum.add(distance);
        }
        return sum.div(constant(sum, config.lateLayers().size()));
    }

    /**
     * L_redund = -mean over l = 1..L-1 of min(||e_{l+1} - e_l||, clamp), e normalised: adjacent layers that are copies
     * of each other are pushed apart, up to the clamp.
     */
    public NDArray redundancy(List<NDArray> student) {
        NDArray sum = null;
        for (int l = 1; l < studentLayers; l++) {
            NDArray difference = normalize(student.get(l)).sub(normalize(student.get(l - 1)));
            NDArray distance = difference.square().sum(new int[] { -1 }).add(constant(difference, DISTANCE_EPS)).sqrt()
                .minimum(constant(difference, config.redundancyClamp())).mean();
            sum = sum == null ? distance : sum.add(distance);
        }
        return sum.div(constant(sum, studentLayers - 1)).neg();
    }

    /**
     * L_follow = 1 - cos(s_L, sg(s_e)): pulls the final layer toward the exit layer e and never the other way, so the
     * exit layer keeps learning from the teacher alone while full depth stops drifting from what an exit returns.
     */
    public NDArray follow(List<NDArray> student) {
        return oneMinusCos(student.get(studentLayers - 1), student.get(config.finalFollowLayer() - 1).stopGradient());
    }

    /** L_direct = sum over the direct layers of w_l (1 - cos(s_l, t_L)): not a mean, the weights set the scale. */
    public NDArray direct(List<NDArray> student, NDArray teacherFinal, NDArray projection) {
        NDArray sum = null;
        for (Map.Entry<Integer, Double> e : config.directLayerWeights().entrySet()) {
            NDArray term = oneMinusCos(toTeacherSpace(student.get(e.getKey() - 1), projection), teacherFinal)
                .mul(constant(teacherFinal, e.getValue()));
            sum = sum == null ? term : sum.add(term);
        }
        return sum;
    }

    static NDArray oneMinusCos(NDArray a, NDArray b) {
        NDArray cos = cosine(a, b).mean();
        return cos.neg().add(constant(cos, 1));
    }

    /** Row-wise cosine of two {@code [B, H]} arrays: {@code [B]}. */
    static NDArray cosine(NDArray a, NDArray b) {
        return normalize(a).mul(normalize(b)).sum(new int[] { -1 });
    }

    static NDArray normalize(NDArray x) {
        return x.div(x.square().sum(new int[] { -1 }, true).add(constant(x, NORM_EPS)).sqrt());
    }

    /**
     * A scalar for arithmetic that autograd records. DJL's {@code mul(float)} and friends wrap the number in a tensor
     * over a Java direct buffer and close it at once; autograd keeps that tensor for the backward pass, and once the
     * garbage collector frees the buffer the gradients read freed memory (NaN a few dozen steps into a real run). A
     * tensor made by {@code full} owns native memory, which autograd's reference keeps alive.
     */
    static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value);
    }

    private static NDArray similarities(NDArray x) {
        NDArray n = normalize(x);
        return n.matMul(n.transpose());
    }

    private static NDArray toTeacherSpace(NDArray student, NDArray projection) {
        return projection == null ? student : student.matMul(projection);
    }
}

package org.leap.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.leap.model.Tensor;

/**
 * AdamW (Loshchilov and Hutter, decoupled weight decay; the update of PyTorch's {@code torch.optim.AdamW}) written
 * out on NDArrays. DJL's {@code Optimizer.adamW()} keeps its moments and its update counter private, so a checkpoint
 * could not hold them and a resumed run would restart its bias correction and warm-up; here they are plain state that
 * {@link #state()} exports and {@link #restore} puts back.
 *
 * <p>Per step, with g the clipped gradient: {@code p -= lr*wd*p} (matrices only, as is usual for BERT: biases,
 * LayerNorm and single rows are not decayed); {@code m = b1 m + (1-b1) g}; {@code v = b2 v + (1-b2) g^2};
 * {@code p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}. The gradients are zeroed afterwards, since PyTorch
 * accumulates them across backward calls.
 */
public final class AdamW implements AutoCloseable {
    /** The optimizer's constants. */
    public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
        public Settings {
            if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || epsilon <= 0 || weightDecay < 0) {
                throw new IllegalArgumentException("invalid AdamW settings: " + beta1 + ", " + beta2 + ", " + epsilon + ", " + weightDecay);
            }
        }
    }

    private final Settings settings;
    private final Map<String, NDArray> parameters;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private int steps;

    /**
     * @param parameters the trainable parameters by stable name; each must require gradient
     * @param parent the moments live in a sub-manager of this, closed with the optimizer
     */
    public AdamW(Settings settings, Map<String, NDArray> parameters, NDManager parent) {
        this.settings = settings;
        this.parameters = new LinkedHashMap<>(parameters);
        this.manager = parent.newSubManager();
        for (Map.Entry<String, NDArray> e : this.parameters.entrySet()) {
            firstMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
            secondMoments.put(e.getKey(), manager.zeros(e.getValue().getShape()));
        }
    }

    /** Updates taken so far; the bias correction's t. */
    public int steps() {
        return steps;
    }

    /**
     * Applies one update from the parameters' gradients, then zeroes them.
     *
     * @param lr learning rate of this step
     * @param gradientScale factor on every gradient (global-norm clipping), 1 for none
     */
    public void step(double lr, double gradientScale) {
        steps++;
        float b1 = (float) settings.beta1();
        float b2 = (float) settings.beta2();
        float correction1 = (float) (1 - Math.pow(settings.beta1(), steps));
        float correction2 = (float) (1 - Math.pow(settings.beta2(), steps));
        float decay = (float) (1 - lr * settings.weightDecay());
        try (Autograd.Paused ignored = Autograd.paused()) {
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                NDArray p = e.getValue();
                NDArray m = firstMoments.get(e.getKey());
                NDArray v = secondMoments.get(e.getKey());
                // Results attach to their first operand's manager: the gradient handle and every temporary go to a
                // scratch manager, the moments are lent to it and taken back, the parameter is only changed in place.
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray g = p.getGradient();
                    g.attach(scratch);
                    m.attach(scratch);
                    v.attach(scratch);
                    NDArray scaled = g.mul((float) gradientScale);
                    m.muli(b1).addi(scaled.mul(1 - b1));
                    v.muli(b2).addi(scaled.square().muli(1 - b2));
                    NDArray update = m.div(correction1).divi(v.div(correction2).sqrt().addi((float) settings.epsilon()));
                    if (decay != 1f && p.getShape().dimension() >= 2) {
                        p.muli(decay);
                    }
                    p.subi(update.muli((float) lr));
                    m.attach(manager);
                    v.attach(manager);
                }
                Autograd.zeroGradient(p);
            }
        }
    }

    /** Zeroes the gradients without an update: for a step whose gradient norm was not finite (NaN is cleared too). */
    public void skip() {
        try (Autograd.Paused ignored = Autograd.paused()) {
            for (NDArray p : parameters.values()) {
                Autograd.zeroGradient(p);
            }
        }
    }

    /** The moments as tensors named {@code adam.m/<param>} and {@code adam.v/<param>}. */
    public List<Tensor> state() {
        List<Tensor> out = new ArrayList<>();
        firstMoments.forEach((name, m) -> out.add(new Tensor("adam.m/" + name, m.getShape().getShape(), m.toFloatArray())));
        secondMoments.forEach((name, v) -> out.add(new Tensor("adam.v/" + name, v.getShape().getShape(), v.toFloatArray())));
        return out;
    }

    /** Puts back the moments and step count of {@link #state()}; every parameter's moments must be present. */
    public void restore(Map<String, Tensor> state, int restoredSteps) {
        for (String name : parameters.keySet()) {
            copyInto(firstMoments.get(name), state.get("adam.m/" + name), "adam.m/" + name);
            copyInto(secondMoments.get(name), state.get("adam.v/" + name), "adam.v/" + name);
        }
        this.steps = restoredSteps;
    }

    static void copyInto(NDArray target, Tensor source, String name) {
        if (source == null) {
            throw new IllegalArgumentException("checkpoint lacks [" + name + "]");
        }
        if (java.util.Arrays.equals(target.getShape().getShape(), source.shape()) == false) {
            throw new IllegalArgumentException("checkpoint [" + name + "] has shape " + java.util.Arrays.toString(source.shape())
                + " but the model expects " + target.getShape());
        }
        try (Autograd.Paused ignored = Autograd.paused()) {
            target.set(java.nio.FloatBuffer.wrap(source.data()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}

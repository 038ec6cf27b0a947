package io.lenet5.train;

import io.lenet5.model.LeNet5;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Gradients of the loss with respect to LeNet-5's weights.
 *
 * <p>TensorFlow's autodiff does all of it but one kernel. The second convolution's gradient with
 * respect to its input (6 channels from 16) is the most expensive op of a step, and oneDNN runs it
 * about twice as fast in NCHW as in NHWC; the forward pass and every other gradient are faster in
 * NHWC (measured in BENCHMARKS.md). So the graph is differentiated in two parts: down to that
 * layer's output, then that layer by hand with its input gradient in NCHW between two transposes,
 * then on from its input. NCHW convolutions need oneDNN on the CPU; without it (or {@code nchw}
 * false) this is plain autodiff.
 */
final class Backprop {
  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);
  private static final int CONV2_KERNEL = 2;
  private static final int CONV2_BIAS = 3;
  private static final int FIRST_DENSE = 4;

  private Backprop() {}

  /**
   * Builds the gradients, in {@link LeNet5#WEIGHTS} order.
   *
   * @param nchw differentiate the second convolution's input in NCHW (needs oneDNN on the CPU)
   */
  static List<Operand<TFloat32>> gradients(
      Ops tf,
      Operand<TFloat32> loss,
      LeNet5.Forward forward,
      List<? extends Operand<TFloat32>> weights,
      boolean nchw) {
    if (!nchw) {
      return floats(tf.gradients(loss, weights));
    }
    List<Operand<?>> top = new ArrayList<>();
    top.add(forward.conv2Output());
    top.addAll(weights.subList(FIRST_DENSE, weights.size()));
    List<Operand<TFloat32>> topGradients = floats(tf.gradients(loss, top));
    Operand<TFloat32> outputGradient = topGradients.get(0);

    Ops conv2 = tf.withSubScope("conv2d_1_grad");
    Operand<TFloat32> input = forward.conv2Input();
    Operand<TFloat32> kernel = weights.get(CONV2_KERNEL);
    Operand<TFloat32> kernelGradient =
        conv2.nn.conv2dBackpropFilter(
            input, conv2.shape(kernel), outputGradient, UNIT_STRIDES, "VALID");
    Operand<TFloat32> biasGradient = conv2.nn.biasAddGrad(outputGradient);
    Operand<TInt32> toNchw = conv2.constant(new int[] {0, 3, 1, 2});
    Operand<TFloat32> inputGradientNchw =
        conv2.nn.conv2dBackpropInput(
            conv2.gather(conv2.shape(input), toNchw, conv2.constant(0)),
            kernel,
            conv2.linalg.transpose(outputGradient, toNchw),
            UNIT_STRIDES,
            "VALID",
            Conv2dBackpropInput.dataFormat("NCHW"));
    Operand<TFloat32> inputGradient =
        conv2.linalg.transpose(inputGradientNchw, conv2.constant(new int[] {0, 2, 3, 1}));

    List<Operand<TFloat32>> bottom =
        floats(
            tf.gradients(
                input, weights.subList(0, CONV2_KERNEL), Gradients.dx(List.of(inputGradient))));
    List<Operand<TFloat32>> all = new ArrayList<>(bottom);
    all.add(kernelGradient);
    all.add(biasGradient);
    all.addAll(topGradients.subList(1, topGradients.size()));
    return all;
  }

  /**
   * Whether TensorFlow's oneDNN kernels are on, as the native library decides it: on unless {@code
   * TF_ENABLE_ONEDNN_OPTS} is 0 or false (the default of TensorFlow's x86 Linux builds).
   */
  static boolean oneDnnEnabled() {
    String value = System.getenv("TF_ENABLE_ONEDNN_OPTS");
    return value == null || !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  @SuppressWarnings("unchecked")
  private static List<Operand<TFloat32>> floats(Gradients gradients) {
    List<Operand<TFloat32>> list = new ArrayList<>();
    gradients.forEach(g -> list.add((Operand<TFloat32>) g));
    return list;
  }
}

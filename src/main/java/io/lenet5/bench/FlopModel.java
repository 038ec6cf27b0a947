package io.lenet5.bench;

import io.lenet5.model.Layer;
import io.lenet5.model.LeNet5;
import java.util.Locale;

/**
 * How many floating-point operations LeNet-5 costs per image, counting a multiply-add as two, from
 * its layer table. Only convolutions and dense layers count: bias adds, activations, pooling and
 * the loss add well under 1%.
 */
public final class FlopModel {
  /** One forward pass of the strict LeNet-5: 833,040 (~0.83 MFLOP). */
  public static final long FORWARD = forward(LeNet5.STRICT);

  /**
   * One training image: forward plus a backward pass counted as twice the forward (gradients of
   * activations and of weights), ~2.5 MFLOP. This is the usual convention; it overstates the work
   * slightly, since the first layer's input gradient is never computed (2.27 MFLOP done).
   */
  public static final long TRAINING = 3 * FORWARD;

  /** The model in words, for reports. */
  public static final String DESCRIPTION =
      String.format(
          Locale.ROOT,
          "FLOP model: forward %.3f MFLOP/image (conv+dense multiply-adds x2), training = 3 x"
              + " forward = %.2f MFLOP/image",
          FORWARD / 1e6,
          TRAINING / 1e6);

  private FlopModel() {}

  /** One forward pass of {@code net}, from its layer table. */
  public static long forward(LeNet5 net) {
    long flops = 0;
    for (int i = 0; i < net.layers().size(); i++) {
      Layer layer = net.layers().get(i);
      int[] in = net.inputShape(i);
      int[] out = layer.outputShape(in);
      if (layer instanceof Layer.Conv c) {
        flops += 2L * out[0] * out[1] * out[2] * c.window() * c.window() * in[2];
      } else if (layer instanceof Layer.Dense d) {
        flops += 2L * in[0] * d.units();
      }
    }
    return flops;
  }
}

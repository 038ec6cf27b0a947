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
  /**
   * One training image: forward plus a backward pass counted as twice the forward (gradients of
   * activations and of weights), ~2.5 MFLOP for the strict LeNet-5. This is the usual convention;
   * it overstates the work slightly, since the first layer's input gradient is never computed.
   */
  public static long training(LeNet5 net) {
    return 3 * forward(net);
  }

  /** The model in words, for reports. */
  public static String describe(LeNet5 net) {
    return String.format(
        Locale.ROOT,
        "FLOP model: forward %.3f MFLOP/image (conv+dense multiply-adds x2), training = 3 x"
            + " forward = %.2f MFLOP/image",
        forward(net) / 1e6,
        training(net) / 1e6);
  }

  private FlopModel() {}

  /** One forward pass of {@code net}, from its layer table: 833,040 for the strict LeNet-5. */
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

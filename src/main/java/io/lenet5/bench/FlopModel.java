package io.lenet5.bench;

/**
 * How many floating-point operations LeNet-5 costs per image, counting a multiply-add as two. Only
 * convolutions and dense layers count: bias adds, activations, pooling and the loss add well under
 * 1%.
 */
public final class FlopModel {
  /** One forward pass: 235,200 + 480,000 + 96,000 + 20,160 + 1,680 = 833,040 (~0.83 MFLOP). */
  public static final long FORWARD =
      conv(28, 6, 5 * 5 * 1)
          + conv(10, 16, 5 * 5 * 6)
          + dense(400, 120)
          + dense(120, 84)
          + dense(84, 10);

  /**
   * One training image: forward plus a backward pass counted as twice the forward (gradients of
   * activations and of weights), ~2.5 MFLOP. This is the usual convention; it overstates the work
   * slightly, since the first layer's input gradient is never computed (2.27 MFLOP done).
   */
  public static final long TRAINING = 3 * FORWARD;

  /** The model in words, for reports. */
  public static final String DESCRIPTION =
      "FLOP model: forward 0.833 MFLOP/image (conv+dense multiply-adds x2), training = 3 x"
          + " forward = 2.50 MFLOP/image";

  private FlopModel() {}

  private static long conv(int outSide, int outChannels, int window) {
    return 2L * outSide * outSide * outChannels * window;
  }

  private static long dense(int in, int out) {
    return 2L * in * out;
  }
}

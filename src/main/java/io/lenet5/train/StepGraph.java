package io.lenet5.train;

/**
 * How a training session lays out its graph; the model, its weights and checkpoints are the same
 * either way.
 *
 * @param groups tied batch groups of the convolutions ({@link io.lenet5.model.LeNet5#logits(
 *     org.tensorflow.op.Ops, org.tensorflow.Operand, java.util.List, io.lenet5.model.ModelConfig,
 *     int)}), 1 for the ordinary graph
 */
public record StepGraph(int groups) {
  /** The ordinary graph. */
  public static final StepGraph ORDINARY = new StepGraph(1);

  /** Tied groups on the CPU, as measured fastest (BENCHMARKS.md). */
  static final int CPU_GROUPS = 2;

  /** Validates the layout. */
  public StepGraph {
    if (groups < 1) {
      throw new IllegalArgumentException("groups: expected >= 1, got " + groups);
    }
  }

  /**
   * The layout for {@code device}: on the CPU with oneDNN, tied groups, for which oneDNN picks
   * faster convolution kernels; elsewhere the ordinary graph (TensorFlow's CPU kernels without
   * oneDNN lack grouped convolution gradients, and GPUs are unmeasured).
   */
  public static StepGraph forDevice(Device device) {
    boolean cpu = device.kind() == Device.Kind.CPU;
    return cpu && oneDnnEnabled() ? new StepGraph(CPU_GROUPS) : ORDINARY;
  }

  /**
   * Whether TensorFlow's oneDNN kernels are on, as the native library decides it: on unless {@code
   * TF_ENABLE_ONEDNN_OPTS} is 0 or false (the default of TensorFlow's x86 Linux builds).
   */
  static boolean oneDnnEnabled() {
    String value = System.getenv("TF_ENABLE_ONEDNN_OPTS");
    return value == null || !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  /** The batch the graph is fed for {@code count} images: rounded up to a multiple of groups. */
  int paddedCount(int count) {
    return (count + groups - 1) / groups * groups;
  }

  /** In words, for reports. */
  public String describe() {
    return groups == 1 ? "ordinary graph" : groups + " tied groups";
  }
}

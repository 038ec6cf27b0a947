package io.lenet5.train;

import io.lenet5.model.ModelConfig;

/**
 * How a training session lays out its work; the model, its weights and checkpoints are the same
 * either way.
 *
 * @param groups tied batch groups of the convolutions ({@link io.lenet5.model.LeNet5#logits(
 *     org.tensorflow.op.Ops, org.tensorflow.Operand, java.util.List, int,
 *     org.tensorflow.Operand)}), 1 for the ordinary graph
 * @param replicas graphs that each compute the gradients of a share of every batch on their own
 *     thread, then all apply the combined gradients, 1 for a single graph
 * @param stepsPerRun training steps one {@code Session.run} takes in a row, each on its own batch;
 *     1 for one step per run
 */
public record StepLayout(int groups, int replicas, int stepsPerRun) {
  /** The ordinary graph. */
  public static final StepLayout ORDINARY = new StepLayout(1, 1);

  /**
   * Training steps a CPU session of one graph takes per run: each run costs a hand-off to the
   * session's thread and TensorFlow's set-up of the call, and 4 steps per run made 3 trial sessions
   * side by side 1.0x-1.1x faster at batch 32 to 128; 8 gained no more and cost more memory
   * (BENCHMARKS.md).
   */
  static final int CPU_STEPS_PER_RUN = 4;

  /**
   * The most images a chained run takes: the chain's batches are held in memory at once, and larger
   * batches leave little per-run overhead to save.
   */
  static final int MOST_CHAINED_IMAGES = 1024;

  /** Tied groups on the CPU, as measured fastest (BENCHMARKS.md). */
  static final int CPU_GROUPS = 2;

  /**
   * The most replicas on the CPU: measured on 2 cores, where TensorFlow's intra-op threads leave
   * the second core mostly idle for LeNet-5's small kernels (BENCHMARKS.md).
   */
  static final int MOST_CPU_REPLICAS = 2;

  /**
   * The fewest images per replica: below it the two steps' synchronisation costs more than the
   * second core gives (measured slower at batch 32, faster at 64; BENCHMARKS.md).
   */
  static final int LEAST_REPLICA_BATCH = 32;

  /** Validates the layout. */
  public StepLayout {
    if (groups < 1) {
      throw new IllegalArgumentException("groups: expected >= 1, got " + groups);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas: expected >= 1, got " + replicas);
    }
    if (stepsPerRun < 1 || (replicas > 1 && stepsPerRun > 1)) {
      throw new IllegalArgumentException(
          "stepsPerRun: expected >= 1, and 1 with replicas, got " + stepsPerRun);
    }
  }

  /** One step per run. */
  public StepLayout(int groups, int replicas) {
    this(groups, replicas, 1);
  }

  /**
   * The layout for {@code model} on {@code device} and batches of {@code batchSize}. On the CPU
   * with oneDNN, tied groups for LeNet-5's widths or narrower, for which oneDNN picks faster
   * convolution kernels (TensorFlow's CPU kernels without oneDNN lack grouped convolution
   * gradients); from 16 and 32 filters on, the ordinary graph was as fast or faster
   * (BENCHMARKS.md). On the CPU with several cores, replicas of at least {@value
   * #LEAST_REPLICA_BATCH} images each, unless the session runs on a thread of its own as one of
   * several training side by side; a single graph takes {@value #CPU_STEPS_PER_RUN} steps per run
   * where they hold at most {@value #MOST_CHAINED_IMAGES} images. On a GPU the ordinary graph, one
   * step per run (unmeasured).
   */
  public static StepLayout forDevice(Device device, int batchSize, ModelConfig model) {
    if (device.kind() != Device.Kind.CPU) {
      return ORDINARY;
    }
    int replicas =
        device.interOpThreads() == Device.OWN_THREAD
            ? 1
            : Math.max(
                1,
                Math.min(
                    Math.min(MOST_CPU_REPLICAS, device.cores()), batchSize / LEAST_REPLICA_BATCH));
    boolean chained = replicas == 1 && (long) CPU_STEPS_PER_RUN * batchSize <= MOST_CHAINED_IMAGES;
    boolean narrow =
        model.conv1Filters() <= ModelConfig.DEFAULT.conv1Filters()
            && model.conv2Filters() <= ModelConfig.DEFAULT.conv2Filters();
    return new StepLayout(
        oneDnnEnabled() && narrow ? CPU_GROUPS : 1, replicas, chained ? CPU_STEPS_PER_RUN : 1);
  }

  /**
   * The device of each replica of a session on {@code device}: its share of the cores, its ops run
   * on a thread of its own.
   */
  public Device replicaDevice(Device device) {
    if (replicas == 1) {
      return device;
    }
    return new Device(device.kind(), Math.max(1, device.cores() / replicas), Device.OWN_THREAD);
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
    String graph = groups == 1 ? "ordinary graph" : groups + " tied groups";
    if (stepsPerRun > 1) {
      graph += ", " + stepsPerRun + " steps per run";
    }
    return replicas == 1 ? graph : replicas + " replicas of " + graph;
  }
}

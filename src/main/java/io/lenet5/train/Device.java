package io.lenet5.train;

import io.lenet5.UserException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * The device a session runs on and the session configuration that puts it there.
 *
 * @param kind CPU or GPU
 * @param threads intra-op threads (CPU kernels), 0 for TensorFlow's default (one per core)
 * @param interOpThreads threads that schedule independent ops, 0 for TensorFlow's default, {@link
 *     #OWN_THREAD} to run every op, one after another, in one TensorFlow thread of the session's
 *     own
 */
public record Device(Kind kind, int threads, int interOpThreads) {
  /** Where a session's kernels run. */
  public enum Kind {
    /** The host's cores. */
    CPU,
    /** A CUDA GPU. */
    GPU;

    /** Lower case, as logged and written to metrics. */
    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The inter-op setting that runs a session's ops one after another in a TensorFlow thread of its
   * own (an inter-op pool of one thread per session). With one intra-op thread a session then keeps
   * exactly one core busy, which is what sessions training side by side need (BENCHMARKS.md). Not
   * the calling Java thread (TensorFlow's negative setting): TensorFlow's threads flush denormal
   * floats to zero and Java's do not, and Adam's updates late in training ran 6x slower there.
   */
  public static final int OWN_THREAD = -1;

  private static final String GPU_NATIVES = "/org/tensorflow/internal/c_api/linux-x86_64-gpu/";

  /**
   * A device with the default inter-op pool: one thread on the CPU, since LeNet-5's step is a chain
   * of ops with little to overlap and more scheduler threads only compete with the kernels' threads
   * and with parallel sessions (measured in BENCHMARKS.md); as many as {@code threads} on a GPU.
   */
  public Device(Kind kind, int threads) {
    this(kind, threads, kind == Kind.CPU ? 1 : threads);
  }

  /** Checks the kind. */
  public Device {
    Objects.requireNonNull(kind, "kind");
  }

  /** {@code cpu} or {@code gpu}, as logged and written to metrics. */
  public String name() {
    return kind.specName();
  }

  /**
   * This device for one of {@code sessions} sessions that train at once on {@code cores} cores: on
   * the CPU each runs its ops on a thread of its own with the threads set, or else its share of the
   * cores (at least one); a GPU device is returned unchanged.
   */
  public Device sharedBy(int sessions, int cores) {
    if (sessions <= 1 || kind != Kind.CPU) {
      return this;
    }
    return new Device(kind, threads > 0 ? threads : Math.max(1, cores / sessions), OWN_THREAD);
  }

  /** The cores this device's kernels use: its threads, or every core for TensorFlow's default. */
  public int cores() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** This device with another inter-op thread count (0 for TensorFlow's default). */
  public Device withInterOpThreads(int value) {
    return new Device(kind, threads, value);
  }

  /**
   * Resolves a request: {@code gpu} fails with a message saying what is missing, {@code auto} falls
   * back to the CPU and says so through {@code log}.
   */
  public static Device resolve(DeviceRequest request, int threads, Consumer<String> log) {
    if (request == DeviceRequest.CPU) {
      return new Device(Kind.CPU, threads);
    }
    String missing = whyNoGpu();
    if (missing == null) {
      return new Device(Kind.GPU, threads);
    }
    if (request == DeviceRequest.GPU) {
      throw new UserException("--device gpu: " + missing);
    }
    log.accept("device auto: no usable GPU (" + missing + "); using the CPU");
    return new Device(Kind.CPU, threads);
  }

  /** Session options: the GPU hidden for {@code cpu}, memory grown on demand for {@code gpu}. */
  public ConfigProto sessionConfig() {
    ConfigProto.Builder config = ConfigProto.newBuilder().setAllowSoftPlacement(true);
    if (threads > 0) {
      config.setIntraOpParallelismThreads(threads);
    }
    if (interOpThreads == OWN_THREAD) {
      config.setInterOpParallelismThreads(1).setUsePerSessionThreads(true);
    } else if (interOpThreads != 0) {
      config.setInterOpParallelismThreads(interOpThreads);
    }
    if (kind == Kind.CPU) {
      config.putDeviceCount("GPU", 0);
    } else {
      config.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true));
    }
    return config.build();
  }

  /** Null when a CUDA device is usable, else what is missing, in words a user can act on. */
  static String whyNoGpu() {
    if (Device.class.getResource(GPU_NATIVES) == null) {
      return "this build carries TensorFlow's CPU natives (linux-x86_64); rebuild with"
          + " 'mvn -Pgpu package' to get the CUDA natives (linux-x86_64-gpu)";
    }
    try (Graph graph = new Graph()) {
      Ops tf =
          Ops.create(graph)
              .withDevice(
                  DeviceSpec.newBuilder()
                      .deviceType(DeviceSpec.DeviceType.GPU)
                      .deviceIndex(0)
                      .build());
      tf.withName("probe").identity(tf.constant(1f));
      // One intra-op thread: TensorFlow sizes its process-wide CPU kernel pool from the first
      // session, and replicated training needs it to run each replica's kernels in its own thread.
      ConfigProto strict =
          ConfigProto.newBuilder()
              .setAllowSoftPlacement(false)
              .setIntraOpParallelismThreads(1)
              .build();
      try (Session session = new Session(graph, strict)) {
        session.runner().fetch("probe").run().close();
        return null;
      }
    } catch (RuntimeException e) {
      return "TensorFlow sees no CUDA GPU (needs an NVIDIA driver, CUDA 12 and cuDNN 9 on the"
          + " library path): "
          + firstLine(e.getMessage());
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no details";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

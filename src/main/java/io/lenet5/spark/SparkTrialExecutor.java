package io.lenet5.spark;

import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.model.ModelConfig;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Device;
import io.lenet5.train.DeviceRequest;
import io.lenet5.train.ProgressPrinter;
import io.lenet5.tune.EngineContext;
import io.lenet5.tune.TrialExecutor;
import io.lenet5.tune.TrialOutcome;
import io.lenet5.tune.TrialTask;
import io.lenet5.tune.TrialTraining;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * Trains each trial as a one-partition Spark job, the way MLlib's {@code CrossValidator} fits its
 * models: the search's threads submit independent jobs and collect small results, and Spark places
 * them on free task slots, reruns a task whose executor was lost ({@code spark.task.maxFailures})
 * and replaces lost executors. The task carries the trial, its spec and its parent's checkpoint as
 * bytes; the result brings back the checkpoint and history, which the driver writes. The training
 * and validation images reach the executors as one broadcast per search, so no node needs the MNIST
 * files or a shared folder.
 */
public final class SparkTrialExecutor implements TrialExecutor {
  /** How long to wait for a first executor before counting the cluster's task slots. */
  private static final long REGISTRATION_WAIT_MILLIS = 120_000;

  private final JavaSparkContext spark;
  private final boolean ownsContext;
  private final Broadcast<byte[][]> images;
  private final TrainOnExecutor train;
  private final int slots;

  /**
   * Starts a Spark context from the configuration {@code spark-submit} gives ({@code spark.master}
   * and the rest), broadcasts the spec's split and counts the cluster's task slots.
   *
   * @throws UserException when no master is configured, i.e. the jar was not started by {@code
   *     spark-submit}
   */
  public SparkTrialExecutor(EngineContext context) {
    // The split first: a bad data section fails before Spark starts.
    this(context, splitOf(context), startContext(), true);
  }

  /**
   * Runs trials on a context started and stopped by the caller (tests, notebooks).
   *
   * @param context the search's spec, data, device request and threads
   * @param spark a running context whose executors can load this project's classes
   */
  public SparkTrialExecutor(EngineContext context, SparkContext spark) {
    this(context, splitOf(context), spark, false);
  }

  private static Split splitOf(EngineContext context) {
    TuneSpec spec = context.spec();
    return Split.of(context.data(), spec.data(), spec.seed());
  }

  private SparkTrialExecutor(
      EngineContext context, Split split, SparkContext sparkContext, boolean ownsContext) {
    this.spark = JavaSparkContext.fromSparkContext(sparkContext);
    this.ownsContext = ownsContext;
    this.images =
        spark.broadcast(
            new byte[][] {
              split.train().pixelBytes(),
              split.train().labelBytes(),
              split.validation().pixelBytes(),
              split.validation().labelBytes()
            });
    int taskCpus = sparkContext.conf().getInt("spark.task.cpus", 1);
    int threads = context.threads() > 0 ? context.threads() : taskCpus;
    this.train = new TrainOnExecutor(images, context.device(), threads);
    this.slots = Math.max(1, taskSlots(sparkContext) / taskCpus);
    context
        .log()
        .printf(
            Locale.ROOT,
            "training on Spark (%s): %d task slot%s of %d core%s; %,d train / %,d validation"
                + " images broadcast to the executors%n",
            sparkContext.master(),
            slots,
            slots == 1 ? "" : "s",
            taskCpus,
            taskCpus == 1 ? "" : "s",
            split.train().size(),
            split.validation().size());
  }

  private static SparkContext startContext() {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      throw new UserException(
          "tune --engine spark: no Spark master is set (spark.master); start the jar with"
              + " spark-submit --master URL --class io.lenet5.cli.Main lenet5.jar tune ... (see"
              + " README, Running on a Spark cluster)");
    }
    conf.setIfMissing("spark.app.name", "lenet5 tune");
    try {
      return new SparkContext(conf);
    } catch (Exception e) {
      // A bad setting or an unreachable master: the environment's fault, said in one line.
      throw new UserException("tune --engine spark: Spark did not start: " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * The cluster's cores for tasks once a first executor has registered: Spark's default
   * parallelism, the total of the executors' cores (at least 2) unless {@code
   * spark.default.parallelism} says otherwise.
   */
  private static int taskSlots(SparkContext spark) {
    long deadline = System.currentTimeMillis() + REGISTRATION_WAIT_MILLIS;
    // The driver counts as one executor; local[N] masters have no others.
    while (!spark.isLocal()
        && spark.statusTracker().getExecutorInfos().length < 2
        && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return spark.defaultParallelism();
  }

  /** Submits the trial as a one-task job and waits for its outcome. */
  @Override
  public TrialOutcome run(TrialTask task) throws Exception {
    String group = "lenet5-trial-" + task.trial().id();
    spark.setJobGroup(group, "lenet5 trial " + task.trial().id(), true);
    try {
      List<byte[]> result =
          spark.parallelize(List.of(TrialWire.encode(task)), 1).map(train).collect();
      return TrialWire.decodeOutcome(result.get(0));
    } catch (Exception e) {
      // An interrupted search leaves no job behind on the cluster.
      spark.cancelJobGroup(group);
      // A user's mistake met on an executor (a corrupt checkpoint, --device gpu without CUDA)
      // fails every attempt alike: said in its own line, and not retried by the search.
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof UserException mistake) {
          throw new UserException(mistake.getMessage(), e);
        }
      }
      throw e;
    } finally {
      spark.clearJobGroup();
    }
  }

  /** The cluster's task slots divided by the cores a task takes ({@code spark.task.cpus}). */
  @Override
  public int defaultParallelTrials() {
    return slots;
  }

  /** Drops the broadcast images, and stops the Spark context if this executor started it. */
  @Override
  public void close() {
    images.destroy();
    if (ownsContext) {
      spark.stop();
    }
  }

  /** What runs on an executor: decode the task, train it with the broadcast images, encode. */
  private static final class TrainOnExecutor implements Function<byte[], byte[]> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[][]> images;
    private final DeviceRequest device;
    private final int threads;

    TrainOnExecutor(Broadcast<byte[][]> images, DeviceRequest device, int threads) {
      this.images = images;
      this.device = device;
      this.threads = threads;
    }

    @Override
    public byte[] call(byte[] encoded) {
      TrialTask task = TrialWire.decodeTask(encoded);
      byte[][] arrays = images.value();
      ModelConfig model = task.spec().model(); // fitted to the data: its size and classes
      Split split =
          new Split(
              new Dataset(
                  arrays[0], arrays[1], model.imageHeight(), model.imageWidth(), model.classes()),
              new Dataset(
                  arrays[2], arrays[3], model.imageHeight(), model.imageWidth(), model.classes()));
      // Epoch lines go to the executor's log, marked with the trial.
      ProgressPrinter progress =
          new ProgressPrinter(System.err, false, "trial " + task.trial().id() + " ");
      return TrialWire.encode(TrialTraining.train(task, split, device(), List.of(progress)));
    }

    /** A CPU session runs its ops on a thread of its own with the task's cores, as locally. */
    private Device device() {
      Device resolved = Device.resolve(device, threads, message -> {});
      return resolved.kind() == Device.Kind.CPU
          ? new Device(Device.Kind.CPU, threads, Device.OWN_THREAD)
          : resolved;
    }
  }
}

package io.lenet5.tune;

import io.lenet5.data.Split;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Device;
import io.lenet5.train.ProgressPrinter;
import io.lenet5.train.SessionPool;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Trains trials in this JVM, several at once on the CPU, each session on a thread of its own with
 * its share of the cores; each trial's epochs are printed, marked with the trial when several train
 * at once. A trial trains in a session an earlier trial of the same graph left, where there is one.
 */
public final class LocalTrialExecutor implements TrialExecutor {
  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final int MOST_DEFAULT_PARALLEL_TRIALS = 4;

  private final Split split;
  private final Device device;
  private final Device trialDevice;
  private final int parallel;
  private final PrintStream log;
  private final boolean live;
  private final SessionPool sessions;

  /** Resolves the device, splits the data and says how many trials will train at once. */
  public LocalTrialExecutor(EngineContext context) {
    TuneSpec spec = context.spec();
    this.log = context.log();
    this.device = Device.resolve(context.device(), context.threads(), log::println);
    this.parallel = parallelTrials(spec, device);
    this.trialDevice = trialDevice(device, parallel);
    this.split = Split.of(context.data(), spec.data(), spec.seed());
    this.sessions = new SessionPool(parallel);
    this.live = System.console() != null && parallel == 1;
    log.printf(
        Locale.ROOT,
        "training on %s: %,d train / %,d validation images%s%n",
        device.name(),
        split.train().size(),
        split.validation().size(),
        parallel == 1
            ? ""
            : String.format(
                Locale.ROOT,
                ", %d trials at once, %d thread%s each",
                parallel,
                trialDevice.threads(),
                trialDevice.threads() == 1 ? "" : "s"));
  }

  @Override
  public TrialOutcome run(TrialTask task) {
    // Trials that train at once print plain lines, each marked with its trial.
    String label = parallel > 1 ? "trial " + task.trial().id() + " " : "";
    return TrialTraining.train(
        task, split, trialDevice, sessions, List.of(new ProgressPrinter(log, live, label)));
  }

  @Override
  public void close() {
    sessions.close();
  }

  @Override
  public int defaultParallelTrials() {
    return defaultParallelTrials(device);
  }

  /**
   * Trials trained at once on {@code device}: the spec's {@code execution.parallelTrials}, else one
   * on a GPU and {@link #parallelTrialsFor} the cores on the CPU.
   */
  public static int parallelTrials(TuneSpec spec, Device device) {
    Integer configured = spec.execution().parallelTrials();
    return configured != null ? configured : defaultParallelTrials(device);
  }

  private static int defaultParallelTrials(Device device) {
    return device.kind() == Device.Kind.CPU ? parallelTrialsFor(CORES) : 1;
  }

  /**
   * The CPU default: one more single-threaded trial than cores, at most {@value
   * #MOST_DEFAULT_PARALLEL_TRIALS}. A session on a thread of its own keeps one core busy but leaves
   * gaps between kernels that a further session fills (BENCHMARKS.md). The cap keeps several cores
   * per trial on large machines, where Hyperband's later rounds have too few trials to fill one
   * core each.
   */
  static int parallelTrialsFor(int cores) {
    return Math.min(cores + 1, MOST_DEFAULT_PARALLEL_TRIALS);
  }

  /** The device of each of {@code parallel} trials that train at once. */
  public static Device trialDevice(Device device, int parallel) {
    return device.sharedBy(parallel, CORES);
  }
}

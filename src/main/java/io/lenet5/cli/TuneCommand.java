package io.lenet5.cli;

import io.lenet5.Json;
import io.lenet5.OutputLock;
import io.lenet5.UserException;
import io.lenet5.board.SearchLogs;
import io.lenet5.data.ImageData;
import io.lenet5.data.Split;
import io.lenet5.export.FinalModel;
import io.lenet5.spec.OutputSettings;
import io.lenet5.spec.SearchParameter;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Device;
import io.lenet5.train.LegacyCheckpoints;
import io.lenet5.tune.Calibration;
import io.lenet5.tune.Engine;
import io.lenet5.tune.EngineContext;
import io.lenet5.tune.LocalTrialExecutor;
import io.lenet5.tune.RetryingExecutor;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialExecutor;
import io.lenet5.tune.TuneLayout;
import io.lenet5.tune.Tuner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code tune}: a Hyperband search from a JSON spec, resumable after a kill. */
final class TuneCommand extends Command {
  /** A Spark trial's cost beyond its training: the median on a local cluster (BENCHMARKS.md). */
  private static final double SPARK_TASK_SECONDS = 1.5;

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  TuneCommand() {
    super(
        "tune",
        "search hyperparameters with Hyperband from a JSON spec (resumable)",
        "lenet5 tune --spec FILE [options]",
        "Runs a Hyperband search; kill it at any time and run the same command to resume.");
  }

  @Override
  Options options() {
    return DeviceChoice.addOptions(DataLoader.addOptions(new Options()))
        .addOption(
            Flags.valued(
                "spec", "FILE", "search spec (JSON), e.g. tuning-specs/lenet5-hyperband.json"))
        .addOption(
            Flags.valued("out", "DIR", "output folder (default: the spec's output.directory)"))
        .addOption(
            Flags.valued(
                "engine",
                Arrays.stream(Engine.values())
                    .map(Engine::specName)
                    .collect(Collectors.joining("|")),
                "where trials train (default: the spec's execution.engine, else local, threads of"
                    + " this process; spark needs spark-submit)"))
        .addOption(
            Flags.flag("overwrite", "delete an earlier search in the output folder and start over"))
        .addOption(
            Flags.valued("tensorboard", "DIR", "TensorBoard log folder (default <out>/logs)"))
        .addOption(Flags.flag("no-tensorboard", "write no TensorBoard logs"))
        .addOption(Flags.flag(Flags.ALLOW_FOREIGN, Flags.ALLOW_FOREIGN_HELP))
        .addOption(
            Flags.flag(
                "dry-run",
                "print the bracket table and the search simulated on its slots, train nothing"))
        .addOption(
            Flags.valued(
                "time-budget",
                "DURATION",
                "open no Hyperband bracket estimated to end later than this after the search's"
                    + " start, e.g. 90m, 2h, 600s (default: the spec's tuner.maxWallSeconds)"))
        .addOption(
            Flags.valued(
                "slots",
                "N[,N...]",
                "with --dry-run: trials training at once to simulate, e.g. 3,8,32 (default:"
                    + " the search's own, on spark the cluster's task slots)"));
  }

  @Override
  int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
    if (!line.hasOption("spec")) {
      throw new UserException(
          "tune: --spec FILE is required (e.g. tuning-specs/lenet5-hyperband.json)");
    }
    TuneSpec spec = Json.read(Path.of(line.getOptionValue("spec")), TuneSpec.class);
    spec = withOverrides(spec, line);
    Flags.outputFolder(
        line.hasOption("out") ? "--out" : "output.directory", spec.output().directory());
    DeviceChoice deviceChoice = DeviceChoice.from(line);
    Engine flagged = Flags.parsed(line, "engine", Engine::parse);
    if (flagged != null) {
      spec = spec.withExecution(spec.execution().withEngine(flagged.specName()));
    }
    Engine engine = Engine.parse(spec.execution().engineName());
    Path logDir = BoardFlags.logDir(line, Path.of(spec.output().directory()));
    List<Integer> slots = slotCounts(line.getOptionValue("slots"));
    if (line.hasOption("dry-run")) {
      return dryRun(spec, engine, slots, deviceChoice, out, err);
    }
    if (slots != null) {
      throw new UserException("--slots: goes with --dry-run; a search's slots are its engine's");
    }
    engine.checkAvailable();
    // Data before the folder: a bad data file changes nothing on disk.
    ImageData data = DataLoader.load(spec.data());
    spec = spec.fittedTo(data.train());
    DataLoader.checkBatchSize(largestBatch(spec), Split.of(data, spec.data(), spec.seed()).train());
    TuneLayout layout = new TuneLayout(Path.of(spec.output().directory()));
    // Read before the lock leaves its file, which marks a folder of a build with checksums.
    boolean beforeChecksums = !LegacyCheckpoints.writtenWithChecksums(layout.directory());
    try (OutputLock lock = OutputLock.acquire(layout.directory(), "tune");
        OutputLock logLock = BoardFlags.lock(logDir, layout.directory(), "tune")) {
      int adopted = beforeChecksums ? LegacyCheckpoints.adopt(layout.checkpointFiles()).size() : 0;
      if (adopted > 0) {
        err.printf(
            "note: %d checkpoints in %s, from a build before checksums, now have one%n",
            adopted, layout.directory());
      }
      return tune(spec, line, engine, deviceChoice, data, logDir, out, err);
    }
  }

  private static int tune(
      TuneSpec spec,
      CommandLine line,
      Engine engine,
      DeviceChoice deviceChoice,
      ImageData data,
      Path logDir,
      PrintStream out,
      PrintStream err)
      throws Exception {
    boolean besideForeign = line.hasOption(Flags.ALLOW_FOREIGN);
    Tuner tuner = Tuner.open(spec, data, line.hasOption("overwrite"), besideForeign, err);
    EngineContext context =
        new EngineContext(spec, data, deviceChoice.request(), deviceChoice.threads(), err);
    Optional<Trial> best;
    try (TrialExecutor executor =
        new RetryingExecutor(engine.open(context), spec.execution().retries(), err)) {
      best =
          tuner.run(
              executor,
              Interruption.trials(
                  new SearchLogs(logDir, besideForeign), tuner.layout().directory()));
    }
    if (best.isEmpty()) {
      err.println("error: no trial completed");
      return 1;
    }
    // The local engine has already said which device it resolved to; say it once.
    PrintStream deviceLog =
        engine == Engine.LOCAL ? new PrintStream(OutputStream.nullOutputStream()) : err;
    new FinalModel(spec, tuner.layout(), data, deviceChoice.resolve(deviceLog), err)
        .build(best.get());
    out.printf(
        Locale.ROOT,
        "best trial %s: %s %.4f; results in %s%n",
        best.get().id(),
        spec.objective().metric(),
        best.get().score(),
        tuner.layout().directory());
    return 0;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)([smh]?)");

  /**
   * Seconds of a {@code --time-budget} such as {@code 90m}, {@code 2h}, {@code 45s} or {@code 600}.
   */
  static double durationSeconds(String value) {
    Matcher m = DURATION.matcher(value.strip());
    double seconds = m.matches() ? Double.parseDouble(m.group(1)) : 0;
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new UserException(
          "--time-budget: expected a duration > 0 such as 90m, 2h or 600s, received '"
              + UserException.shown(value)
              + "'");
    }
    return seconds
        * switch (m.group(2)) {
          case "m" -> 60;
          case "h" -> 3600;
          default -> 1;
        };
  }

  /** The counts of {@code --slots}, or null when absent. */
  private static List<Integer> slotCounts(String value) {
    if (value == null) {
      return null;
    }
    List<Integer> counts = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      int count;
      try {
        count = Integer.parseInt(part.strip());
      } catch (NumberFormatException e) {
        throw new UserException(
            "--slots: expected whole numbers >= 1 separated by commas, received '"
                + UserException.shown(value)
                + "'");
      }
      if (count < 1) {
        throw new UserException("--slots: expected 1 or more, received " + count);
      }
      counts.add(count);
    }
    return counts;
  }

  /**
   * Prints the bracket table, then the search's own hand-out simulated on each slot count with
   * epoch times timed here; writes nothing. Locally, a count's epochs are timed with that many
   * sessions at once. On Spark, each slot is taken to train as one of this machine's cores, and
   * each trial pays the task overhead measured on a local cluster.
   *
   * @param slots the counts of trials at once, or null for the search's own
   */
  private static int dryRun(
      TuneSpec spec,
      Engine engine,
      List<Integer> slots,
      DeviceChoice deviceChoice,
      PrintStream out,
      PrintStream err)
      throws Exception {
    Tuner.plan(spec, 1); // a schedule too large to count is refused before any data is read
    ImageData data = DataLoader.load(spec.data());
    spec = spec.fittedTo(data.train());
    Split split = Split.of(data, spec.data(), spec.seed());
    Device device = deviceChoice.resolve(err);
    if (slots == null) {
      slots =
          List.of(
              engine == Engine.LOCAL
                  ? LocalTrialExecutor.parallelTrials(spec, device)
                  : clusterSlots(spec, engine, data, deviceChoice, err));
    }
    out.print(Tuner.plan(spec, slots.get(0)).table());
    Map<Integer, Calibration.EpochTimes> timed = new HashMap<>();
    for (int count : slots) {
      if (spec.tuner().hyperband() && spec.tuner().iterations().auto()) {
        out.printf(
            Locale.ROOT,
            "iterations \"auto\": %d for %d slots, the fewest that keep %.0f%% of them busy%n",
            Tuner.iterations(spec, count),
            count,
            100 * Tuner.AUTO_BUSY_FRACTION);
      }
      int sessionsAtOnce = engine == Engine.LOCAL ? count : Math.min(count, CORES);
      Calibration.EpochTimes times = timed.get(sessionsAtOnce);
      if (times == null) {
        times = calibrate(spec, split, device, sessionsAtOnce, engine != Engine.LOCAL);
        timed.put(sessionsAtOnce, times);
        out.println(times.describe());
      }
      out.println(Calibration.estimate(spec, times, count).describe());
    }
    if (engine != Engine.LOCAL) {
      out.println("not included: the cluster's start-up and each executor's first trial");
    }
    return 0;
  }

  private static Calibration.EpochTimes calibrate(
      TuneSpec spec, Split split, Device device, int sessionsAtOnce, boolean onSpark) {
    try {
      Calibration.EpochTimes times =
          Calibration.time(
              spec, split, LocalTrialExecutor.trialDevice(device, sessionsAtOnce), sessionsAtOnce);
      return onSpark ? times.plusPerTrial(SPARK_TASK_SECONDS) : times;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while timing epochs", e);
    }
  }

  /** The search's trials at once on a cluster engine: its spec's, else the cluster's slots. */
  private static int clusterSlots(
      TuneSpec spec, Engine engine, ImageData data, DeviceChoice deviceChoice, PrintStream err)
      throws Exception {
    Integer configured = spec.execution().parallelTrials();
    if (configured != null) {
      return configured;
    }
    engine.checkAvailable();
    EngineContext context =
        new EngineContext(spec, data, deviceChoice.request(), deviceChoice.threads(), err);
    try (TrialExecutor executor = engine.open(context)) {
      return executor.defaultParallelTrials();
    }
  }

  /** The largest batch size a trial of the search may train with. */
  private static int largestBatch(TuneSpec spec) {
    int largest = spec.trialSpec(Map.of(), 1).training().batchSize();
    for (SearchParameter p : spec.searchSpace()) {
      if (p.name().equals("batchSize")) {
        largest = 1;
        for (Object value : p.extremes()) {
          int batch = spec.trialSpec(Map.of(p.name(), value), 1).training().batchSize();
          largest = Math.max(largest, batch);
        }
      }
    }
    return largest;
  }

  private static TuneSpec withOverrides(TuneSpec spec, CommandLine line) {
    spec = spec.withData(DataLoader.withFlags(spec.data(), line));
    String budget = line.getOptionValue("time-budget");
    if (budget != null) {
      spec = spec.withTuner(spec.tuner().withMaxWallSeconds(durationSeconds(budget)));
    }
    if (line.hasOption("out")) {
      spec =
          spec.withOutput(new OutputSettings(line.getOptionValue("out"), spec.output().ifExists()));
    }
    return spec;
  }
}

package io.lenet5.tune;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.OwnedFiles;
import io.lenet5.UserException;
import io.lenet5.data.DataRecord;
import io.lenet5.data.ImageData;
import io.lenet5.spec.Iterations;
import io.lenet5.spec.OutputSettings;
import io.lenet5.spec.SearchParameter;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.EpochMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A search's runner on the driver: owns the output folder (new or resumed), the oracle and every
 * file of the search. The caller hands it the executor that trains the trials, here or elsewhere;
 * it writes each trial's checkpoint and history as the executor returns them, then reports the
 * trials to the oracle in hand-out order.
 */
public final class Tuner {
  private final TuneSpec spec;
  private final TuneLayout layout;
  private final PrintStream log;

  /** The resumed search's oracle; null for a new search until {@link #run} starts it. */
  private Oracle oracle;

  private Tuner(TuneSpec spec, TuneLayout layout, PrintStream log, Oracle resumed) {
    this.spec = spec;
    this.layout = layout;
    this.log = log;
    this.oracle = resumed;
  }

  /**
   * Opens the spec's output folder, which the caller has locked ({@link io.lenet5.OutputLock}),
   * after cleaning what a killed run left there: resumes the search there when the spec is the same
   * and the data the same as {@link DataRecord} recorded, starts over when asked, else stops with a
   * message.
   *
   * @param data what the trials train on; only its digests are used here
   * @param overwrite start over even when the folder holds a run of another spec or data
   * @param besideForeign write into a folder that holds files the tool did not write, leaving them
   *     as they are
   */
  public static Tuner open(
      TuneSpec spec, ImageData data, boolean overwrite, boolean besideForeign, PrintStream log) {
    TuneLayout layout = new TuneLayout(Path.of(spec.output().directory()));
    return new Tuner(spec, layout, log, prepare(spec, data, layout, overwrite, besideForeign, log));
  }

  /** The share of slots busy that {@code "iterations": "auto"} asks of the simulated hand-out. */
  public static final double AUTO_BUSY_FRACTION = 0.85;

  /** The most Hyperband iterations {@code "auto"} chooses. */
  public static final int MOST_AUTO_ITERATIONS = 64;

  /**
   * What {@code spec} will train with {@code slots} trials at once: its Hyperband schedule, or its
   * random search.
   */
  public static SearchPlan plan(TuneSpec spec, int slots) {
    return spec.tuner().hyperband() ? schedule(spec, iterations(spec, slots)) : randomSearch(spec);
  }

  private static HyperbandSchedule schedule(TuneSpec spec, int iterations) {
    return new HyperbandSchedule(spec.tuner().maxEpochs(), spec.tuner().factor(), iterations);
  }

  /**
   * The spec's Hyperband iterations. For {@code "auto"}: the hand-out is simulated on {@code slots}
   * with every epoch equally long, so the choice is the same on every machine; the iterations
   * double until {@link #AUTO_BUSY_FRACTION} of the slots are busy, then a bisection finds the
   * fewest that still are, at most {@link #MOST_AUTO_ITERATIONS}.
   */
  public static int iterations(TuneSpec spec, int slots) {
    Iterations iterations = spec.tuner().iterations();
    if (!iterations.auto()) {
      return iterations.fixed();
    }
    int busy = 1;
    while (!keepsBusy(spec, busy, slots)) {
      if (busy == MOST_AUTO_ITERATIONS) {
        return busy;
      }
      busy = Math.min(2 * busy, MOST_AUTO_ITERATIONS);
    }
    int idle = busy / 2; // 0, or a count that was tried and left the slots idle
    while (busy - idle > 1) {
      int middle = (idle + busy) / 2;
      if (keepsBusy(spec, middle, slots)) {
        busy = middle;
      } else {
        idle = middle;
      }
    }
    return busy;
  }

  private static boolean keepsBusy(TuneSpec spec, int iterations, int slots) {
    Oracle oracle = start(spec, iterations, TrialStore.discarding(), slots);
    return HandOutSimulation.run(
                oracle,
                spec.seed(),
                HandOutSimulation.evenSlots(slots),
                t -> t.epochs() - t.initialEpoch())
            .busyFraction()
        >= AUTO_BUSY_FRACTION;
  }

  private static RandomSearchConfig randomSearch(TuneSpec spec) {
    return new RandomSearchConfig(
        spec.tuner().maxTrials(), spec.training().epochs(), objective(spec), spec.seed());
  }

  /** The spec this search runs. */
  public TuneSpec spec() {
    return spec;
  }

  /** The output folder's layout. */
  public TuneLayout layout() {
    return layout;
  }

  /** What this search trains; known once {@link #run} has started a new search's oracle. */
  public SearchPlan plan() {
    if (oracle == null) {
      throw new IllegalStateException("a new search's plan is known once it runs");
    }
    return oracle.plan();
  }

  /**
   * Runs or resumes the search to its end and writes the results files.
   *
   * @param executor trains the trials, {@code execution.parallelTrials} of them at once (else the
   *     executor's default)
   * @param listener sees the search's start, each reported trial and its end
   * @return the best completed trial, if any
   */
  public Optional<Trial> run(TrialExecutor executor, SearchListener listener) throws Exception {
    Integer configured = spec.execution().parallelTrials();
    int parallel = configured != null ? configured : executor.defaultParallelTrials();
    if (oracle == null) {
      oracle = start(spec, TrialStore.at(layout.directory()), parallel);
    }
    log.printf(
        Locale.ROOT,
        "tuning: %d trials, %d epochs in all, %s; output in %s%n",
        plan().totalTrials(),
        plan().epochsWithResume(),
        parallel == 1 ? "one trial at a time" : parallel + " trials at a time",
        layout.directory());
    TimeBudget budget = budget(parallel);
    listener.onSearchStart(this, oracle.trials());
    Map<String, TrialOutcome> outcomes = new ConcurrentHashMap<>();
    TunerLoop.TrialRun train =
        trial -> {
          long started = System.nanoTime();
          TrialOutcome outcome = executor.run(task(trial));
          if (budget != null) {
            budget.trained(
                trial.epochs() - trial.initialEpoch(), (System.nanoTime() - started) / 1e9);
          }
          TrialResult result = keep(trial, outcome);
          outcomes.put(trial.id(), outcome);
          return result;
        };
    ProgressReporter progress = new ProgressReporter(oracle, log);
    Optional<Trial> best =
        new TunerLoop(
                oracle,
                progress.around(train),
                TunerLoop.DEFAULT_MAX_CONSECUTIVE_FAILURES,
                parallel,
                reported -> listener.onTrialReported(reported, outcomes.remove(reported.id())))
            .run();
    Results results = new Results(oracle.trials(), oracle.objective());
    results.write(layout);
    log.print(results.table(10));
    listener.onSearchEnd(oracle.trials(), best);
    return best;
  }

  /** The spec's time budget, handed to the oracle; null without one. */
  private TimeBudget budget(int parallel) {
    Double seconds = spec.tuner().maxWallSeconds();
    if (seconds == null) {
      return null;
    }
    TimeBudget budget = new TimeBudget(seconds, parallel, System::currentTimeMillis, log);
    ((HyperbandOracle) oracle).limit(budget); // the spec allows a budget for Hyperband only
    log.printf(Locale.ROOT, "time budget: %.0f s from the search's start%n", seconds);
    return budget;
  }

  /** The trial's work as values: its spec and its parent's checkpoint as the store holds it. */
  private TrialTask task(Trial trial) throws IOException {
    byte[] parent = null;
    if (trial.parentId() != null) {
      Path file = layout.checkpoint(trial.parentId());
      try {
        parent = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new UserException(file + ": checkpoint not found");
      }
    }
    return new TrialTask(trial, spec.trialSpec(trial.hyperparameters(), trial.epochs()), parent);
  }

  /**
   * Writes a completed trial's checkpoint and history, each atomically, and scores it with the
   * objective's metric at its last epoch, the state the checkpoint holds and children continue.
   */
  private TrialResult keep(Trial trial, TrialOutcome outcome) {
    if (!(outcome.result() instanceof TrialResult.Completed)) {
      return outcome.result();
    }
    if (outcome.checkpoint() == null || outcome.history() == null) {
      throw new IllegalStateException(
          "trial " + trial.id() + ": the executor returned no checkpoint or history");
    }
    byte[] checkpoint = outcome.checkpoint();
    AtomicFiles.write(layout.checkpoint(trial.id()), out -> out.write(checkpoint));
    AtomicFiles.writeString(layout.history(trial.id()), Json.write(outcome.history()));
    List<EpochMetrics> history = outcome.history().history();
    return new TrialResult.Completed(spec.objective().metric().of(history.get(history.size() - 1)));
  }

  /**
   * Prepares the output folder; returns the resumed search's oracle, or null for a new search,
   * which {@link #run} starts once it knows how many trials train at once.
   */
  private static Oracle prepare(
      TuneSpec spec,
      ImageData data,
      TuneLayout layout,
      boolean overwrite,
      boolean besideForeign,
      PrintStream log) {
    TrialStore store = TrialStore.at(layout.directory());
    String fingerprint = spec.fingerprint();
    boolean startOver = overwrite || spec.output().ifExists() == OutputSettings.IfExists.OVERWRITE;
    OwnedFiles files = TuneFiles.owned(layout);
    if (store.exists() && !files.hasManifest()) {
      files.adopt(); // a search folder of the release before manifests: its state proves it
    }
    TuneFiles.removeLeftovers(layout);
    if (store.exists()) {
      if (startOver) {
        log.println("overwriting the search in " + layout.directory());
        TuneFiles.deleteOurs(files, layout, besideForeign);
      } else if (spec.output().ifExists() == OutputSettings.IfExists.FAIL) {
        throw new UserException(
            "output.directory: expected no earlier search in "
                + layout.directory()
                + " (ifExists is fail), found one; pass --overwrite or choose another folder");
      } else {
        String stored = storedFingerprint(layout);
        if (!fingerprint.equals(stored)) {
          throw new UserException(
              layout.spec()
                  + ": the search there ran another spec (fingerprint "
                  + shortId(stored)
                  + ", this one "
                  + shortId(fingerprint)
                  + "); pass --overwrite to start over, or choose another output folder");
        }
        files.claim(TuneFiles.NAMES); // a folder adopted above gets the names it may lack yet
        DataRecord.requireSameOrRecord(
            layout.directory(),
            data,
            "the search in " + layout.directory(),
            "point --data-dir at that data, or pass --overwrite to start over on this data",
            log);
        log.println("resuming the search in " + layout.directory());
        return resume(spec, store);
      }
    }
    TuneFiles.checkFresh(files, layout, besideForeign);
    files.claim(TuneFiles.NAMES);
    AtomicFiles.writeString(layout.spec(), Json.write(new StoredSpec(fingerprint, spec)));
    // Before oracle.json, which marks a search as started: a started search has its record.
    DataRecord.write(layout.directory(), data);
    return null;
  }

  /**
   * Starts the search's oracle for {@code parallelTrials} trials at once, writing {@code
   * oracle.json}.
   */
  static Oracle start(TuneSpec spec, TrialStore store, int parallelTrials) {
    return start(
        spec,
        spec.tuner().hyperband() ? iterations(spec, parallelTrials) : 0,
        store,
        parallelTrials);
  }

  /** {@link #start} with {@code iterations} Hyperband iterations, ignored by a random search. */
  private static Oracle start(TuneSpec spec, int iterations, TrialStore store, int parallelTrials) {
    Sampler sampler = sampler(spec);
    if (spec.tuner().hyperband()) {
      HyperbandConfig config =
          new HyperbandConfig(schedule(spec, iterations), objective(spec), spec.seed());
      return HyperbandOracle.start(config, sampler, store);
    }
    return RandomSearchOracle.start(randomSearch(spec), sampler, store);
  }

  private static Oracle resume(TuneSpec spec, TrialStore store) {
    Sampler sampler = sampler(spec);
    String stored = store.readAlgorithm();
    if (!stored.equals(spec.tuner().algorithm())) {
      throw new UserException(
          store.directory().resolve("oracle.json")
              + ": expected a "
              + spec.tuner().algorithm()
              + " search as the spec asks, received "
              + stored);
    }
    return spec.tuner().hyperband()
        ? HyperbandOracle.resume(store, sampler)
        : RandomSearchOracle.resume(store, sampler);
  }

  /** The oracle's view of the spec's objective. */
  private static Objective objective(TuneSpec spec) {
    return new Objective(
        spec.objective().metric().specName(),
        spec.objective().maximize() ? Objective.Direction.MAX : Objective.Direction.MIN);
  }

  private static Sampler sampler(TuneSpec spec) {
    List<SearchParameter> space = spec.searchSpace();
    if (spec.tuner().samplerOrDefault().learns()) {
      return new TpeSampler(space, spec.tuner().samplerOrDefault(), objective(spec));
    }
    return (HyperparameterSampler)
        random -> {
          Map<String, Object> values = new LinkedHashMap<>();
          space.forEach(p -> values.put(p.name(), p.sample(random)));
          return values;
        };
  }

  private static String storedFingerprint(TuneLayout layout) {
    try {
      return Json.MAPPER.readTree(layout.spec().toFile()).path("fingerprint").asText(null);
    } catch (IOException e) {
      throw new UserException(
          layout.spec() + ": cannot read the stored spec: " + e.getMessage(), e);
    }
  }

  private static String shortId(String fingerprint) {
    return fingerprint == null
        ? "unknown"
        : fingerprint.substring(0, Math.min(12, fingerprint.length()));
  }

  /** What {@code spec.json} holds: the spec and its fingerprint. */
  record StoredSpec(String fingerprint, TuneSpec spec) {}
}

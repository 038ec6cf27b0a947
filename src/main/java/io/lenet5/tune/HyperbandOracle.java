package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Decides which trial runs next, as Keras Tuner's {@code HyperbandOracle} does, and knows nothing
 * of training. Brackets open from the most aggressive down; within the open brackets, in opening
 * order, the oracle first fills round 0 with new configurations, then promotes the best trials of
 * each round into the next (see {@link BracketRun}). When no open bracket can hand out anything,
 * the next bracket opens, so several brackets can be under way with trials running in parallel;
 * only after the last bracket of the last iteration does the oracle wait.
 *
 * <p>Every state change is written to the {@link TrialStore} before this object changes, so
 * resuming is reloading. New configurations are sampled with a generator derived from the seed and
 * the trial's index ({@link TrialSeeds}), so no generator state needs saving and a resumed run
 * hands out the same trials as an uninterrupted one. A trial still RUNNING when the process died is
 * handed out again, first, and trains from its start.
 *
 * <p>Thread-safe: trials of one round may be out at once.
 */
public final class HyperbandOracle {
  /** Keras Tuner's {@code _max_collisions}: duplicate samples tolerated before giving up. */
  private static final int MAX_COLLISIONS = 20;

  private final HyperbandConfig config;
  private final HyperparameterSampler sampler;
  private final TrialStore store;
  private final List<Trial> trials;
  private final Deque<String> reruns = new ArrayDeque<>();

  private HyperbandOracle(
      HyperbandConfig config, HyperparameterSampler sampler, TrialStore store, List<Trial> trials) {
    this.config = config;
    this.sampler = Objects.requireNonNull(sampler, "sampler");
    this.store = store;
    this.trials = new ArrayList<>(trials);
    trials.stream().filter(t -> t.status() == TrialStatus.RUNNING).forEach(t -> reruns.add(t.id()));
  }

  /** Starts a new run in an empty store, writing its settings there. */
  public static HyperbandOracle start(
      HyperbandConfig config, HyperparameterSampler sampler, TrialStore store) {
    Objects.requireNonNull(config, "config");
    store.create(config);
    return new HyperbandOracle(config, sampler, store, List.of());
  }

  /** Reloads a run from its store; trials that were RUNNING are handed out again first. */
  public static HyperbandOracle resume(TrialStore store, HyperparameterSampler sampler) {
    HyperbandConfig config = store.readConfig();
    List<Trial> trials = store.readTrials();
    trials.forEach(t -> checkAgainstSchedule(t, trials, config.schedule(), store));
    return new HyperbandOracle(config, sampler, store, trials);
  }

  /** The run's settings. */
  public HyperbandConfig config() {
    return config;
  }

  /**
   * Hands out the next trial and records it as RUNNING, or says to wait for running trials, or that
   * the search is over.
   */
  public synchronized NextTrial nextTrial() {
    if (!reruns.isEmpty()) {
      return new NextTrial.Run(trial(reruns.poll()));
    }
    NextTrial next = plan();
    if (next instanceof NextTrial.Run run) {
      store.write(run.trial());
      trials.add(run.trial());
    }
    return next;
  }

  /**
   * Hands out the next trial ahead of the reports of trials still running, where no report can
   * change which trial that is, and records it as RUNNING; otherwise says to wait. That is the case
   * for a new configuration while every running trial outside its bracket is in its bracket's last
   * round: a report can only promote a trial into a later round of the reported trial's bracket,
   * and a bracket that still lacks configurations takes them before any promotion and before any
   * later bracket. So the search hands out the same trials in the same order as one that waits for
   * every report, and a place left by a short trial need not stay empty while an older one trains.
   */
  public synchronized NextTrial nextTrialAhead() {
    if (!reruns.isEmpty()) {
      return NextTrial.WAIT;
    }
    if (!(plan() instanceof NextTrial.Run run) || run.trial().parentId() != null) {
      return NextTrial.WAIT;
    }
    BracketId bracket = BracketId.of(run.trial());
    HyperbandSchedule schedule = config.schedule();
    boolean reportsChangeNothing =
        trials.stream()
            .filter(t -> t.status() == TrialStatus.RUNNING && !BracketId.of(t).equals(bracket))
            .allMatch(t -> t.round() == schedule.roundCount(t.bracket()) - 1);
    if (!reportsChangeNothing) {
      return NextTrial.WAIT;
    }
    store.write(run.trial());
    trials.add(run.trial());
    return run;
  }

  /**
   * Records a trial's objective value. A NaN or infinite value marks the trial FAILED, as Keras
   * Tuner does with a NaN.
   *
   * @return the updated trial
   */
  public synchronized Trial reportCompleted(String trialId, double score) {
    Trial running = runningTrial(trialId);
    return update(
        Double.isFinite(score)
            ? running.completed(score)
            : running.failed("objective " + config.objective().metric() + " is " + score));
  }

  /**
   * Records that a trial could not be scored; it will not be promoted.
   *
   * @return the updated trial
   */
  public synchronized Trial reportFailed(String trialId, String message) {
    boolean blank = message == null || message.isBlank();
    return update(runningTrial(trialId).failed(blank ? "failed without a message" : message));
  }

  /** Whether every bracket is done and no trial is running. */
  public synchronized boolean isFinished() {
    return reruns.isEmpty() && plan() instanceof NextTrial.Finished;
  }

  /** All trials handed out so far, in hand-out order. */
  public synchronized List<Trial> trials() {
    return List.copyOf(trials);
  }

  /** The completed trial with the best objective value; the earliest one on a tie. */
  public synchronized Optional<Trial> best() {
    return trials.stream()
        .filter(t -> t.status() == TrialStatus.COMPLETED)
        .sorted(Comparator.comparing(Trial::score, config.objective().bestFirst()))
        .findFirst();
  }

  /** Keras Tuner's {@code populate_space}, without recording anything. */
  private NextTrial plan() {
    HyperbandSchedule schedule = config.schedule();
    Map<BracketId, List<Trial>> byBracket = new LinkedHashMap<>();
    for (Trial trial : trials) {
      byBracket.computeIfAbsent(BracketId.of(trial), id -> new ArrayList<>()).add(trial);
    }
    BracketId latest = null;
    for (var entry : byBracket.entrySet()) {
      BracketRun run = new BracketRun(entry.getKey(), schedule, entry.getValue());
      if (run.needsNewConfiguration()) {
        return newConfiguration(run.id());
      }
      Optional<BracketRun.Promotion> promotion = run.nextPromotion(config.objective());
      if (promotion.isPresent()) {
        return promote(run.id(), promotion.get());
      }
      latest = run.id();
    }
    if (latest != null && latest.isLast(schedule)) {
      return anyRunning() ? NextTrial.WAIT : NextTrial.FINISHED;
    }
    return newConfiguration(latest == null ? BracketId.first(schedule) : latest.next(schedule));
  }

  private NextTrial newConfiguration(BracketId bracket) {
    int index = trials.size();
    RandomGenerator rng = TrialSeeds.generator(config.seed(), index);
    // Resample a configuration tried before, like Keras Tuner; a space this small is exhausted.
    for (int attempt = 0; attempt <= MAX_COLLISIONS; attempt++) {
      Trial candidate =
          Trial.running(
              index,
              sampler.sample(rng),
              bracket.iteration(),
              bracket.bracket(),
              0,
              config.schedule().epochs(bracket.bracket(), 0),
              0,
              null);
      boolean seen =
          trials.stream().anyMatch(t -> t.hyperparameters().equals(candidate.hyperparameters()));
      if (!seen) {
        return new NextTrial.Run(candidate);
      }
    }
    // Keras Tuner stops here once the running trials are done, even with brackets unfinished.
    return anyRunning() ? NextTrial.WAIT : NextTrial.FINISHED;
  }

  private NextTrial promote(BracketId bracket, BracketRun.Promotion promotion) {
    int b = bracket.bracket();
    int round = promotion.round();
    return new NextTrial.Run(
        Trial.running(
            trials.size(),
            promotion.parent().hyperparameters(),
            bracket.iteration(),
            b,
            round,
            config.schedule().epochs(b, round),
            config.schedule().initialEpoch(b, round),
            promotion.parent().id()));
  }

  private boolean anyRunning() {
    return trials.stream().anyMatch(t -> t.status() == TrialStatus.RUNNING);
  }

  private Trial update(Trial changed) {
    store.write(changed);
    trials.set(changed.index(), changed);
    reruns.remove(changed.id());
    return changed;
  }

  private Trial trial(String trialId) {
    int index;
    try {
      index = Integer.parseInt(trialId);
    } catch (NumberFormatException e) {
      index = -1;
    }
    if (index < 0 || index >= trials.size() || !trials.get(index).id().equals(trialId)) {
      throw new IllegalArgumentException(
          String.format(
              "trialId: expected one of the %d trials handed out, received %s",
              trials.size(), trialId));
    }
    return trials.get(index);
  }

  private Trial runningTrial(String trialId) {
    Trial trial = trial(trialId);
    if (trial.status() != TrialStatus.RUNNING) {
      throw new IllegalStateException(
          "trial " + trialId + ": expected RUNNING to report it, received " + trial.status());
    }
    return trial;
  }

  /** Catches trial files edited by hand or left from a run with other settings. */
  private static void checkAgainstSchedule(
      Trial trial, List<Trial> trials, HyperbandSchedule schedule, TrialStore store) {
    boolean inSchedule =
        trial.iteration() < schedule.iterations()
            && trial.bracket() < schedule.bracketCount()
            && trial.epochs() == schedule.epochs(trial.bracket(), trial.round())
            && trial.initialEpoch() == schedule.initialEpoch(trial.bracket(), trial.round());
    boolean parentBefore =
        trial.parentId() == null
            || trials.stream()
                .limit(trial.index())
                .anyMatch(
                    t -> t.id().equals(trial.parentId()) && t.status() == TrialStatus.COMPLETED);
    if (!inSchedule || !parentBefore) {
      throw new UserException(
          String.format(
              "%s: expected a trial of %s whose parent is an earlier completed trial, received"
                  + " iteration %d, bracket %d, round %d, epochs %d-%d, parent %s",
              store.trialFile(trial.id()),
              schedule,
              trial.iteration(),
              trial.bracket(),
              trial.round(),
              trial.initialEpoch(),
              trial.epochs(),
              trial.parentId()));
    }
  }
}

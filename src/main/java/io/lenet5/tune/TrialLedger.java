package io.lenet5.tune;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The trials an oracle has handed out and what every algorithm does with them: record, report,
 * rank, rerun after a crash, and sample a new configuration under the reproducibility rule of
 * {@link Sampler#readsHistory()}. Not thread-safe: its oracle holds the lock.
 */
final class TrialLedger {
  /** Keras Tuner's {@code _max_collisions}: duplicate samples tolerated before giving up. */
  private static final int MAX_COLLISIONS = 20;

  private final TrialStore store;
  private final Objective objective;
  private final Sampler sampler;
  private final long seed;
  private final List<Trial> trials;
  private final Deque<String> reruns = new ArrayDeque<>();

  TrialLedger(
      TrialStore store, Objective objective, Sampler sampler, long seed, List<Trial> trials) {
    this.store = Objects.requireNonNull(store, "store");
    this.objective = Objects.requireNonNull(objective, "objective");
    this.sampler = Objects.requireNonNull(sampler, "sampler");
    this.seed = seed;
    this.trials = new ArrayList<>(trials);
    trials.stream().filter(t -> t.status() == TrialStatus.RUNNING).forEach(t -> reruns.add(t.id()));
  }

  /** The sampler new configurations come from. */
  Sampler sampler() {
    return sampler;
  }

  /** A trial left RUNNING by a killed run, to hand out again before anything new. */
  Optional<Trial> nextRerun() {
    return reruns.isEmpty() ? Optional.empty() : Optional.of(trial(reruns.poll()));
  }

  boolean hasReruns() {
    return !reruns.isEmpty();
  }

  /** Records a trial just handed out. */
  void add(Trial trial) {
    store.write(trial);
    trials.add(trial);
  }

  List<Trial> trials() {
    return trials;
  }

  int size() {
    return trials.size();
  }

  boolean anyRunning() {
    return trials.stream().anyMatch(t -> t.status() == TrialStatus.RUNNING);
  }

  /**
   * A new configuration for the next trial, made into a trial by {@code asTrial}, learning from the
   * trials completed so far where the sampler reads them; or, once {@value #MAX_COLLISIONS} samples
   * in a row were tried before, WAIT for running trials or FINISHED, as Keras Tuner stops with the
   * space exhausted. The loop reports in the same order on every run, so what the sampler sees is
   * the same too.
   */
  NextTrial newConfiguration(Function<Map<String, Object>, Trial> asTrial) {
    int index = trials.size();
    List<Sampler.Observation> history =
        sampler.readsHistory()
            ? trials.stream()
                .filter(t -> t.status() == TrialStatus.COMPLETED)
                .map(t -> new Sampler.Observation(t.hyperparameters(), t.epochs(), t.score()))
                .toList()
            : List.of();
    RandomGenerator rng = TrialSeeds.generator(seed, index);
    for (int attempt = 0; attempt <= MAX_COLLISIONS; attempt++) {
      Trial candidate = asTrial.apply(sampler.sample(rng, history));
      boolean seen =
          trials.stream().anyMatch(t -> t.hyperparameters().equals(candidate.hyperparameters()));
      if (!seen) {
        return new NextTrial.Run(candidate);
      }
    }
    return anyRunning() ? NextTrial.WAIT : NextTrial.FINISHED;
  }

  Trial reportCompleted(String trialId, double score) {
    Trial running = runningTrial(trialId);
    return update(
        Double.isFinite(score)
            ? running.completed(score)
            : running.failed("objective " + objective.metric() + " is " + score));
  }

  Trial reportFailed(String trialId, String message) {
    boolean blank = message == null || message.isBlank();
    return update(runningTrial(trialId).failed(blank ? "failed without a message" : message));
  }

  Optional<Trial> best() {
    return trials.stream()
        .filter(t -> t.status() == TrialStatus.COMPLETED)
        .sorted(Comparator.comparing(Trial::score, objective.bestFirst()))
        .findFirst();
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
}

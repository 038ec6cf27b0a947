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
  private final int historyLag;
  private final List<Trial> trials;
  private final Deque<String> reruns = new ArrayDeque<>();

  /**
   * @param historyLag trial k sees reports of trials {@code k - historyLag} and earlier; required
   *     exactly when the sampler reads history
   */
  TrialLedger(
      TrialStore store,
      Objective objective,
      Sampler sampler,
      long seed,
      Integer historyLag,
      List<Trial> trials) {
    this.store = Objects.requireNonNull(store, "store");
    this.objective = Objects.requireNonNull(objective, "objective");
    this.sampler = Objects.requireNonNull(sampler, "sampler");
    if (sampler.readsHistory() != (historyLag != null)) {
      throw new IllegalArgumentException(
          "historyLag: expected one exactly for a sampler that reads history, received "
              + historyLag);
    }
    this.seed = seed;
    this.historyLag = historyLag == null ? 1 : historyLag;
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
   * A new configuration for the next trial, made into a trial by {@code asTrial}, or a reason not
   * to hand one out: WAIT while a report the sampler may see is missing, and, once {@value
   * #MAX_COLLISIONS} samples in a row were tried before, WAIT for running trials or FINISHED, as
   * Keras Tuner stops with the space exhausted.
   */
  NextTrial newConfiguration(Function<Map<String, Object>, Trial> asTrial) {
    int index = trials.size();
    List<Sampler.Observation> history = List.of();
    if (sampler.readsHistory()) {
      if (!historyComplete()) {
        return NextTrial.WAIT;
      }
      history =
          visibleHistory().stream()
              .filter(t -> t.status() == TrialStatus.COMPLETED)
              .map(t -> new Sampler.Observation(t.hyperparameters(), t.epochs(), t.score()))
              .toList();
    }
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

  /** Whether every report the sampler may use for the next new configuration is in. */
  private boolean historyComplete() {
    if (!sampler.readsHistory()) {
      return true;
    }
    return visibleHistory().stream().noneMatch(t -> t.status() == TrialStatus.RUNNING);
  }

  /** The trials the next new configuration may learn from: up to {@code historyLag} back. */
  private List<Trial> visibleHistory() {
    return trials.subList(0, Math.max(0, trials.size() - historyLag + 1));
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

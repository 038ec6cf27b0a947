package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.List;
import java.util.Objects;

/**
 * Keras Tuner's {@code RandomSearch}: hands out {@code maxTrials} new configurations, each trained
 * for the spec's epochs from scratch, drawn by the {@link Sampler} (at random, or learnt from the
 * trials scored so far). A trial is recorded as iteration 0, bracket 0, round 0, Hyperband's plain
 * random search, so every file keeps Hyperband's layout. It stops early, as Keras Tuner does, when
 * the sampler keeps drawing configurations tried before.
 */
public final class RandomSearchOracle extends LedgerOracle {
  private final RandomSearchConfig config;

  private RandomSearchOracle(
      RandomSearchConfig config, Sampler sampler, TrialStore store, List<Trial> trials) {
    super(new TrialLedger(store, config.objective(), sampler, config.seed(), trials));
    this.config = config;
  }

  /** Starts a new run in an empty store, writing its settings there. */
  public static RandomSearchOracle start(
      RandomSearchConfig config, Sampler sampler, TrialStore store) {
    Objects.requireNonNull(config, "config");
    RandomSearchOracle oracle = new RandomSearchOracle(config, sampler, store, List.of());
    store.create(TrialStore.StoredOracle.of(config));
    return oracle;
  }

  /** Reloads a run from its store; trials that were RUNNING are handed out again first. */
  public static RandomSearchOracle resume(TrialStore store, Sampler sampler) {
    RandomSearchConfig config = store.readConfig(RandomSearchConfig.class);
    List<Trial> trials = store.readTrials();
    for (Trial trial : trials) {
      if (trial.index() >= config.maxTrials()
          || trial.bracket() != 0
          || trial.iteration() != 0
          || trial.epochs() != config.epochs()) {
        throw new UserException(
            String.format(
                "%s: expected one of %d trials of %d epochs in bracket 0, received trial %s of %d"
                    + " epochs in iteration %d, bracket %d",
                store.trialFile(trial.id()),
                config.maxTrials(),
                config.epochs(),
                trial.id(),
                trial.epochs(),
                trial.iteration(),
                trial.bracket()));
      }
    }
    return new RandomSearchOracle(config, sampler, store, trials);
  }

  /** The run's settings. */
  public RandomSearchConfig config() {
    return config;
  }

  @Override
  public Objective objective() {
    return config.objective();
  }

  @Override
  public SearchPlan plan() {
    return config;
  }

  @Override
  public RandomSearchOracle replica() {
    return new RandomSearchOracle(config, ledger.sampler(), TrialStore.discarding(), List.of());
  }

  @Override
  protected NextTrial next() {
    if (ledger.size() >= config.maxTrials()) {
      return ledger.anyRunning() ? NextTrial.WAIT : NextTrial.FINISHED;
    }
    return ledger.newConfiguration(
        hyperparameters ->
            Trial.running(ledger.size(), hyperparameters, 0, 0, 0, config.epochs(), 0, null));
  }
}

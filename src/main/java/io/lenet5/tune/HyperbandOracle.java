package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Hyperband as Keras Tuner's {@code HyperbandOracle} runs it. Brackets open from the most
 * aggressive down; within the open brackets, in opening order, the oracle first fills round 0 with
 * new configurations, then promotes the best trials of each round into the next (see {@link
 * BracketRun}). When no open bracket can hand out anything, the next bracket opens, so several
 * brackets can be under way with trials running in parallel; only after the last bracket of the
 * last iteration does the oracle wait.
 *
 * <p>New configurations come from the {@link Sampler}: at random, or learnt from the scored trials
 * as BOHB does. Each is drawn with a generator derived from the seed and the trial's index ({@link
 * TrialSeeds}), so no generator state needs saving and a resumed run hands out the same trials as
 * an uninterrupted one.
 */
public final class HyperbandOracle extends LedgerOracle {
  private final HyperbandConfig config;
  private final TrialStore store;

  /** The time budget that may keep brackets from opening; null for none, and in a replica. */
  private TimeBudget budget;

  /** The first bracket a time budget kept from opening, for good; null while none. */
  private BracketId stoppedBefore;

  private HyperbandOracle(
      HyperbandConfig config, Sampler sampler, TrialStore store, List<Trial> trials) {
    super(new TrialLedger(store, config.objective(), sampler, config.seed(), trials));
    this.config = config;
    this.store = store;
  }

  /** Starts a new run in an empty store, writing its settings there. */
  public static HyperbandOracle start(HyperbandConfig config, Sampler sampler, TrialStore store) {
    Objects.requireNonNull(config, "config");
    HyperbandOracle oracle = new HyperbandOracle(config, sampler, store, List.of());
    store.create(TrialStore.StoredOracle.of(config));
    return oracle;
  }

  /** Reloads a run from its store; trials that were RUNNING are handed out again first. */
  public static HyperbandOracle resume(TrialStore store, Sampler sampler) {
    HyperbandConfig config = store.readConfig(HyperbandConfig.class);
    List<Trial> trials = store.readTrials();
    trials.forEach(t -> checkAgainstSchedule(t, trials, config.schedule(), store));
    HyperbandOracle oracle = new HyperbandOracle(config, sampler, store, trials);
    TrialStore.BudgetRecord recorded = store.readBudget();
    oracle.stoppedBefore = recorded == null ? null : recorded.stoppedBefore();
    return oracle;
  }

  /**
   * Lets {@code budget} keep new brackets from opening, counting from the start {@code oracle.json}
   * records, else from now, which it then records. A decision recorded there stands.
   */
  public synchronized void limit(TimeBudget budget) {
    TrialStore.BudgetRecord recorded = store.readBudget();
    if (recorded == null) {
      recorded = new TrialStore.BudgetRecord(budget.now(), stoppedBefore);
      store.writeBudget(recorded);
    }
    budget.startedAt(recorded.startedAtMillis());
    this.budget = budget;
  }

  /** The run's settings. */
  public HyperbandConfig config() {
    return config;
  }

  @Override
  public Objective objective() {
    return config.objective();
  }

  @Override
  public SearchPlan plan() {
    return config.schedule();
  }

  @Override
  protected NextTrial next() {
    return populateSpace();
  }

  @Override
  public HyperbandOracle replica() {
    HyperbandOracle replica =
        new HyperbandOracle(config, ledger.sampler(), TrialStore.discarding(), List.of());
    replica.stoppedBefore = stoppedBefore;
    return replica;
  }

  /** Keras Tuner's {@code populate_space}, without recording anything. */
  private NextTrial populateSpace() {
    HyperbandSchedule schedule = config.schedule();
    Map<BracketId, List<Trial>> byBracket = new LinkedHashMap<>();
    for (Trial trial : ledger.trials()) {
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
    if (latest != null && (latest.isLast(schedule) || !opens(latest.next(schedule)))) {
      return ledger.anyRunning() ? NextTrial.WAIT : NextTrial.FINISHED;
    }
    BracketId next = latest == null ? BracketId.first(schedule) : latest.next(schedule);
    return newConfiguration(next);
  }

  /** Whether {@code bracket} may open; a time budget's no is recorded and stands. */
  private boolean opens(BracketId bracket) {
    if (bracket.equals(stoppedBefore)) {
      return false;
    }
    if (budget == null || budget.fits(config.schedule(), bracket)) {
      return true;
    }
    stoppedBefore = bracket;
    store.writeBudget(
        new TrialStore.BudgetRecord(store.readBudget().startedAtMillis(), stoppedBefore));
    return false;
  }

  private NextTrial newConfiguration(BracketId bracket) {
    Function<Map<String, Object>, Trial> asTrial =
        hyperparameters ->
            Trial.running(
                ledger.size(),
                hyperparameters,
                bracket.iteration(),
                bracket.bracket(),
                0,
                config.schedule().epochs(bracket.bracket(), 0),
                0,
                null);
    return ledger.newConfiguration(asTrial);
  }

  private NextTrial promote(BracketId bracket, BracketRun.Promotion promotion) {
    int b = bracket.bracket();
    int round = promotion.round();
    return new NextTrial.Run(
        Trial.running(
            ledger.size(),
            promotion.parent().hyperparameters(),
            bracket.iteration(),
            b,
            round,
            config.schedule().epochs(b, round),
            config.schedule().initialEpoch(b, round),
            promotion.parent().id()));
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

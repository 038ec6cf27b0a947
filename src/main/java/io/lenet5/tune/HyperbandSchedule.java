package io.lenet5.tune;

import io.lenet5.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras Tuner's Hyperband arithmetic, reproduced exactly: how many brackets there are, how many
 * trials each round of a bracket runs and up to which epoch. Pure arithmetic, no state.
 *
 * <p>Bracket {@code b} (from {@code bracketCount() - 1}, the most aggressive, down to 0, plain
 * random search) has {@code b + 1} rounds. Round {@code r} runs {@code size(b, r)} trials up to
 * epoch {@code epochs(b, r)}; a trial of round {@code r > 0} resumes a trial of round {@code r - 1}
 * from epoch {@code epochs(b, r - 1)}. Keras Tuner computes logarithms in floating point, which is
 * off at exact powers ({@code log(243) / log(3) = 4.999...}); here every logarithm and ceiling is
 * computed with integers.
 *
 * @param maxEpochs the most epochs one model trains ({@code max_epochs}), at least 1
 * @param factor the reduction factor between rounds ({@code factor}), at least 2
 * @param iterations how many times the whole set of brackets runs ({@code hyperband_iterations})
 */
public record HyperbandSchedule(int maxEpochs, int factor, int iterations) implements SearchPlan {
  /** Most trials a search may plan: each is a file, and far more could never be trained. */
  public static final long MAX_TRIALS = 1_000_000;

  /** Validates the three settings; a bad one is the user's mistake. */
  public HyperbandSchedule {
    if (maxEpochs < 1) {
      throw new UserException("maxEpochs: expected an integer >= 1, received " + maxEpochs);
    }
    if (factor < 2) {
      throw new UserException("factor: expected an integer >= 2, received " + factor);
    }
    if (iterations < 1) {
      throw new UserException("iterations: expected an integer >= 1, received " + iterations);
    }
    long trials = plannedTrials(maxEpochs, factor, iterations);
    if (trials > MAX_TRIALS) {
      throw new UserException(
          "tuner: maxEpochs "
              + maxEpochs
              + ", factor "
              + factor
              + " and iterations "
              + iterations
              + " plan "
              + (trials == Long.MAX_VALUE
                  ? "more than 2^63"
                  : String.format(Locale.ROOT, "%,d", trials))
              + " trials; expected at most "
              + String.format(Locale.ROOT, "%,d", MAX_TRIALS)
              + " (lower maxEpochs or iterations, or raise factor)");
    }
  }

  /** Trials over all iterations in exact arithmetic; {@code Long.MAX_VALUE} when beyond it. */
  private static long plannedTrials(int maxEpochs, int factor, int iterations) {
    try {
      int brackets = 0;
      for (long power = 1; power <= maxEpochs; power *= factor) {
        brackets++;
      }
      long lastRoundTotal = 1 + ceilLog(maxEpochs, factor);
      long total = 0;
      for (int bracket = 0; bracket < brackets; bracket++) {
        for (int round = 0; round <= bracket; round++) {
          long size =
              ceilDiv(
                  Math.multiplyExact(lastRoundTotal, pow(factor, bracket - round)), bracket + 1);
          total = Math.addExact(total, size);
        }
      }
      return Math.multiplyExact(total, iterations);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Number of brackets: the count of {@code k >= 0} with {@code factor^k <= maxEpochs}. */
  public int bracketCount() {
    int count = 0;
    for (long power = 1; power <= maxEpochs; power *= factor) {
      count++;
    }
    return count;
  }

  /** Number of rounds of a bracket: bracket 0 is one round of random search. */
  public int roundCount(int bracket) {
    checkBracket(bracket);
    return bracket + 1;
  }

  /** Trials in a round: Keras Tuner's {@code _get_size}. */
  public int size(int bracket, int round) {
    checkRound(bracket, round);
    // ceil(ceil(1 + log_f(maxEpochs)) / (b + 1) * f^(b - r)), as one exact integer division.
    long lastRoundTotal = 1 + ceilLog(maxEpochs, factor);
    return (int) ceilDiv(lastRoundTotal * pow(factor, bracket - round), bracket + 1);
  }

  /** The epoch a trial of this round trains up to: Keras Tuner's {@code tuner/epochs}. */
  public int epochs(int bracket, int round) {
    checkRound(bracket, round);
    return (int) ceilDiv(maxEpochs, pow(factor, bracket - round));
  }

  /** The epoch a trial of this round resumes from: Keras Tuner's {@code tuner/initial_epoch}. */
  public int initialEpoch(int bracket, int round) {
    checkRound(bracket, round);
    return round == 0 ? 0 : epochs(bracket, round - 1);
  }

  /** The rounds of one iteration in the order they run: brackets from the highest down. */
  public List<ScheduledRound> rounds() {
    List<ScheduledRound> rounds = new ArrayList<>();
    for (int bracket = bracketCount() - 1; bracket >= 0; bracket--) {
      for (int round = 0; round < roundCount(bracket); round++) {
        rounds.add(
            new ScheduledRound(
                bracket,
                round,
                size(bracket, round),
                epochs(bracket, round),
                initialEpoch(bracket, round)));
      }
    }
    return List.copyOf(rounds);
  }

  /** Trials over all iterations, promoted ones included. */
  public int totalTrials() {
    return iterations * rounds().stream().mapToInt(ScheduledRound::trials).sum();
  }

  /** Trials with a freshly sampled configuration (round 0) over all iterations. */
  public int newConfigurations() {
    return iterations
        * rounds().stream().filter(r -> r.round() == 0).mapToInt(ScheduledRound::trials).sum();
  }

  /** Epochs trained over all iterations when promoted trials resume from their parent. */
  public long epochsWithResume() {
    return iterations * rounds().stream().mapToLong(ScheduledRound::epochsWithResume).sum();
  }

  /** Epochs trained over all iterations if every trial trained from scratch. */
  public long epochsFromScratch() {
    return iterations * rounds().stream().mapToLong(ScheduledRound::epochsFromScratch).sum();
  }

  /** Renders the schedule as a plain-text table, as {@code tune --dry-run} prints it. */
  public String table() {
    return ScheduleTable.render(this);
  }

  private void checkBracket(int bracket) {
    if (bracket < 0 || bracket >= bracketCount()) {
      throw new IllegalArgumentException(
          "bracket: expected 0.." + (bracketCount() - 1) + ", received " + bracket);
    }
  }

  private void checkRound(int bracket, int round) {
    checkBracket(bracket);
    if (round < 0 || round > bracket) {
      throw new IllegalArgumentException(
          "round: expected 0.." + bracket + " in bracket " + bracket + ", received " + round);
    }
  }

  /** The smallest {@code k} with {@code base^k >= value}. */
  private static int ceilLog(long value, long base) {
    int k = 0;
    for (long power = 1; power < value; power *= base) {
      k++;
    }
    return k;
  }

  private static long pow(long base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      result = Math.multiplyExact(result, base);
    }
    return result;
  }

  private static long ceilDiv(long numerator, long denominator) {
    return -Math.floorDiv(-numerator, denominator);
  }

  @Override
  public String algorithm() {
    return "hyperband";
  }

  @Override
  public String placement(Trial trial) {
    return "bracket " + trial.bracket() + " round " + trial.round();
  }
}

package io.lenet5.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The trials of one opened bracket, grouped by round, and what the bracket can hand out next.
 *
 * <p>Promotion follows Keras Tuner's {@code populate_space}: the best completed trial of round
 * {@code r - 1} not yet promoted moves up as soon as it is sure to rank among the round's top
 * {@code size(r)}, i.e. when fewer than {@code size(r)} trials are already promoted or may still
 * beat it (running, or not handed out yet). Without failures this is exactly Keras Tuner's test
 * {@code len(candidates) > past_size - size}, so trials can be promoted before their round ends
 * when several run in parallel. A FAILED trial is skipped and the next best takes its place; round
 * {@code r} promotes fewer than {@code size(r)} only if fewer completed. (Keras Tuner instead
 * counts a failure as one of the discarded trials, so it promotes one fewer per failure and can
 * stall the bracket.)
 */
final class BracketRun {
  private final BracketId id;
  private final HyperbandSchedule schedule;
  private final List<List<Trial>> rounds = new ArrayList<>();

  /** Groups the trials of bracket {@code id}, given in hand-out order. */
  BracketRun(BracketId id, HyperbandSchedule schedule, List<Trial> trials) {
    this.id = id;
    this.schedule = schedule;
    for (int r = 0; r < schedule.roundCount(id.bracket()); r++) {
      rounds.add(new ArrayList<>());
    }
    for (Trial trial : trials) {
      rounds.get(trial.round()).add(trial);
    }
  }

  BracketId id() {
    return id;
  }

  /** Whether round 0 still lacks freshly sampled configurations. */
  boolean needsNewConfiguration() {
    return rounds.get(0).size() < schedule.size(id.bracket(), 0);
  }

  /** The first round, from round 1 up, that can take a promoted trial now, with its parent. */
  Optional<Promotion> nextPromotion(Objective objective) {
    int bracket = id.bracket();
    // Upper bound on how many trials round r - 1 will hold in the end; failures shrink it.
    int pastCapacity = schedule.size(bracket, 0);
    for (int r = 1; r < rounds.size(); r++) {
      List<Trial> past = rounds.get(r - 1);
      List<Trial> current = rounds.get(r);
      int size = schedule.size(bracket, r);
      int undecided = count(past, TrialStatus.RUNNING) + (pastCapacity - past.size());
      Set<String> promoted =
          current.stream().map(Trial::parentId).collect(Collectors.toUnmodifiableSet());
      Trial best = null;
      for (Trial candidate : past) {
        boolean eligible =
            candidate.status() == TrialStatus.COMPLETED && !promoted.contains(candidate.id());
        // Strictly better only, so the earlier of two equal scores wins, as Python's stable sort.
        if (eligible && (best == null || objective.isBetter(candidate.score(), best.score()))) {
          best = candidate;
        }
      }
      if (best != null && current.size() + undecided < size) {
        return Optional.of(new Promotion(best, r));
      }
      pastCapacity = Math.min(size, pastCapacity - count(past, TrialStatus.FAILED));
    }
    return Optional.empty();
  }

  private static int count(List<Trial> trials, TrialStatus status) {
    return (int) trials.stream().filter(t -> t.status() == status).count();
  }

  /**
   * A trial to promote into a round.
   *
   * @param parent the completed trial whose checkpoint the promoted trial resumes
   * @param round the round it is promoted into
   */
  record Promotion(Trial parent, int round) {}
}

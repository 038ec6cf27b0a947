package io.lenet5.tune;

/** What a search will train, known before it starts: for progress lines, estimates and plots. */
public interface SearchPlan {

  /** The name written in specs and shown to users: {@code hyperband} or {@code random}. */
  String algorithm();

  /** Trials the search hands out when every one completes. */
  int totalTrials();

  /** Epochs the search trains in all, a promoted trial counting only the epochs it adds. */
  long epochsWithResume();

  /** The most epochs one trial trains. */
  int maxEpochs();

  /** Where a trial stands in the algorithm, for its progress line, e.g. "bracket 2 round 1". */
  String placement(Trial trial);

  /** The plan as a plain-text table, for {@code tune --dry-run}. */
  String table();
}

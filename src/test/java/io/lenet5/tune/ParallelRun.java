package io.lenet5.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays the parallel schedule the Keras Tuner reference run used: keep {@code workers} trials
 * out; then the running trial at position {@code (step * 7) % running} finishes with score {@code
 * (index * 37) % 23}.
 */
final class ParallelRun {
  private ParallelRun() {}

  /** The hand-outs and completions, four events a line, joined with " | ". */
  static String events(HyperbandOracle oracle, int workers) {
    List<String> events = new ArrayList<>();
    List<Trial> running = new ArrayList<>();
    for (int step = 0; ; step++) {
      while (running.size() < workers && oracle.nextTrial() instanceof NextTrial.Run run) {
        Trial t = run.trial();
        events.add(
            String.format(
                "%s %d %d-%d %s",
                t.id(),
                t.round(),
                t.initialEpoch(),
                t.epochs(),
                t.parentId() == null ? "-" : t.parentId()));
        running.add(t);
      }
      if (running.isEmpty()) {
        break;
      }
      Trial done = running.remove((step * 7) % running.size());
      oracle.reportCompleted(done.id(), Fakes.score(done));
      events.add("done " + done.id());
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      out.append(events.get(i)).append(i % 4 == 3 || i == events.size() - 1 ? "\n" : " | ");
    }
    return out.toString();
  }
}

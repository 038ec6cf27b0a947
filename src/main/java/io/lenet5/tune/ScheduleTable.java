package io.lenet5.tune;

import java.util.List;

/** Renders a {@link HyperbandSchedule} as the plain-text table {@code tune --dry-run} prints. */
final class ScheduleTable {
  private static final String[] HEADERS = {
    "bracket", "round", "trials", "from epoch", "to epoch", "epochs each", "epochs in total"
  };

  private ScheduleTable() {}

  static String render(HyperbandSchedule schedule) {
    List<ScheduledRound> rounds = schedule.rounds();
    String[][] cells = new String[rounds.size() + 1][];
    cells[0] = HEADERS;
    for (int i = 0; i < rounds.size(); i++) {
      ScheduledRound r = rounds.get(i);
      cells[i + 1] =
          new String[] {
            Integer.toString(r.bracket()),
            Integer.toString(r.round()),
            Integer.toString(r.trials()),
            Integer.toString(r.initialEpoch()),
            Integer.toString(r.epochs()),
            Integer.toString(r.epochs() - r.initialEpoch()),
            Long.toString(r.epochsWithResume())
          };
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : cells) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : cells) {
      for (int c = 0; c < row.length; c++) {
        // Right-align so the digits line up; two spaces between columns.
        out.append(c == 0 ? "" : "  ")
            .append(" ".repeat(widths[c] - row[c].length()))
            .append(row[c]);
      }
      out.append('\n');
    }
    out.append(
        String.format(
            "maxEpochs %d, factor %d, iterations %d: %d trials (%d new configurations),"
                + " %d epochs resuming promoted trials (%d if each trained from scratch)\n",
            schedule.maxEpochs(),
            schedule.factor(),
            schedule.iterations(),
            schedule.totalTrials(),
            schedule.newConfigurations(),
            schedule.epochsWithResume(),
            schedule.epochsFromScratch()));
    if (schedule.iterations() > 1) {
      out.append("The table shows one iteration; totals count all of them.\n");
    }
    return out.toString();
  }
}

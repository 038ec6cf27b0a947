package io.lenet5.tune;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Completed trials ranked by the objective, as a table, JSON and CSV. */
public final class Results {
  private final List<Trial> ranked;
  private final Objective objective;

  /** Ranks the completed trials, best first; ties keep the earlier trial first. */
  public Results(List<Trial> trials, Objective objective) {
    this.objective = objective;
    this.ranked =
        trials.stream()
            .filter(t -> t.status() == TrialStatus.COMPLETED)
            .sorted(Comparator.comparing(Trial::score, objective.bestFirst()))
            .toList();
  }

  /** Completed trials, best first. */
  public List<Trial> ranked() {
    return ranked;
  }

  /** One row of {@code results.json}. */
  public record Row(
      int rank,
      String trial,
      double score,
      int epochs,
      int bracket,
      int round,
      String parent,
      Map<String, Object> hyperparameters) {}

  /** What {@code results.json} holds. */
  public record Document(String metric, String direction, int completed, List<Row> trials) {}

  /** The ranked rows. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      Trial t = ranked.get(i);
      rows.add(
          new Row(
              i + 1,
              t.id(),
              t.score(),
              t.epochs(),
              t.bracket(),
              t.round(),
              t.parentId(),
              t.hyperparameters()));
    }
    return rows;
  }

  /** Writes {@code results.json} and {@code results.csv} atomically. */
  public void write(TuneLayout layout) {
    Document doc =
        new Document(
            objective.metric(),
            objective.direction().name().toLowerCase(Locale.ROOT),
            ranked.size(),
            rows());
    AtomicFiles.writeString(layout.resultsJson(), Json.write(doc));
    AtomicFiles.writeString(layout.resultsCsv(), csv());
  }

  /** CSV: rank, trial, score, epochs, bracket, round, parent, then one column per knob. */
  String csv() {
    Set<String> knobs = new LinkedHashSet<>();
    ranked.forEach(t -> knobs.addAll(t.hyperparameters().keySet()));
    StringBuilder out =
        new StringBuilder(
            "rank,trial,"
                + objective.metric()
                + ",epochs,bracket,round,parent"
                + knobs.stream().map(k -> "," + k).collect(Collectors.joining())
                + "\n");
    for (Row r : rows()) {
      out.append(r.rank())
          .append(',')
          .append(r.trial())
          .append(',')
          .append(r.score())
          .append(',')
          .append(r.epochs())
          .append(',')
          .append(r.bracket())
          .append(',')
          .append(r.round())
          .append(',')
          .append(r.parent() == null ? "" : r.parent());
      for (String k : knobs) {
        Object v = r.hyperparameters().get(k);
        out.append(',').append(v == null ? "" : v);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** The top {@code limit} trials as an aligned plain-text table. */
  public String table(int limit) {
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-4s %-6s %-12s %-6s %s%n",
                "rank",
                "trial",
                objective.metric(),
                "epochs",
                "hyperparameters"));
    for (Row r : rows().subList(0, Math.min(limit, ranked.size()))) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-4d %-6s %-12.4f %-6d %s%n",
              r.rank(),
              r.trial(),
              r.score(),
              r.epochs(),
              describe(r.hyperparameters())));
    }
    return out.toString();
  }

  /** Hyperparameters as {@code name=value} pairs, numbers kept short. */
  public static String describe(Map<String, Object> hyperparameters) {
    return hyperparameters.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + (e.getValue() instanceof Double d
                        ? String.format(Locale.ROOT, "%.3g", d)
                        : e.getValue()))
        .collect(Collectors.joining(" "));
  }
}

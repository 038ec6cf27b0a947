package io.lenet5.board;

import io.lenet5.Json;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.EpochMetrics;
import io.lenet5.tune.SearchListener;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialHistory;
import io.lenet5.tune.TrialOutcome;
import io.lenet5.tune.TrialStatus;
import io.lenet5.tune.TuneLayout;
import io.lenet5.tune.Tuner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a search from the driver, so that it works for every engine: writes its TensorBoard logs
 * ({@link SearchBoard}, unless logging is off) and redraws its plots ({@link SearchPlots}) beside
 * the results after every reported trial. A resumed search first writes the runs of recorded trials
 * whose logs a kill cut off, from their history files.
 */
public final class SearchLogs implements SearchListener {
  private final Path logDir;
  private final boolean besideForeign;
  private final Map<String, Trial> trials = new LinkedHashMap<>();
  private final Map<String, List<EpochMetrics>> histories = new LinkedHashMap<>();
  private SearchBoard board;
  private TuneSpec spec;
  private TuneLayout layout;

  /**
   * Logs into {@code logDir}, or writes only the plots when it is null.
   *
   * @param besideForeign whether a new search may log beside files it did not write
   */
  public SearchLogs(Path logDir, boolean besideForeign) {
    this.logDir = logDir;
    this.besideForeign = besideForeign;
  }

  @Override
  public void onSearchStart(Tuner search, List<Trial> earlier) {
    spec = search.spec();
    layout = search.layout();
    board = logDir == null ? null : new SearchBoard(logDir, spec, besideForeign);
    if (board != null) {
      board.start(!earlier.isEmpty());
    }
    for (Trial t : earlier) {
      if (t.status() == TrialStatus.RUNNING) {
        continue; // handed out again and reported later
      }
      TrialHistory history =
          t.status() == TrialStatus.COMPLETED && Files.exists(layout.history(t.id()))
              ? Json.read(layout.history(t.id()), TrialHistory.class)
              : null;
      remember(t, history);
      if (board != null && !Files.isDirectory(logDir.resolve(SearchBoard.runName(t)))) {
        board.trialReported(t, history);
      }
    }
  }

  @Override
  public void onTrialReported(Trial reported, TrialOutcome outcome) {
    TrialHistory history = outcome == null ? null : outcome.history();
    remember(reported, history);
    if (board != null) {
      board.trialReported(reported, history);
    }
    plot();
  }

  @Override
  public void onSearchEnd(List<Trial> all, Optional<Trial> best) {
    plot();
    if (board != null) {
      board.end();
    }
  }

  private void remember(Trial trial, TrialHistory history) {
    trials.put(trial.id(), trial);
    if (history != null) {
      histories.put(trial.id(), history.history());
    }
  }

  private void plot() {
    if (!trials.isEmpty()) {
      SearchPlots.write(
          new ArrayList<>(trials.values()),
          histories,
          spec.searchSpace(),
          spec.objective().metric(),
          spec.tuner().hyperband(),
          layout.directory());
    }
  }
}

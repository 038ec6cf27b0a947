package io.lenet5.board;

import io.lenet5.spec.ChoiceParameter;
import io.lenet5.spec.FixedParameter;
import io.lenet5.spec.FloatParameter;
import io.lenet5.spec.IntParameter;
import io.lenet5.spec.Sampling;
import io.lenet5.spec.SearchParameter;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.Metric;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialStatus;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A search's plots as PNG: every trial's score per epoch, coloured by bracket (a promoted trial's
 * line starts at its parent's last epoch, so the picture is Hyperband's tree), and each searched
 * hyperparameter against the score every completed trial ended with.
 */
public final class SearchPlots {
  /** Score per epoch of every trial. */
  public static final String CURVES_FILE = "trial_curves.png";

  /** Each hyperparameter against the final score. */
  public static final String HYPERPARAMETERS_FILE = "hyperparameters.png";

  private SearchPlots() {}

  /**
   * Writes both plots into {@code dir} (atomically).
   *
   * @param histories each reported trial's history by trial id, parent epochs included
   * @param metric the objective
   * @param byBracket colour and name trials by Hyperband bracket; else they are one random search
   */
  public static void write(
      List<Trial> trials,
      Map<String, List<EpochMetrics>> histories,
      List<SearchParameter> space,
      Metric metric,
      boolean byBracket,
      Path dir) {
    Charts.write(curves(trials, histories, metric, byBracket), 1000, 600, dir.resolve(CURVES_FILE));
    List<JFreeChart> charts = new ArrayList<>();
    List<Trial> completed =
        trials.stream().filter(t -> t.status() == TrialStatus.COMPLETED).toList();
    for (SearchParameter p : space) {
      if (!(p instanceof FixedParameter)) {
        charts.add(hyperparameter(p, completed, metric, byBracket));
      }
    }
    if (charts.isEmpty()) {
      return; // nothing searched: only fixed values
    }
    Charts.grid(charts, Math.min(3, charts.size()), 460, 360, dir.resolve(HYPERPARAMETERS_FILE));
  }

  private static JFreeChart curves(
      List<Trial> trials,
      Map<String, List<EpochMetrics>> histories,
      Metric metric,
      boolean byBracket) {
    XYSeriesCollection data = new XYSeriesCollection();
    List<Integer> brackets = new ArrayList<>();
    for (Trial t : trials) {
      List<EpochMetrics> history = histories.get(t.id());
      if (history == null) {
        continue;
      }
      XYSeries series = new XYSeries("trial " + t.id(), false, true);
      for (EpochMetrics m : history) {
        if (m.epoch() >= Math.max(1, t.initialEpoch())) {
          series.add(m.epoch(), metric.of(m));
        }
      }
      data.addSeries(series);
      brackets.add(t.bracket());
    }
    JFreeChart chart =
        Charts.styled(
            ChartFactory.createXYLineChart(
                "Every trial's " + metric.specName() + " per epoch",
                "epoch",
                metric.specName(),
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false));
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int s = 0; s < brackets.size(); s++) {
      renderer.setSeriesPaint(s, Charts.colour(brackets.get(s)));
      renderer.setSeriesStroke(s, new BasicStroke(1.5f));
      renderer.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    plot.setRenderer(renderer);
    plot.setFixedLegendItems(bracketLegend(new TreeSet<>(brackets), byBracket));
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
  }

  private static JFreeChart hyperparameter(
      SearchParameter p, List<Trial> trials, Metric metric, boolean byBracket) {
    List<Object> categories =
        p instanceof ChoiceParameter c ? c.values() : null; // placed at 0, 1, 2 ...
    XYSeriesCollection data = new XYSeriesCollection();
    TreeSet<Integer> brackets = new TreeSet<>();
    trials.forEach(t -> brackets.add(t.bracket()));
    List<Integer> order = new ArrayList<>(brackets);
    for (int b : order) {
      XYSeries series = new XYSeries(groupName(b, byBracket), false, true);
      for (Trial t : trials) {
        Object v = t.hyperparameters().get(p.name());
        if (t.bracket() == b && v != null) {
          double x = categories != null ? categories.indexOf(v) : ((Number) v).doubleValue();
          series.add(x, t.score());
        }
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        Charts.styled(
            ChartFactory.createScatterPlot(
                p.name(),
                p.name(),
                metric.specName(),
                data,
                PlotOrientation.VERTICAL,
                false,
                false,
                false));
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    for (int s = 0; s < order.size(); s++) {
      renderer.setSeriesPaint(s, Charts.colour(order.get(s)));
      renderer.setSeriesShape(s, new Ellipse2D.Double(-4, -4, 8, 8));
    }
    plot.setRenderer(renderer);
    if (categories != null) {
      SymbolAxis axis =
          new SymbolAxis(p.name(), categories.stream().map(String::valueOf).toArray(String[]::new));
      axis.setGridBandsVisible(false);
      plot.setDomainAxis(axis);
    } else if (p instanceof FloatParameter f && f.sampling() == Sampling.LOG
        || p instanceof IntParameter i && i.sampling() == Sampling.LOG) {
      LogAxis axis = new LogAxis(p.name());
      axis.setSmallestValue(1e-12);
      axis.setNumberFormatOverride(new DecimalFormat("0.#####"));
      plot.setDomainAxis(axis);
    } else {
      ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    }
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    plot.setFixedLegendItems(bracketLegend(brackets, byBracket));
    chart.addLegend(new LegendTitle(plot));
    chart.getLegend().setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static String groupName(int bracket, boolean byBracket) {
    return byBracket ? "bracket " + bracket : "random search";
  }

  private static LegendItemCollection bracketLegend(TreeSet<Integer> brackets, boolean byBracket) {
    LegendItemCollection items = new LegendItemCollection();
    for (int b : brackets) {
      LegendItem item =
          new LegendItem(
              groupName(b, byBracket),
              "",
              "",
              "",
              new Ellipse2D.Double(-4, -4, 8, 8),
              Charts.colour(b));
      items.add(item);
    }
    return items;
  }
}

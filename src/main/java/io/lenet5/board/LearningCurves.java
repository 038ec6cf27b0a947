package io.lenet5.board;

import io.lenet5.train.EpochMetrics;
import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The learning curves of one training run as a PNG: loss and accuracy per epoch, both splits. */
public final class LearningCurves {
  /** The file name beside a run's metrics.json. */
  public static final String FILE = "learning_curves.png";

  private LearningCurves() {}

  /** Draws the history's train and validation loss and accuracy into {@code file} (atomically). */
  public static void write(List<EpochMetrics> history, String title, Path file) {
    if (history.isEmpty()) {
      throw new IllegalArgumentException("history: expected at least one epoch, received none");
    }
    JFreeChart loss =
        chart(title + ": loss", "loss", history, EpochMetrics::trainLoss, EpochMetrics::valLoss);
    JFreeChart accuracy =
        chart(
            title + ": accuracy",
            "accuracy",
            history,
            EpochMetrics::trainAccuracy,
            EpochMetrics::valAccuracy);
    Charts.grid(List.of(loss, accuracy), 2, 640, 440, file);
  }

  private static JFreeChart chart(
      String title,
      String metric,
      List<EpochMetrics> history,
      ToDoubleFunction<EpochMetrics> train,
      ToDoubleFunction<EpochMetrics> validation) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(series("train", history, train));
    data.addSeries(series("validation", history, validation));
    JFreeChart chart =
        Charts.styled(
            ChartFactory.createXYLineChart(
                title, "epoch", metric, data, PlotOrientation.VERTICAL, true, false, false));
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int s = 0; s < 2; s++) {
      renderer.setSeriesPaint(s, Charts.colour(s));
      renderer.setSeriesStroke(s, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    NumberAxis epochs = (NumberAxis) plot.getDomainAxis();
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    return chart;
  }

  private static XYSeries series(
      String name, List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> value) {
    XYSeries series = new XYSeries(name);
    history.forEach(m -> series.add(m.epoch(), value.applyAsDouble(m)));
    return series;
  }
}

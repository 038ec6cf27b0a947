package io.lenet5.board;

import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as a PNG heat map: true digit down, predicted digit across, each cell's count
 * written in it and shaded by its share of the true digit's images (square root, so that the few
 * mistakes show beside the diagonal's hundreds).
 */
public final class ConfusionMatrixPlot {
  private ConfusionMatrixPlot() {}

  /** Draws {@code counts[label][predicted]} into {@code file} (atomically). */
  public static void write(int[][] counts, String title, Path file) {
    int n = counts.length;
    double[] xs = new double[n * n];
    double[] ys = new double[n * n];
    double[] zs = new double[n * n];
    XYPlot plot = new XYPlot();
    for (int label = 0; label < n; label++) {
      int total = 0;
      for (int c : counts[label]) {
        total += c;
      }
      for (int predicted = 0; predicted < n; predicted++) {
        int i = label * n + predicted;
        xs[i] = predicted;
        ys[i] = label;
        zs[i] = total == 0 ? 0 : Math.sqrt(counts[label][predicted] / (double) total);
        XYTextAnnotation text =
            new XYTextAnnotation(String.valueOf(counts[label][predicted]), predicted, label);
        text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        text.setPaint(zs[i] > 0.6 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(text);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("counts", new double[][] {xs, ys, zs});
    plot.setDataset(data);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(new Blues());
    plot.setRenderer(renderer);
    plot.setDomainAxis(digitAxis("predicted digit", n, false));
    plot.setRangeAxis(digitAxis("true digit", n, true));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlineVisible(false);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    Charts.write(chart, 620, 640, file);
  }

  /** The title of an evaluation's plot: what was evaluated and its accuracy. */
  public static String title(String model, double accuracy) {
    return String.format(Locale.ROOT, "%s: test accuracy %.4f", model, accuracy);
  }

  private static NumberAxis digitAxis(String label, int n, boolean inverted) {
    NumberAxis axis = new NumberAxis(label);
    axis.setRange(-0.5, n - 0.5);
    axis.setTickUnit(new NumberTickUnit(1));
    axis.setInverted(inverted);
    axis.setTickMarksVisible(false);
    return axis;
  }

  /** White to dark blue over [0, 1]. */
  private static final class Blues implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public java.awt.Paint getPaint(double value) {
      double v = Math.max(0, Math.min(1, value));
      return new Color(
          (int) Math.round(247 - v * (247 - 8)),
          (int) Math.round(251 - v * (251 - 48)),
          (int) Math.round(255 - v * (255 - 107)));
    }
  }
}

package io.lenet5.board;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as a PNG heat map: true class down, predicted class across, each named, each
 * cell's count written in it and shaded by log(1 + count) / log(1 + the true class's images), so
 * that a handful of mistakes shows beside the diagonal's hundreds. The picture grows with the
 * classes.
 */
public final class ConfusionMatrixPlot {
  /** The widest picture: 256 classes would otherwise make it 6,000 pixels a side. */
  private static final int MOST_PIXELS = 2400;

  private ConfusionMatrixPlot() {}

  /**
   * Draws {@code counts[label][predicted]} into {@code file} (atomically), the axes labelled with
   * {@code classNames}.
   */
  public static void write(int[][] counts, List<String> classNames, String title, Path file) {
    int n = counts.length;
    float fontSize = n <= 10 ? 12 : Math.max(6, 12 - (n - 10) / 5f);
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
        zs[i] = total == 0 ? 0 : Math.log1p(counts[label][predicted]) / Math.log1p(total);
        XYTextAnnotation text =
            new XYTextAnnotation(String.valueOf(counts[label][predicted]), predicted, label);
        text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12).deriveFont(fontSize));
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
    plot.setDomainAxis(classAxis("predicted class", classNames, false));
    plot.setRangeAxis(classAxis("true class", classNames, true));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlineVisible(false);
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    int side = Math.min(MOST_PIXELS, Math.max(620, 160 + 24 * n));
    Charts.write(chart, side, side + 20, file);
  }

  /** The title of an evaluation's plot: what was evaluated and its accuracy. */
  public static String title(String model, double accuracy) {
    return String.format(Locale.ROOT, "%s: test accuracy %.4f", model, accuracy);
  }

  private static SymbolAxis classAxis(String label, List<String> names, boolean inverted) {
    SymbolAxis axis = new SymbolAxis(label, names.toArray(new String[0]));
    axis.setRange(-0.5, names.size() - 0.5);
    axis.setGridBandsVisible(false);
    axis.setVerticalTickLabels(!inverted && names.stream().anyMatch(name -> name.length() > 3));
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
    public Paint getPaint(double value) {
      double v = Math.max(0, Math.min(1, value));
      return new Color(
          (int) Math.round(247 - v * (247 - 8)),
          (int) Math.round(251 - v * (251 - 48)),
          (int) Math.round(255 - v * (255 - 107)));
    }
  }
}

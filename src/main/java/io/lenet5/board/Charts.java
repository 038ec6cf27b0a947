package io.lenet5.board;

import io.lenet5.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.XYPlot;

/** Renders JFreeChart charts to PNG files, headless and atomically; one or several to a grid. */
final class Charts {
  /** Colours that stay apart for the few series a chart holds (Tableau 10). */
  static final List<Color> PALETTE =
      List.of(
          new Color(0x1f77b4),
          new Color(0xff7f0e),
          new Color(0x2ca02c),
          new Color(0xd62728),
          new Color(0x9467bd),
          new Color(0x8c564b),
          new Color(0xe377c2),
          new Color(0x7f7f7f),
          new Color(0xbcbd22),
          new Color(0x17becf));

  static {
    // Plots are drawn into images only; no display is needed or wanted.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** The colour of series {@code i}. */
  static Paint colour(int i) {
    return PALETTE.get(Math.floorMod(i, PALETTE.size()));
  }

  /** A white background with light grey grid lines, as in most papers. */
  static JFreeChart styled(JFreeChart chart) {
    StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    theme.apply(chart);
    chart.setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof XYPlot plot) {
      plain(plot);
    }
    return chart;
  }

  /** White plot area, grey grid, no outline. */
  static void plain(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    plot.setOutlineVisible(false);
  }

  /** Writes one chart as a {@code width} x {@code height} PNG. */
  static void write(JFreeChart chart, int width, int height, Path file) {
    grid(List.of(chart), 1, width, height, file);
  }

  /** Writes charts in a grid of {@code columns}, each cell {@code width} x {@code height}. */
  static void grid(List<JFreeChart> charts, int columns, int width, int height, Path file) {
    int rows = (charts.size() + columns - 1) / columns;
    int cols = Math.min(columns, charts.size());
    BufferedImage image =
        new BufferedImage(cols * width, rows * height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setPaint(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        Rectangle2D cell =
            new Rectangle2D.Double((i % columns) * width, (i / columns) * height, width, height);
        charts.get(i).draw(g, cell);
      }
    } finally {
      g.dispose();
    }
    AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
  }
}

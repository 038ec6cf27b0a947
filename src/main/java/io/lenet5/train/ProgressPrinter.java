package io.lenet5.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows progress: on a terminal, a line redrawn within each epoch (at most 5 times a second);
 * otherwise (logs, CI) one plain line per epoch.
 */
public final class ProgressPrinter implements TrainingListener {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final boolean live;
  private final String label;
  private long lastDraw;

  /**
   * Creates a printer.
   *
   * @param live redraw a line within epochs; pass {@code System.console() != null}
   */
  public ProgressPrinter(PrintStream out, boolean live) {
    this(out, live, "");
  }

  /**
   * Creates a printer whose epoch lines start with {@code label}, which tells apart the lines of
   * trials that train at once.
   */
  public ProgressPrinter(PrintStream out, boolean live, String label) {
    this.out = out;
    this.live = live;
    this.label = label;
  }

  @Override
  public void onBatchEnd(BatchProgress p) {
    if (!live) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && p.batch() < p.batches()) {
      return;
    }
    lastDraw = now;
    int width = 24;
    int done = (int) ((long) width * p.batch() / p.batches());
    out.print(
        String.format(
            Locale.ROOT,
            "\repoch %d/%d [%s%s] %d/%d  loss %.4f  acc %.4f  %,.0f img/s ",
            p.epoch(),
            p.epochs(),
            "=".repeat(done),
            " ".repeat(width - done),
            p.batch(),
            p.batches(),
            p.trainLoss(),
            p.trainAccuracy(),
            p.imagesPerSecond()));
    out.flush();
  }

  @Override
  public void onEpochEnd(EpochMetrics m, TrainingState state) {
    if (live) {
      out.print("\r\033[K");
    }
    out.println(label + format(m, state.session().device().name()));
  }

  /** One line per epoch, as printed and logged. */
  static String format(EpochMetrics m, String device) {
    return String.format(
        Locale.ROOT,
        "epoch %d: loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  %,.0f img/s  %.1f s"
            + " (elapsed %.1f s, %s)",
        m.epoch(),
        m.trainLoss(),
        m.trainAccuracy(),
        m.valLoss(),
        m.valAccuracy(),
        m.imagesPerSecond(),
        m.epochSeconds(),
        m.elapsedSeconds(),
        device);
  }
}

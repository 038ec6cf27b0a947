package io.lenet5.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.data.KnownDataset;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixPlotTest {
  @TempDir Path dir;

  /** Pixels of the darkest blue, the colour of a cell holding all of its digit's images. */
  private static int darkPixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r < 20 && g < 60 && b > 90 && b < 120) {
          count++;
        }
      }
    }
    return count;
  }

  private BufferedImage draw(int perfectDigits, String name) throws Exception {
    int[][] counts = new int[10][10];
    for (int d = 0; d < 10; d++) {
      counts[d][d < perfectDigits ? d : (d + 1) % 10] = 100;
    }
    Path file = dir.resolve(name);
    ConfusionMatrixPlot.write(
        counts, KnownDataset.MNIST.classNames(), ConfusionMatrixPlot.title("m", 0.5), file);
    return ImageIO.read(file.toFile());
  }

  @Test
  void everyFullCellIsShadedDark() throws Exception {
    BufferedImage one = draw(1, "one.png");
    BufferedImage ten = draw(10, "ten.png");
    assertEquals(620, ten.getWidth());
    assertEquals(640, ten.getHeight());
    // Every row is one full cell either way; what differs is where, so the dark area is equal.
    int a = darkPixels(one);
    int b = darkPixels(ten);
    assertTrue(a > 0, "no dark cell drawn");
    assertTrue(Math.abs(a - b) < 0.1 * b, a + " vs " + b);
  }

  @Test
  void emptyRowsAreLeftLight() throws Exception {
    Path file = dir.resolve("empty.png");
    ConfusionMatrixPlot.write(new int[10][10], KnownDataset.MNIST.classNames(), "empty", file);
    assertEquals(0, darkPixels(ImageIO.read(file.toFile())));
  }
}

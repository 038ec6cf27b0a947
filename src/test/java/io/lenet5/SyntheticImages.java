package io.lenet5;

import io.lenet5.data.Dataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Images a small LeNet-5 learns in an epoch or two, of any size and class count: class c is a
 * bright 3x3 square at its own place of a grid, on faint noise. For tests of shapes other than
 * MNIST's, on data the tests make.
 */
public final class SyntheticImages {
  private SyntheticImages() {}

  /** {@code count} images of {@code height x width}, labels cycling through the classes. */
  public static Dataset of(int count, int height, int width, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int grid = (int) Math.ceil(Math.sqrt(classes));
    byte[] pixels = new byte[count * height * width];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(classes);
      labels[i] = (byte) label;
      int offset = i * height * width;
      for (int p = 0; p < height * width; p++) {
        pixels[offset + p] = (byte) random.nextInt(40);
      }
      int top = 1 + (label / grid) * (height - 4) / Math.max(1, grid - 1);
      int left = 1 + (label % grid) * (width - 4) / Math.max(1, grid - 1);
      for (int r = top; r < Math.min(height, top + 3); r++) {
        for (int c = left; c < Math.min(width, left + 3); c++) {
          pixels[offset + r * width + c] = (byte) (200 + random.nextInt(56));
        }
      }
    }
    return new Dataset(pixels, labels, height, width, classes);
  }

  /**
   * Writes {@code data} as an IDX images file and labels file, uncompressed, into {@code dir}.
   *
   * @param transposed store each image column by column, as EMNIST does
   * @param firstLabel what class 0 is written as (1 for EMNIST letters)
   */
  public static void writeIdx(
      Path dir,
      String imagesName,
      String labelsName,
      Dataset data,
      boolean transposed,
      int firstLabel)
      throws IOException {
    Files.createDirectories(dir);
    int h = data.height();
    int w = data.width();
    ByteBuffer images = ByteBuffer.allocate(16 + data.size() * h * w);
    images.putInt(0x00000803).putInt(data.size()).putInt(h).putInt(w);
    for (int i = 0; i < data.size(); i++) {
      for (int a = 0; a < (transposed ? w : h); a++) {
        for (int b = 0; b < (transposed ? h : w); b++) {
          images.put((byte) (transposed ? data.pixel(i, b, a) : data.pixel(i, a, b)));
        }
      }
    }
    ByteBuffer labels = ByteBuffer.allocate(8 + data.size());
    labels.putInt(0x00000801).putInt(data.size());
    for (int i = 0; i < data.size(); i++) {
      labels.put((byte) (data.label(i) + firstLabel));
    }
    Files.write(dir.resolve(imagesName), images.array());
    Files.write(dir.resolve(labelsName), labels.array());
  }

  /** Writes {@code data} as {@code dir/<split>/<class name>/<index>.png}, gray, at its own size. */
  public static void writeFolder(Path dir, String split, Dataset data, List<String> classNames)
      throws IOException {
    for (int i = 0; i < data.size(); i++) {
      BufferedImage image =
          new BufferedImage(data.width(), data.height(), BufferedImage.TYPE_BYTE_GRAY);
      for (int r = 0; r < data.height(); r++) {
        for (int c = 0; c < data.width(); c++) {
          image.getRaster().setSample(c, r, 0, data.pixel(i, r, c));
        }
      }
      Path folder =
          Files.createDirectories(dir.resolve(split).resolve(classNames.get(data.label(i))));
      ImageIO.write(image, "png", folder.resolve(String.format("%05d.png", i)).toFile());
    }
  }
}

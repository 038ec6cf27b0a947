package io.lenet5.data;

import io.lenet5.UserException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image file decoded to gray: brightness in [0, 1], row-major, at the file's own size.
 *
 * <p>Any image ImageIO reads is accepted once its size, read from the file's header, passes the
 * caller's check (so a huge image is refused before decoding). Gray images are read from their
 * samples; colour becomes gray by ITU-R BT.601 luma; alpha is ignored. {@link #resized}
 * area-averages to any size, up or down.
 */
public final class GrayImage {
  /** The largest width and height read: a 4096x4096 image decodes into about 130 MB. */
  public static final int MAX_SIDE = 4096;

  /** Checks an image's size, from its header, before it is decoded. */
  @FunctionalInterface
  public interface SizeCheck {
    /**
     * Returns if an image of {@code width x height} may be decoded.
     *
     * @throws UserException if not
     */
    void check(int width, int height);
  }

  private final float[] pixels;
  private final int width;
  private final int height;

  private GrayImage(float[] pixels, int width, int height) {
    this.pixels = pixels;
    this.width = width;
    this.height = height;
  }

  /**
   * Decodes {@code file}, a regular file.
   *
   * @param notAnImage what the error says after "FILE: " when no ImageIO reader knows the file
   * @param sizeCheck run on the header's size before decoding
   * @throws UserException if the file is not an image, is corrupt or fails {@code sizeCheck}
   */
  public static GrayImage read(Path file, String notAnImage, SizeCheck sizeCheck) {
    BufferedImage image = decode(file, notAnImage, sizeCheck);
    return new GrayImage(gray(image), image.getWidth(), image.getHeight());
  }

  private static BufferedImage decode(Path file, String notAnImage, SizeCheck sizeCheck) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      // null for a file ImageIO cannot open, such as one without read permission
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new UserException(file + ": " + notAnImage);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        sizeCheck.check(reader.getWidth(0), reader.getHeight(0));
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (UserException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // some decoders throw unchecked exceptions on malformed data, not only IIOException
      throw new UserException(file + ": corrupt image (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Brightness in [0, 1], row-major. Gray images are read from their samples: {@code getRGB} would
   * pass them through a linear-to-sRGB conversion and change every value.
   */
  private static float[] gray(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[] gray = new float[w * h];
    int[] row = new int[w];
    if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      Raster raster = image.getRaster();
      float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, 0, row);
        for (int x = 0; x < w; x++) {
          gray[y * w + x] = row[x] / max;
        }
      }
      return gray;
    }
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int rgb = row[x];
        gray[y * w + x] =
            (0.299f * (rgb >> 16 & 0xff) + 0.587f * (rgb >> 8 & 0xff) + 0.114f * (rgb & 0xff))
                / 255f;
      }
    }
    return gray;
  }

  /** The file's image width. */
  public int width() {
    return width;
  }

  /** The file's image height. */
  public int height() {
    return height;
  }

  /** Mean brightness, in [0, 1]. */
  public double mean() {
    double sum = 0;
    for (float v : pixels) {
      sum += v;
    }
    return sum / pixels.length;
  }

  /**
   * The image resized to {@code newHeight x newWidth} (a new array, row-major), one axis at a time:
   * each output value is the mean of the source interval it covers, source pixels that it covers in
   * part weighted by their overlap. This averages when shrinking and repeats or blends neighbours
   * when growing.
   *
   * @throws IllegalArgumentException if a side is not positive
   */
  public float[] resized(int newHeight, int newWidth) {
    if (newHeight < 1 || newWidth < 1) {
      throw new IllegalArgumentException(
          "size: expected positive sides, got " + newHeight + "x" + newWidth);
    }
    if (newHeight == height && newWidth == width) {
      return pixels.clone();
    }
    float[] rows = new float[height * newWidth]; // each row resampled to the new width
    for (int y = 0; y < height; y++) {
      resample(pixels, y * width, 1, width, rows, y * newWidth, 1, newWidth);
    }
    float[] out = new float[newHeight * newWidth];
    for (int x = 0; x < newWidth; x++) {
      resample(rows, x, newWidth, height, out, x, newWidth, newHeight);
    }
    return out;
  }

  /**
   * Resamples {@code n} values of {@code src} (from index {@code from}, {@code step} apart) to
   * {@code m} values of {@code dst} (from {@code to}, {@code dstStep} apart). Measured in units of
   * {@code 1/m} of the source, source value {@code i} spans {@code [i*m, (i+1)*m)} and output
   * {@code o} spans {@code [o*n, (o+1)*n)}: the overlaps are whole numbers, so the weights are
   * exact.
   */
  private static void resample(
      float[] src, int from, int step, int n, float[] dst, int to, int dstStep, int m) {
    for (int o = 0; o < m; o++) {
      long start = (long) o * n;
      long end = start + n;
      double total = 0;
      for (int i = (int) (start / m); (long) i * m < end; i++) {
        long overlap = Math.min(end, (long) (i + 1) * m) - Math.max(start, (long) i * m);
        total += overlap * (double) src[from + i * step];
      }
      dst[to + o * dstStep] = (float) (total / n);
    }
  }
}

package io.lenet5;

import io.lenet5.data.Dataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG files made from MNIST test images, for the image-reading and predict tests. */
public final class TestImages {
  private TestImages() {}

  /**
   * Writes test image {@code index} as a PNG, each pixel a {@code scale x scale} block, in gray or
   * RGB, light on dark as in MNIST or inverted.
   */
  public static Path png(Path file, int index, int scale, boolean color, boolean invert)
      throws IOException {
    Dataset test = TestData.mnist().test();
    int side = Dataset.MNIST_SIDE * scale;
    BufferedImage image =
        new BufferedImage(
            side, side, color ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int v = test.pixel(index, y / scale, x / scale);
        v = invert ? 255 - v : v;
        if (color) {
          image.setRGB(x, y, v << 16 | v << 8 | v);
        } else {
          image.getRaster().setSample(x, y, 0, v);
        }
      }
    }
    ImageIO.write(image, "png", file.toFile());
    return file;
  }
}

package io.lenet5.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small PNG files written for the image-folder tests; parent folders are created. */
final class TestPngs {
  private TestPngs() {}

  /** A gray {@code width x height} PNG whose pixel at {@code x, y} is {@code value(x, y)}. */
  static Path gray(Path file, int width, int height, IntBinaryOperator value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.getRaster().setSample(x, y, 0, value.applyAsInt(x, y));
      }
    }
    return write(image, file);
  }

  /** A gray PNG of one value. */
  static Path uniform(Path file, int width, int height, int value) {
    return gray(file, width, height, (x, y) -> value);
  }

  /** An RGB PNG of one colour, {@code 0xRRGGBB}. */
  static Path rgb(Path file, int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return write(image, file);
  }

  /**
   * The signature and IHDR chunk of an 8-bit gray PNG of {@code width x height}, without pixel
   * data: readers learn its size, decoding it fails.
   */
  static byte[] header(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII));
    ihdr.putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    return ByteBuffer.allocate(8 + 4 + 17 + 4)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
        .putInt(13)
        .put(ihdr.array())
        .putInt((int) crc.getValue())
        .array();
  }

  private static Path write(BufferedImage image, Path file) {
    try {
      Files.createDirectories(file.getParent());
      ImageIO.write(image, "png", file.toFile());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.TestImages;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading digit images: gray and colour, resizing, inversion, and the errors users meet. */
class DigitImageTest {
  private static final int SIDE = Dataset.MNIST_SIDE;

  @TempDir Path dir;

  /** Test image {@code index} as the dataset gives it to the model: each byte over 255. */
  private static float[] expected(int index) {
    Dataset test = TestData.mnist().test();
    float[] pixels = new float[SIDE * SIDE];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        pixels[y * SIDE + x] = test.pixel(index, y, x) / 255f;
      }
    }
    return pixels;
  }

  @Test
  void grayPngReadsAsTheDatasetDoes() throws Exception {
    DigitImage image =
        DigitImage.read(TestImages.png(dir.resolve("d.png"), 0, 1, false, false), SIDE, true);
    assertArrayEquals(expected(0), image.pixels());
    assertFalse(image.inverted());
    assertEquals(28, image.width());
  }

  @Test
  void largerColourImageIsGrayedAndShrunk() throws Exception {
    DigitImage image =
        DigitImage.read(TestImages.png(dir.resolve("big.png"), 1, 3, true, false), SIDE, true);
    assertEquals(84, image.width());
    assertArrayEquals(expected(1), image.pixels(), 1e-5f);
  }

  @Test
  void darkDigitOnLightIsInverted() throws Exception {
    DigitImage image =
        DigitImage.read(TestImages.png(dir.resolve("inv.png"), 2, 2, false, true), SIDE, true);
    assertTrue(image.inverted());
    assertArrayEquals(expected(2), image.pixels(), 1e-5f);
  }

  @Test
  void aModelOfImagesAsTheyAreGetsThemUninverted() throws Exception {
    DigitImage image =
        DigitImage.read(TestImages.png(dir.resolve("light.png"), 2, 2, false, true), SIDE, false);
    assertFalse(image.inverted());
    float[] light = expected(2);
    for (int i = 0; i < light.length; i++) {
      light[i] = 1f - light[i];
    }
    assertArrayEquals(light, image.pixels(), 1e-5f);
  }

  @Test
  void errorsNameTheFileAndWhatWasWrong() throws Exception {
    Path missing = dir.resolve("missing.png");
    assertEquals(missing + ": expected a PNG image, found nothing", message(missing));
    assertEquals(dir + ": expected a PNG image, found a folder", message(dir));
    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    assertEquals(text + ": not an image (expected a PNG)", message(text));
    byte[] whole = Files.readAllBytes(TestImages.png(dir.resolve("whole.png"), 0, 1, false, false));
    Path truncated =
        Files.write(dir.resolve("truncated.png"), Arrays.copyOf(whole, whole.length / 2));
    assertTrue(message(truncated).startsWith(truncated + ": corrupt image ("), message(truncated));
    Path small = dir.resolve("small.png");
    ImageIO.write(new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY), "png", small.toFile());
    assertEquals(
        small
            + ": expected a square image of 28x28 to 4096x4096 pixels (larger ones are"
            + " resized), got 20x20",
        message(small));
    Path wide = dir.resolve("wide.png");
    ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY), "png", wide.toFile());
    assertTrue(message(wide).endsWith("got 40x30"), message(wide));
  }

  @Test
  void sideIsAParameter() throws Exception {
    Path digit = TestImages.png(dir.resolve("d.png"), 0, 1, false, false);
    DigitImage half = DigitImage.read(digit, SIDE / 2, true);
    float[] full = expected(0);
    int h = SIDE / 2;
    assertEquals(h * h, half.pixels().length);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < h; x++) { // each output is the mean of a 2x2 block
        int i = 2 * y * SIDE + 2 * x;
        float mean = (full[i] + full[i + 1] + full[i + SIDE] + full[i + SIDE + 1]) / 4;
        assertEquals(mean, half.pixels()[y * h + x], 1e-6f);
      }
    }
    assertEquals(
        digit
            + ": expected a square image of 32x32 to 4096x4096 pixels (larger ones are resized),"
            + " got 28x28",
        message(digit, 32));
  }

  @Test
  void hugeImageIsRefusedFromItsHeader() throws Exception {
    // IHDR of a 30000x30000 gray PNG and no pixel data: decoding it would fail, so the message
    // shows that the size was read from the header alone.
    Path huge = Files.write(dir.resolve("huge.png"), pngHeader(30_000, 30_000));
    assertEquals(
        huge
            + ": expected a square image of 28x28 to 4096x4096 pixels (larger ones are resized),"
            + " got 30000x30000",
        message(huge));
  }

  private static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes(StandardCharsets.US_ASCII));
    ihdr.putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0}); // 8-bit gray
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    return ByteBuffer.allocate(8 + 4 + 17 + 4)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
        .putInt(13)
        .put(ihdr.array())
        .putInt((int) crc.getValue())
        .array();
  }

  private static String message(Path file) {
    return message(file, SIDE);
  }

  private static String message(Path file, int side) {
    return assertThrows(UserException.class, () -> DigitImage.read(file, side, true)).getMessage();
  }
}

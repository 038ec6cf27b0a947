package io.lenet5.data;

import io.lenet5.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads and validates MNIST-style IDX files, gzip-compressed or raw (told by their magic bytes, not
 * their names). Every problem is a {@link UserException} whose one-line message names the file,
 * what was expected and what was found.
 */
public final class IdxReader {
  /** The largest byte array a JVM reliably allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** The first buffer of a file's body; it grows as the data actually arrives. */
  private static final int FIRST_BUFFER = 1 << 20;

  private IdxReader() {}

  /**
   * Reads an images file (IDX magic 0x00000803, 28x28) and its labels file (magic 0x00000801).
   *
   * @throws UserException on a missing or unreadable file, bad gzip, wrong magic or dimensions, a
   *     length that disagrees with the header, a label outside 0..9, or differing counts
   */
  public static Dataset read(Path imagesFile, Path labelsFile) {
    return readWithDigests(imagesFile, labelsFile).dataset();
  }

  /** A dataset with the hex SHA-256 of each file's decompressed content. */
  record Digested(Dataset dataset, String imagesSha256, String labelsSha256) {}

  /** Like {@link #read} but also returns the SHA-256 digests computed while reading. */
  static Digested readWithDigests(Path imagesFile, Path labelsFile) {
    Part images = readPart(imagesFile, Kind.IMAGES);
    Part labels = readPart(labelsFile, Kind.LABELS);
    if (images.count != labels.count) {
      throw new UserException(
          imagesFile
              + ": expected as many images as "
              + labelsFile
              + " has labels ("
              + labels.count
              + ") but found "
              + images.count);
    }
    return new Digested(new Dataset(images.data, labels.data), images.sha256, labels.sha256);
  }

  /** The two kinds of IDX file MNIST uses. */
  private enum Kind {
    IMAGES(0x00000803, 16, Dataset.PIXELS, "images"),
    LABELS(0x00000801, 8, 1, "labels");

    final int magic;
    final int headerBytes;
    final int itemBytes;
    final String noun;

    Kind(int magic, int headerBytes, int itemBytes, String noun) {
      this.magic = magic;
      this.headerBytes = headerBytes;
      this.itemBytes = itemBytes;
      this.noun = noun;
    }
  }

  private record Part(int count, byte[] data, String sha256) {}

  private static Part readPart(Path file, Kind kind) {
    return Decompressed.read(file, content -> readPart(file, kind, content));
  }

  private static Part readPart(Path file, Kind kind, DigestInputStream content) throws IOException {
    byte[] header = content.readNBytes(kind.headerBytes);
    ByteBuffer fields = ByteBuffer.wrap(header); // IDX is big-endian, as is ByteBuffer
    if (header.length >= Integer.BYTES) {
      checkMagic(file, kind, fields.getInt()); // first, so a wrong kind of file says so
    }
    if (header.length < kind.headerBytes) {
      throw new UserException(
          file
              + ": expected an IDX header of "
              + kind.headerBytes
              + " bytes ("
              + kind.noun
              + ") but the file has only "
              + header.length);
    }
    int count = fields.getInt();
    if (count < 0) {
      throw new UserException(
          file + ": expected a non-negative " + kind.noun + " count but found " + count);
    }
    if (kind == Kind.IMAGES) {
      int rows = fields.getInt();
      int cols = fields.getInt();
      if (rows != Dataset.ROWS || cols != Dataset.COLS) {
        throw new UserException(
            file
                + ": expected "
                + Dataset.ROWS
                + "x"
                + Dataset.COLS
                + " images but found "
                + rows
                + "x"
                + cols);
      }
    }
    long bodyBytes = (long) count * kind.itemBytes;
    if (bodyBytes > MAX_ARRAY) {
      throw new UserException(
          file
              + ": expected at most "
              + MAX_ARRAY / kind.itemBytes
              + " "
              + kind.noun
              + " (what fits in one array) but the header promises "
              + count);
    }
    checkHeap(file, kind, count, bodyBytes);
    byte[] data = readBody(content, (int) bodyBytes);
    long trailing = content.transferTo(OutputStream.nullOutputStream());
    if (data.length != bodyBytes || trailing > 0) {
      long expected = kind.headerBytes + bodyBytes;
      long found = kind.headerBytes + data.length + trailing;
      throw new UserException(
          file
              + ": expected "
              + expected
              + " bytes (header says "
              + count
              + " "
              + kind.noun
              + ") but found "
              + found
              + (found < expected ? " (truncated)" : " (trailing data)"));
    }
    if (kind == Kind.LABELS) {
      checkLabels(file, data);
    }
    return new Part(count, data, Decompressed.hex(content));
  }

  /**
   * Refuses a body that would take more than half the Java heap: reading it would end in an
   * OutOfMemoryError rather than a message, and training needs room beside it.
   */
  private static void checkHeap(Path file, Kind kind, int count, long bodyBytes) {
    long most = Runtime.getRuntime().maxMemory() / 2;
    if (bodyBytes > most) {
      throw new UserException(
          String.format(
              Locale.ROOT,
              "%s: the header promises %,d %s (%,d MB), more than half the Java heap (%,d MB) can"
                  + " hold; give the JVM more memory with -Xmx if the file is right",
              file,
              count,
              kind.noun,
              bodyBytes >> 20,
              Runtime.getRuntime().maxMemory() >> 20));
    }
  }

  /**
   * Reads up to {@code length} bytes, growing the buffer only as bytes arrive, so that a header
   * that promises more than the file holds costs no more memory than the file's content.
   */
  private static byte[] readBody(InputStream in, int length) throws IOException {
    byte[] buffer = new byte[Math.min(length, FIRST_BUFFER)];
    int filled = 0;
    while (filled < length) {
      if (filled == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
  }

  private static void checkMagic(Path file, Kind kind, int magic) {
    if (magic == kind.magic) {
      return;
    }
    String known =
        magic == Kind.IMAGES.magic ? " (images)" : magic == Kind.LABELS.magic ? " (labels)" : "";
    throw new UserException(
        String.format(
            "%s: expected IDX magic 0x%08x (%s) but found 0x%08x%s",
            file, kind.magic, kind.noun, magic, known));
  }

  private static void checkLabels(Path file, byte[] labels) {
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i] & 0xff;
      if (label > 9) {
        throw new UserException(file + ": label " + label + " at index " + i + " is outside 0..9");
      }
    }
  }
}

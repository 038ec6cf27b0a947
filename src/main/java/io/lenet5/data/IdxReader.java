package io.lenet5.data;

import io.lenet5.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads and validates MNIST-style IDX files of gray images, gzip-compressed or raw (told by their
 * magic bytes, not their names). Every problem is a {@link UserException} whose one-line message
 * names the file, what was expected and what was found.
 */
public final class IdxReader {
  /** The largest byte array a JVM reliably allocates. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** The first buffer of a file's body; it grows as the data actually arrives. */
  private static final int FIRST_BUFFER = 1 << 20;

  private IdxReader() {}

  /**
   * Reads an images file (IDX magic 0x00000803) and its labels file (magic 0x00000801) as a set of
   * {@code classes} classes, labelled 0..classes-1 in the file.
   *
   * @throws UserException on a missing or unreadable file, bad gzip, wrong magic, images smaller
   *     than {@value Dataset#MIN_SIDE} or larger than {@value Dataset#MAX_SIDE} pixels a side, a
   *     length that disagrees with the header, a label outside 0..classes-1, or differing counts
   */
  public static Dataset read(Path imagesFile, Path labelsFile, int classes) {
    Pair pair = readPair(imagesFile, labelsFile);
    return new Dataset(
        pair.pixels,
        classLabels(labelsFile, pair.labels, 0, classes),
        pair.rows,
        pair.cols,
        classes);
  }

  /**
   * An images file and its labels file as stored, with the SHA-256 of each file's decompressed
   * content and of the file itself.
   *
   * @param rows image height, from the header
   * @param cols image width, from the header
   * @param labels one byte per image, as stored
   */
  record Pair(
      byte[] pixels,
      byte[] labels,
      int rows,
      int cols,
      Decompressed.Digests imagesSha256,
      Decompressed.Digests labelsSha256) {
    /** The largest label, -1 for none. */
    int largestLabel() {
      int most = -1;
      for (byte b : labels) {
        most = Math.max(most, b & 0xff);
      }
      return most;
    }
  }

  /** Reads both files and checks that they hold as many images as labels. */
  static Pair readPair(Path imagesFile, Path labelsFile) {
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
    return new Pair(
        images.data, labels.data, images.rows, images.cols, images.sha256, labels.sha256);
  }

  /**
   * The labels of {@code file} as classes: each minus {@code first}, which must leave it in
   * 0..classes-1.
   *
   * @throws UserException naming the first label outside first..first+classes-1
   */
  static byte[] classLabels(Path file, byte[] labels, int first, int classes) {
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i] & 0xff;
      if (label < first || label >= first + classes) {
        throw new UserException(
            file
                + ": label "
                + label
                + " at index "
                + i
                + " is outside "
                + first
                + ".."
                + (first + classes - 1));
      }
      out[i] = (byte) (label - first);
    }
    return out;
  }

  /** The two kinds of IDX file MNIST uses. */
  private enum Kind {
    IMAGES(0x00000803, 16, "images"),
    LABELS(0x00000801, 8, "labels");

    final int magic;
    final int headerBytes;
    final String noun;

    Kind(int magic, int headerBytes, String noun) {
      this.magic = magic;
      this.headerBytes = headerBytes;
      this.noun = noun;
    }
  }

  private record Part(int count, int rows, int cols, byte[] data, Decompressed.Digests sha256) {}

  private static Part readPart(Path file, Kind kind) {
    return Decompressed.read(file, content -> readPart(file, kind, content));
  }

  private static Part readPart(Path file, Kind kind, Decompressed.Content content)
      throws IOException {
    byte[] header = content.stream().readNBytes(kind.headerBytes);
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
    int rows = 1;
    int cols = 1;
    if (kind == Kind.IMAGES) {
      rows = fields.getInt();
      cols = fields.getInt();
      if (rows < Dataset.MIN_SIDE
          || rows > Dataset.MAX_SIDE
          || cols < Dataset.MIN_SIDE
          || cols > Dataset.MAX_SIDE) {
        throw new UserException(
            String.format(
                "%s: expected images of %dx%d to %dx%d pixels but found %dx%d",
                file,
                Dataset.MIN_SIDE,
                Dataset.MIN_SIDE,
                Dataset.MAX_SIDE,
                Dataset.MAX_SIDE,
                rows,
                cols));
      }
    }
    int itemBytes = rows * cols;
    long bodyBytes = (long) count * itemBytes;
    if (bodyBytes > MAX_ARRAY) {
      throw new UserException(
          file
              + ": expected at most "
              + MAX_ARRAY / itemBytes
              + " "
              + kind.noun
              + " (what fits in one array) but the header promises "
              + count);
    }
    checkHeap(file, kind, count, bodyBytes);
    byte[] data = readBody(content.stream(), (int) bodyBytes);
    long trailing = content.stream().transferTo(OutputStream.nullOutputStream());
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
    return new Part(count, rows, cols, data, content.digests());
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
}

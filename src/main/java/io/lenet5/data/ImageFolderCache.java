package io.lenet5.data;

import io.lenet5.AtomicFiles;
import io.lenet5.OutputLock;
import io.lenet5.UserException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The decoded pixels of an {@link ImageFolder}, in one file of the tool's own under the cache
 * folder's {@value #FOLDER}: a magic, the format, the folder's content digest, the side, the class
 * names, the labels and the pixels, then a CRC32C of all of it. A file whose digest, layout or
 * checksum disagrees is ignored and rewritten; one that cannot be written is a warning only.
 */
final class ImageFolderCache {
  /** The cache folder's subfolder that holds these files. */
  static final String FOLDER = "folders";

  private static final byte[] MAGIC = "L5IMGDIR".getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;

  private ImageFolderCache() {}

  /**
   * The cache file of {@code dir} at {@code side} in {@code folder}: named by the first 16 hex
   * digits of the SHA-256 of the folder's absolute path and the side.
   */
  static Path file(Path folder, Path dir, int side) {
    String key = dir.toAbsolutePath().normalize() + "\n" + side;
    String name =
        HexFormat.of()
            .formatHex(ImageFolder.sha256().digest(key.getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);
    return folder.resolve(name + ".bin");
  }

  /** Locks the cache folder, or says why it cannot be used and returns null. */
  static OutputLock lock(Path folder, PrintStream log) {
    try {
      return OutputLock.acquireWaiting(folder, "image cache", log);
    } catch (UncheckedIOException | UserException e) {
      log.println("warning: " + e.getMessage() + "; the decoded images are not cached");
      return null;
    }
  }

  /** Why a cache file is not used. */
  private static final class Rejected extends Exception {
    Rejected(String why) {
      super(why);
    }
  }

  /**
   * The cache's content if it holds these files' images, else null; why it does not is told on
   * {@code log} if {@code explain}.
   */
  static ImageFolder.Loaded read(
      Path cache, ImageFolder.Listing listing, PrintStream log, boolean explain) {
    if (!Files.exists(cache)) {
      return null;
    }
    int side = listing.side();
    byte[] trainLabels = listing.train().labels();
    byte[] testLabels = listing.test().labels();
    try (CheckedInputStream checked =
        new CheckedInputStream(
            new BufferedInputStream(Files.newInputStream(cache), 1 << 16), new CRC32C())) {
      DataInputStream in = new DataInputStream(checked);
      expect(Arrays.equals(in.readNBytes(MAGIC.length), MAGIC), "not a cache this tool wrote");
      int format = in.readInt();
      expect(format == FORMAT, "format " + format + ", this build reads " + FORMAT);
      expect(in.readUTF().equals(listing.digest()), "the folder's content changed since then");
      expect(in.readInt() == side, "another image size");
      int classes = in.readInt();
      expect(classes == listing.classNames().size(), "other classes");
      for (String name : listing.classNames()) {
        expect(in.readUTF().equals(name), "other classes");
      }
      expect(
          in.readInt() == trainLabels.length && in.readInt() == testLabels.length,
          "other image counts");
      expect(
          Arrays.equals(in.readNBytes(trainLabels.length), trainLabels)
              && Arrays.equals(in.readNBytes(testLabels.length), testLabels),
          "other labels");
      byte[] trainPixels = new byte[trainLabels.length * side * side];
      byte[] testPixels = new byte[testLabels.length * side * side];
      in.readFully(trainPixels);
      in.readFully(testPixels);
      long crc = checked.getChecksum().getValue();
      expect(in.readLong() == crc, "checksum mismatch");
      expect(in.read() < 0, "trailing data");
      log.printf(
          Locale.ROOT,
          "read %,d images from the cache %s%n",
          trainLabels.length + testLabels.length,
          cache);
      return listing.loaded(trainPixels, testPixels);
    } catch (Rejected | IOException e) {
      if (explain) {
        String why = e instanceof IOException io ? "unreadable: " + reason(io) : e.getMessage();
        log.println("ignoring the image cache " + cache + " (" + why + "); decoding again");
      }
      return null;
    }
  }

  private static void expect(boolean condition, String why) throws Rejected {
    if (!condition) {
      throw new Rejected(why);
    }
  }

  /** Writes the cache, or warns that it cannot: the images are then decoded again next time. */
  static void write(Path cache, ImageFolder.Listing listing, byte[][] pixels, PrintStream log) {
    try {
      AtomicFiles.removeLeftovers(cache.getParent());
      AtomicFiles.write(
          cache,
          raw -> {
            CheckedOutputStream checked = new CheckedOutputStream(raw, new CRC32C());
            DataOutputStream out = new DataOutputStream(checked);
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(listing.digest());
            out.writeInt(listing.side());
            out.writeInt(listing.classNames().size());
            for (String name : listing.classNames()) {
              out.writeUTF(name);
            }
            out.writeInt(listing.train().labels().length);
            out.writeInt(listing.test().labels().length);
            out.write(listing.train().labels());
            out.write(listing.test().labels());
            out.write(pixels[0]);
            out.write(pixels[1]);
            out.writeLong(checked.getChecksum().getValue());
            out.flush();
          });
    } catch (UncheckedIOException | UserException e) {
      log.println("warning: " + e.getMessage() + "; the images will be decoded again next time");
    }
  }

  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof EOFException) {
      return "truncated";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

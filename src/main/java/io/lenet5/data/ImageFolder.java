package io.lenet5.data;

import io.lenet5.OutputLock;
import io.lenet5.UserException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A data set read from a folder of labelled images, laid out as Keras's {@code
 * image_dataset_from_directory} reads one: {@code DIR/train/CLASS/IMAGE} and {@code
 * DIR/test/CLASS/IMAGE}.
 *
 * <p>The class names are the folders in {@code train/}, sorted; a label is a class's index. {@code
 * test/} may hold a subset of them. Names that start with '.' are skipped; everything else is
 * visited in sorted order, so the same folder gives the same arrays. Each image, of any size up to
 * {@value GrayImage#MAX_SIDE}x{@value GrayImage#MAX_SIDE} in any format ImageIO reads, is made gray
 * and resized to {@code side x side} by area averaging (never inverted).
 *
 * <p>Decoding is the slow part, so the pixels are cached in one file of the tool's own under {@code
 * CACHE/folders/}, never in the user's folder. Its name comes from the folder's path and the side;
 * it is used only while the digest it records matches the folder's content, which is hashed on each
 * load (reading bytes costs far less than decoding them).
 */
public final class ImageFolder {
  /**
   * What a folder holds once read.
   *
   * @param train the images of {@code train/}, class after class, each class's files sorted
   * @param test the images of {@code test/}, labelled as in {@code train}
   * @param classNames the class folders of {@code train/}, sorted: label {@code i} is {@code
   *     classNames.get(i)}
   * @param sha256 hex SHA-256 of the folder's content and the side: what a run trained on
   */
  public record Loaded(Dataset train, Dataset test, List<String> classNames, String sha256) {
    /** Keeps an unmodifiable copy of the class names. */
    public Loaded {
      classNames = List.copyOf(classNames);
    }
  }

  private static final String NOT_AN_IMAGE = "not an image ImageIO can read";

  /** Progress lines only for folders that take a while to decode. */
  private static final int PROGRESS_ABOVE = 1_000;

  /** The largest Java array the VM allocates; {@link Dataset} indexes its pixels with ints. */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** The image files of one class folder. */
  record ClassFolder(String name, int label, List<Path> files) {}

  /** {@code train/} or {@code test/}: its class folders, and their files and labels in order. */
  record Part(String name, List<ClassFolder> classes, List<Path> files, byte[] labels) {
    Part(String name, List<ClassFolder> classes) {
      this(
          name,
          classes,
          classes.stream().flatMap(c -> c.files().stream()).toList(),
          labels(classes));
    }

    private static byte[] labels(List<ClassFolder> classes) {
      byte[] labels = new byte[classes.stream().mapToInt(c -> c.files().size()).sum()];
      int from = 0;
      for (ClassFolder c : classes) {
        Arrays.fill(labels, from, from + c.files().size(), (byte) c.label());
        from += c.files().size();
      }
      return labels;
    }
  }

  /** A folder's layout and content digest, once checked: what decoding or the cache fills. */
  record Listing(int side, List<String> classNames, Part train, Part test, String digest) {
    Loaded loaded(byte[] trainPixels, byte[] testPixels) {
      return new Loaded(
          new Dataset(trainPixels, train.labels(), side, side, classNames.size()),
          new Dataset(testPixels, test.labels(), side, side, classNames.size()),
          classNames,
          digest);
    }
  }

  private ImageFolder() {}

  /**
   * Reads {@code DIR/train/<class>/*} and {@code DIR/test/<class>/*}, images made gray and resized
   * to {@code side x side}, from the cache under {@code cacheDir} when it holds this content.
   *
   * @param log where the decoding, its progress and the cache's use are told
   * @throws UserException if the side is out of range, the folder is not laid out as above, an
   *     image cannot be read or is too large, or the images would not fit in half the heap
   */
  public static Loaded load(Path dir, int side, Path cacheDir, PrintStream log) {
    if (side < Dataset.MIN_SIDE || side > Dataset.MAX_SIDE) {
      throw new UserException(
          "data.imageSize: must be in "
              + Dataset.MIN_SIDE
              + ".."
              + Dataset.MAX_SIDE
              + ", got "
              + side);
    }
    List<String> classNames = classFolders(dir);
    Part train = part(dir, "train", classNames);
    Part test = part(dir, "test", classNames);
    checkMemory(
        dir, train.files().size(), test.files().size(), side, Runtime.getRuntime().maxMemory());
    Listing listing = new Listing(side, classNames, train, test, digest(side, train, test));
    Path folder = cacheDir.resolve(ImageFolderCache.FOLDER);
    Path cache = ImageFolderCache.file(folder, dir, side);
    Loaded loaded = ImageFolderCache.read(cache, listing, log, true);
    if (loaded != null) {
      return loaded;
    }
    OutputLock lock = ImageFolderCache.lock(folder, log);
    try {
      if (lock != null) {
        // another process may have written it while this one waited for the lock
        loaded = ImageFolderCache.read(cache, listing, log, false);
        if (loaded != null) {
          return loaded;
        }
      }
      byte[][] pixels = decode(dir, side, train, test, log);
      if (lock != null) {
        ImageFolderCache.write(cache, listing, pixels, log);
      }
      return listing.loaded(pixels[0], pixels[1]);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /** The class names: the folders in {@code DIR/train}, sorted. */
  private static List<String> classFolders(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserException(
          dir
              + ": expected a folder holding train/ and test/ folders of class folders, found "
              + (Files.exists(dir) ? "a file" : "nothing"));
    }
    Path train = dir.resolve("train");
    List<String> names = subfolders(train);
    if (names.size() < 2) {
      throw new UserException(
          train
              + ": expected 2 or more class folders, found "
              + (names.isEmpty() ? "none" : "1 (" + names.get(0) + ")"));
    }
    if (names.size() > Dataset.MAX_CLASSES) {
      throw new UserException(
          train
              + ": expected at most "
              + Dataset.MAX_CLASSES
              + " class folders (a label is one byte), found "
              + names.size());
    }
    return names;
  }

  /** {@code DIR/NAME}'s class folders and their image files. */
  private static Part part(Path dir, String name, List<String> classNames) {
    Path split = dir.resolve(name);
    List<ClassFolder> classes = new ArrayList<>();
    for (String c : subfolders(split)) {
      int label = classNames.indexOf(c);
      if (label < 0) {
        throw new UserException(
            split.resolve(c)
                + ": expected a class that train/ has ("
                + UserException.shown(String.join(", ", classNames))
                + "), found "
                + c);
      }
      List<Path> files = entries(split.resolve(c));
      for (Path file : files) {
        if (Files.isDirectory(file)) {
          throw new UserException(
              file + ": expected image files in a class folder, found a folder");
        }
      }
      if (files.isEmpty()) {
        throw new UserException(split.resolve(c) + ": expected image files, found none");
      }
      classes.add(new ClassFolder(c, label, files));
    }
    if (classes.isEmpty()) {
      throw new UserException(split + ": expected class folders, found none");
    }
    return new Part(name, classes);
  }

  /** The names of the folders in {@code split}, which must hold nothing else. */
  private static List<String> subfolders(Path split) {
    if (!Files.isDirectory(split)) {
      throw new UserException(
          split
              + ": expected a folder of class folders, found "
              + (Files.exists(split) ? "a file" : "nothing"));
    }
    List<String> names = new ArrayList<>();
    for (Path entry : entries(split)) {
      if (!Files.isDirectory(entry)) {
        throw new UserException(
            entry + ": expected only class folders in " + split.getFileName() + "/, found a file");
      }
      names.add(entry.getFileName().toString());
    }
    return names;
  }

  /** What {@code folder} holds, sorted by name, without names that start with '.'. */
  private static List<Path> entries(Path folder) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UserException(
          folder + ": cannot list the folder (" + ImageFolderCache.reason(e) + ")", e);
    }
  }

  /**
   * Refuses, before allocating, images that would take more than half the heap ({@code maxHeap}) or
   * more than one array holds.
   */
  static void checkMemory(Path dir, long trainImages, long testImages, int side, long maxHeap) {
    long each = (long) side * side;
    long largest = Math.max(trainImages, testImages) * each;
    if (largest > MAX_ARRAY) {
      throw new UserException(
          String.format(
              Locale.ROOT,
              "%s: %,d images of %dx%d take %,d MB, more than one Java array holds (%,d MB);"
                  + " choose a smaller data.imageSize",
              dir,
              Math.max(trainImages, testImages),
              side,
              side,
              largest >> 20,
              MAX_ARRAY >> 20));
    }
    long total = (trainImages + testImages) * each;
    if (total > maxHeap / 2) {
      throw new UserException(
          String.format(
              Locale.ROOT,
              "%s: %,d images of %dx%d take %,d MB, more than half the Java heap (%,d MB) can"
                  + " hold; give the JVM more memory with -Xmx or choose a smaller data.imageSize",
              dir,
              trainImages + testImages,
              side,
              side,
              total >> 20,
              maxHeap >> 20));
    }
  }

  /**
   * SHA-256 over the side, then for {@code train} and {@code test}, each class and each of its
   * files: the path relative to the folder, the length and the bytes.
   */
  private static String digest(int side, Part train, Part test) {
    MessageDigest sha = sha256();
    try (DataOutputStream out =
        new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
      out.writeInt(side);
      for (Part part : List.of(train, test)) {
        out.writeUTF(part.name());
        out.writeInt(part.classes().size());
        for (ClassFolder c : part.classes()) {
          out.writeUTF(c.name());
          out.writeInt(c.files().size());
          for (Path file : c.files()) {
            out.writeUTF(part.name() + "/" + c.name() + "/" + file.getFileName());
            hashFile(file, out);
          }
        }
      }
    } catch (IOException e) {
      // writing to a digest does not fail, and hashFile turns a failed read into a user error
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void hashFile(Path file, DataOutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      out.writeLong(Files.size(file));
      in.transferTo(out);
    } catch (IOException e) {
      throw new UserException(
          file + ": " + NOT_AN_IMAGE + " (cannot read it: " + ImageFolderCache.reason(e) + ")", e);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The train and test pixels, decoded in parallel into arrays laid out in file order. */
  private static byte[][] decode(Path dir, int side, Part train, Part test, PrintStream log) {
    List<Path> files = new ArrayList<>(train.files());
    files.addAll(test.files());
    int n = files.size();
    int trainSize = train.files().size();
    int size = side * side;
    byte[][] pixels = {new byte[trainSize * size], new byte[(n - trainSize) * size]};
    log.printf(Locale.ROOT, "decoding %,d images in %s%n", n, dir);
    int tenth = n > PROGRESS_ABOVE ? (n + 9) / 10 : 0;
    AtomicInteger done = new AtomicInteger();
    UserException[] errors = new UserException[n];
    AtomicInteger firstError = new AtomicInteger(n);
    IntStream.range(0, n)
        .parallel()
        .forEach(
            i -> {
              if (i > firstError.get()) {
                return; // an earlier file failed: its error is the one reported, as in a serial run
              }
              Path file = files.get(i);
              try {
                float[] gray =
                    GrayImage.read(file, NOT_AN_IMAGE, (w, h) -> checkSize(file, w, h))
                        .resized(side, side);
                byte[] target = pixels[i < trainSize ? 0 : 1];
                int offset = (i < trainSize ? i : i - trainSize) * size;
                for (int p = 0; p < size; p++) {
                  target[offset + p] = (byte) Math.round(gray[p] * 255);
                }
              } catch (UserException e) {
                errors[i] = e;
                firstError.accumulateAndGet(i, Math::min);
                return;
              }
              int count = done.incrementAndGet();
              if (tenth > 0 && (count % tenth == 0 || count == n)) {
                log.printf(Locale.ROOT, "decoded %,d of %,d images%n", count, n);
              }
            });
    if (firstError.get() < n) {
      throw errors[firstError.get()];
    }
    return pixels;
  }

  private static void checkSize(Path file, int w, int h) {
    if (w < 1 || h < 1 || w > GrayImage.MAX_SIDE || h > GrayImage.MAX_SIDE) {
      throw new UserException(
          "%s: expected an image of 1x1 to %dx%d pixels (it is resized), got %dx%d"
              .formatted(file, GrayImage.MAX_SIDE, GrayImage.MAX_SIDE, w, h));
    }
  }
}

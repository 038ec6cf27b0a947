package io.lenet5.data;

import io.lenet5.Json;
import io.lenet5.UserException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A data set in MNIST's IDX format that the tool knows by name: its four files, what their content
 * must be, where they are served and what their labels mean.
 *
 * @param name the name {@code data.name} and {@code --dataset} take, also the cache folder's
 * @param files the four decompressed file names, in {@link #TRAIN_IMAGES}.. {@link #TEST_LABELS}
 *     order
 * @param trainImages images in the training file
 * @param testImages images in the test file
 * @param sha256 file name to the SHA-256 of its decompressed content; empty where none is on record
 * @param gzipSha256 file name to the SHA-256 of the gzip file its mirrors serve, accepted instead
 *     of the content's where only that is published; empty if none
 * @param mirrors base URLs that serve {@code <file>.gz}; empty where the files come in an archive
 * @param classNames the name of each class, in label order
 * @param firstLabel the label of class 0 in the files (1 for EMNIST letters, else 0)
 * @param transposed whether the files store each image column by column (EMNIST)
 * @param howToGet what to tell a user who must fetch the files by hand
 */
public record KnownDataset(
    String name,
    List<String> files,
    int trainImages,
    int testImages,
    Map<String, String> sha256,
    Map<String, String> gzipSha256,
    List<URI> mirrors,
    List<String> classNames,
    int firstLabel,
    boolean transposed,
    String howToGet) {

  /** Index of each file in {@link #files}. */
  public static final int TRAIN_IMAGES = 0;

  public static final int TRAIN_LABELS = 1;
  public static final int TEST_IMAGES = 2;
  public static final int TEST_LABELS = 3;

  /** The names of MNIST's four files, also those of any IDX folder not known by name. */
  public static final List<String> IDX_NAMES =
      List.of(
          "train-images-idx3-ubyte",
          "train-labels-idx1-ubyte",
          "t10k-images-idx3-ubyte",
          "t10k-labels-idx1-ubyte");

  private static final List<String> DIGITS = numbers(10);

  /** The default: LeCun's handwritten digits. */
  public static final KnownDataset MNIST =
      mnistLike(
          "mnist",
          List.of(
              "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
              "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
              "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
              "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
          Map.of(),
          List.of(
              URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
              URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/")),
          DIGITS);

  /**
   * Zalando's clothes. The digests are of the content, so Debian's re-compressed copy (package
   * dataset-fashion-mnist) passes as well as the original gzip files.
   */
  public static final KnownDataset FASHION_MNIST =
      mnistLike(
          "fashion-mnist",
          List.of(
              "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
              "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
              "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
              "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
          Map.of(),
          List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
          List.of(
              "T-shirt/top",
              "Trouser",
              "Pullover",
              "Dress",
              "Coat",
              "Sandal",
              "Shirt",
              "Sneaker",
              "Bag",
              "Ankle boot"));

  /**
   * Kuzushiji-MNIST: ten cursive hiragana, named in romaji. Only the gzip files' digests are
   * published (ROIS-CODH's), so a re-compressed copy needs {@code --skip-verify}.
   */
  public static final KnownDataset KMNIST =
      mnistLike(
          "kmnist",
          List.of(),
          map(
              IDX_NAMES,
              List.of(
                  "51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4",
                  "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17",
                  "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5",
                  "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c")),
          List.of(URI.create("https://codh.rois.ac.jp/kmnist/dataset/kmnist/")),
          List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"));

  /** EMNIST's 280,000 digits. */
  public static final KnownDataset EMNIST_DIGITS = emnist("digits", 240_000, 40_000, DIGITS, 0);

  /** EMNIST's letters: 26 classes, upper and lower case together, labelled 1..26 in the files. */
  public static final KnownDataset EMNIST_LETTERS =
      emnist(
          "letters",
          124_800,
          20_800,
          IntStream.range(0, 26).mapToObj(i -> String.valueOf((char) ('a' + i))).toList(),
          1);

  /** EMNIST balanced: digits, capitals and the 11 lower-case letters unlike their capitals. */
  public static final KnownDataset EMNIST_BALANCED =
      emnist("balanced", 112_800, 18_800, balancedNames(), 0);

  /** Every known data set, MNIST first. */
  public static final List<KnownDataset> ALL =
      List.of(MNIST, FASHION_MNIST, KMNIST, EMNIST_DIGITS, EMNIST_LETTERS, EMNIST_BALANCED);

  /**
   * Keeps unmodifiable copies.
   *
   * @throws IllegalArgumentException if digests are on record for some files but not all
   */
  public KnownDataset {
    files = List.copyOf(files);
    sha256 = Map.copyOf(sha256);
    gzipSha256 = Map.copyOf(gzipSha256);
    Map<String, String> content = sha256;
    Map<String, String> gzip = gzipSha256;
    long digested =
        files.stream().filter(f -> content.containsKey(f) || gzip.containsKey(f)).count();
    if (digested != 0 && digested != files.size()) {
      throw new IllegalArgumentException(
          name + ": digests for " + digested + " of the " + files.size() + " files");
    }
    mirrors = List.copyOf(mirrors);
    classNames = List.copyOf(classNames);
  }

  /**
   * The data set called {@code name}.
   *
   * @throws UserException naming the known ones and the nearest
   */
  public static KnownDataset byName(String name) {
    for (KnownDataset d : ALL) {
      if (d.name.equals(name)) {
        return d;
      }
    }
    List<Object> names = ALL.stream().map(d -> (Object) d.name).toList();
    String nearest = name == null ? null : Json.nearest(name, names);
    throw new UserException(
        "data.name: expected one of "
            + String.join(", ", ALL.stream().map(KnownDataset::name).toList())
            + ", got '"
            + UserException.shown(name)
            + "'"
            + (nearest == null ? "" : " (did you mean '" + nearest + "'?)"));
  }

  /** Size in bytes of the decompressed content of {@code file}: the header, then the items. */
  public long contentSize(String file) {
    int index = files.indexOf(file);
    if (index < 0) {
      throw new IllegalArgumentException(name + " has no file " + file);
    }
    long count = index < TEST_IMAGES ? trainImages : testImages;
    return index % 2 == 0 ? 16 + count * 28 * 28 : 8 + count;
  }

  /** Whether digests are on record: for every file, its content's or its gzip file's. */
  public boolean hasDigests() {
    return files.stream().allMatch(f -> sha256.containsKey(f) || gzipSha256.containsKey(f));
  }

  /**
   * Whether a file of this set with these digests is the published one.
   *
   * @param fileSha256 the SHA-256 of the file as stored, which is that of the content for an
   *     uncompressed file
   */
  public boolean accepts(String file, String contentSha256, String fileSha256) {
    return contentSha256.equals(sha256.get(file)) || fileSha256.equals(gzipSha256.get(file));
  }

  /** The digests a message quotes for {@code file}: the content's, or else the gzip file's. */
  public String expectedDigest(String file) {
    return sha256.containsKey(file)
        ? sha256.get(file) + " of the decompressed content"
        : gzipSha256.get(file) + " of the gzip file";
  }

  /** "0".."n-1": the class names of a data set that has none on record. */
  public static List<String> numbers(int n) {
    return IntStream.range(0, n).mapToObj(String::valueOf).toList();
  }

  private static KnownDataset mnistLike(
      String name,
      List<String> sha256,
      Map<String, String> gzipSha256,
      List<URI> mirrors,
      List<String> classNames) {
    return new KnownDataset(
        name,
        IDX_NAMES,
        60_000,
        10_000,
        sha256.isEmpty() ? Map.of() : map(IDX_NAMES, sha256),
        gzipSha256,
        mirrors,
        classNames,
        0,
        false,
        "pass --data-dir with a folder holding " + String.join(", ", gz(IDX_NAMES)));
  }

  private static KnownDataset emnist(
      String split, int train, int test, List<String> classNames, int firstLabel) {
    String prefix = "emnist-" + split + "-";
    List<String> files =
        List.of(
            prefix + "train-images-idx3-ubyte",
            prefix + "train-labels-idx1-ubyte",
            prefix + "test-images-idx3-ubyte",
            prefix + "test-labels-idx1-ubyte");
    return new KnownDataset(
        "emnist-" + split,
        files,
        train,
        test,
        Map.of(),
        Map.of(),
        List.of(),
        classNames,
        firstLabel,
        true,
        "NIST serves EMNIST as one archive: download gzip.zip from"
            + " https://www.nist.gov/itl/products-and-services/emnist-dataset, unzip it and pass"
            + " --data-dir with its gzip folder, which holds "
            + String.join(", ", gz(files)));
  }

  private static List<String> balancedNames() {
    List<String> names = new ArrayList<>(DIGITS);
    for (char c = 'A'; c <= 'Z'; c++) {
      names.add(String.valueOf(c));
    }
    for (char c : "abdefghnqrt".toCharArray()) {
      names.add(String.valueOf(c));
    }
    return names;
  }

  private static Map<String, String> map(List<String> keys, List<String> values) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      map.put(keys.get(i), values.get(i));
    }
    return map;
  }

  private static List<String> gz(List<String> files) {
    return files.stream().map(f -> f + ".gz").toList();
  }
}

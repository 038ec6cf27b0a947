package io.lenet5.data;

import io.lenet5.UserException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where {@link MnistRepository} looks for MNIST and how it downloads it. Start from {@link
 * #defaults()} and change fields with the {@code withX} methods; each returns a new instance.
 *
 * @param dataDir a folder that must hold the four files, or null to look elsewhere
 * @param env reads environment variables ({@code System::getenv} by default; tests pass a map)
 * @param cacheDir where downloads go and are looked for when neither {@code dataDir} nor {@code
 *     LENET5_DATA_DIR} is set
 * @param mirrors base URLs tried in order; each must serve {@code <name>.gz}
 * @param verifyChecksums whether the decompressed content must match {@code expectedSha256}; off
 *     lets a user bring other data in the same format, such as Fashion-MNIST
 * @param downloadAllowed whether missing files in the cache folder may be downloaded
 * @param retriesPerMirror extra attempts at one mirror after a failed one (0 = try once)
 * @param retryBackoff wait before the first retry; the n-th retry waits n times as long
 * @param connectTimeout limit for opening a connection
 * @param readTimeout longest wait for the response or for the next bytes of its body; a mirror that
 *     goes silent for this long is tried again
 * @param mirrorDeadline limit for all attempts at one file from one mirror together, so that a
 *     mirror that trickles bytes gives way to the next one
 * @param expectedSha256 decompressed-file name to the hex SHA-256 of its content
 * @param log where download progress goes (stderr by default)
 */
public record DataOptions(
    Path dataDir,
    Function<String, String> env,
    Path cacheDir,
    List<URI> mirrors,
    boolean verifyChecksums,
    boolean downloadAllowed,
    int retriesPerMirror,
    Duration retryBackoff,
    Duration connectTimeout,
    Duration readTimeout,
    Duration mirrorDeadline,
    Map<String, String> expectedSha256,
    PrintStream log) {

  /** Environment variable naming a folder that holds the four files. */
  public static final String DATA_DIR_ENV = "LENET5_DATA_DIR";

  /**
   * Environment variable listing mirror base URLs, separated by spaces, to use instead of {@link
   * #DEFAULT_MIRRORS} (a local copy, a proxy, or a test server).
   */
  public static final String MIRRORS_ENV = "LENET5_MNIST_MIRRORS";

  /** The public mirrors that serve the original gzip files. */
  public static final List<URI> DEFAULT_MIRRORS =
      List.of(
          URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
          URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

  /** Validates every field; a bad value names the field, what was expected and what was found. */
  public DataOptions {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(log, "log");
    expectedSha256 = Map.copyOf(expectedSha256);
    mirrors = mirrors.stream().map(DataOptions::checkMirror).toList();
    if (retriesPerMirror < 0) {
      throw new UserException(
          "retries per mirror: expected 0 or more but found " + retriesPerMirror);
    }
    requireNonNegative("retry backoff", retryBackoff);
    requirePositive("connect timeout", connectTimeout);
    requirePositive("read timeout", readTimeout);
    requirePositive("mirror deadline", mirrorDeadline);
  }

  /**
   * No explicit folder, the real environment, {@code ~/.cache/lenet5/mnist}, the mirrors of {@value
   * #MIRRORS_ENV} or else the default ones, checksums verified, downloads allowed, 2 retries per
   * mirror 1 s apart, 20 s to connect, 30 s without data and 5 min per file from one mirror,
   * progress on stderr.
   */
  public static DataOptions defaults() {
    return new DataOptions(
        null,
        System::getenv,
        Path.of(System.getProperty("user.home"), ".cache", "lenet5", "mnist"),
        mirrorsFrom(System.getenv(MIRRORS_ENV)),
        true,
        true,
        2,
        Duration.ofSeconds(1),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        MnistFiles.SHA256,
        System.err);
  }

  /** The mirrors a {@value #MIRRORS_ENV} value lists, or the default ones when it is unset. */
  static List<URI> mirrorsFrom(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_MIRRORS;
    }
    List<URI> mirrors = new ArrayList<>();
    for (String url : value.trim().split("\\s+")) {
      try {
        mirrors.add(checkMirror(new URI(url)));
      } catch (URISyntaxException | UserException e) {
        throw new UserException(
            MIRRORS_ENV + ": expected http(s) URLs separated by spaces but found '" + url + "'", e);
      }
    }
    return mirrors;
  }

  /** Sets the folder that must hold the four files; null looks in LENET5_DATA_DIR, then cache. */
  public DataOptions withDataDir(Path dir) {
    return with(d -> d.dataDir = dir);
  }

  /** Sets how environment variables are read, e.g. {@code Map.of(...)::get} in tests. */
  public DataOptions withEnv(Function<String, String> newEnv) {
    return with(d -> d.env = newEnv);
  }

  /** Sets the folder downloads go to. */
  public DataOptions withCacheDir(Path dir) {
    return with(d -> d.cacheDir = dir);
  }

  /** Sets the mirror base URLs, tried in order. */
  public DataOptions withMirrors(List<URI> urls) {
    return with(d -> d.mirrors = urls);
  }

  /** Sets whether decompressed content must match the checksum table. */
  public DataOptions withVerifyChecksums(boolean verify) {
    return with(d -> d.verifyChecksums = verify);
  }

  /** Sets whether missing files in the cache folder may be downloaded. */
  public DataOptions withDownloadAllowed(boolean allowed) {
    return with(d -> d.downloadAllowed = allowed);
  }

  /** Sets the retries per mirror and the backoff before the first retry. */
  public DataOptions withRetries(int retries, Duration backoff) {
    return with(
        d -> {
          d.retriesPerMirror = retries;
          d.retryBackoff = backoff;
        });
  }

  /** Sets the connect timeout and the longest wait for the response or the next bytes. */
  public DataOptions withTimeouts(Duration connect, Duration read) {
    return with(
        d -> {
          d.connectTimeout = connect;
          d.readTimeout = read;
        });
  }

  /** Sets the limit for all attempts at one file from one mirror. */
  public DataOptions withMirrorDeadline(Duration deadline) {
    return with(d -> d.mirrorDeadline = deadline);
  }

  /** Sets the checksum table: decompressed-file name to hex SHA-256. */
  public DataOptions withExpectedSha256(Map<String, String> table) {
    return with(d -> d.expectedSha256 = table);
  }

  /** Sets where download progress goes. */
  public DataOptions withLog(PrintStream out) {
    return with(d -> d.log = out);
  }

  private DataOptions with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** A copy's fields while a {@code withX} method changes them; the constructor validates. */
  private static final class Draft {
    Path dataDir;
    Function<String, String> env;
    Path cacheDir;
    List<URI> mirrors;
    boolean verifyChecksums;
    boolean downloadAllowed;
    int retriesPerMirror;
    Duration retryBackoff;
    Duration connectTimeout;
    Duration readTimeout;
    Duration mirrorDeadline;
    Map<String, String> expectedSha256;
    PrintStream log;

    Draft(DataOptions o) {
      dataDir = o.dataDir;
      env = o.env;
      cacheDir = o.cacheDir;
      mirrors = o.mirrors;
      verifyChecksums = o.verifyChecksums;
      downloadAllowed = o.downloadAllowed;
      retriesPerMirror = o.retriesPerMirror;
      retryBackoff = o.retryBackoff;
      connectTimeout = o.connectTimeout;
      readTimeout = o.readTimeout;
      mirrorDeadline = o.mirrorDeadline;
      expectedSha256 = o.expectedSha256;
      log = o.log;
    }

    DataOptions build() {
      return new DataOptions(
          dataDir,
          env,
          cacheDir,
          mirrors,
          verifyChecksums,
          downloadAllowed,
          retriesPerMirror,
          retryBackoff,
          connectTimeout,
          readTimeout,
          mirrorDeadline,
          expectedSha256,
          log);
    }
  }

  private static URI checkMirror(URI url) {
    String scheme = url.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || url.getHost() == null) {
      throw new UserException("mirror: expected an http(s) URL but found '" + url + "'");
    }
    // resolve("x.gz") against ".../mnist" would drop "mnist"; a trailing slash keeps it
    return url.getPath().endsWith("/") ? url : URI.create(url + "/");
  }

  private static void requireNonNegative(String field, Duration value) {
    if (value.isNegative()) {
      throw new UserException(field + ": expected 0 or more but found " + value);
    }
  }

  private static void requirePositive(String field, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new UserException(field + ": expected more than 0 but found " + value);
    }
  }
}

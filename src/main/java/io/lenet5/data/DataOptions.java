package io.lenet5.data;

import io.lenet5.UserException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where {@link IdxRepository} looks for a data set's files and how it downloads them. Start from
 * {@link #defaults()} and change fields with the {@code withX} methods; each returns a new
 * instance.
 *
 * @param dataDir a folder that must hold the four files, or null to look elsewhere
 * @param env reads environment variables ({@code System::getenv} by default; tests pass a map)
 * @param cacheDir where downloads go and are looked for when neither {@code dataDir} nor the data
 *     set's environment variable is set; null for {@code ~/.cache/lenet5/<data set>}
 * @param mirrors base URLs tried in order, each serving {@code <name>.gz}; null for those of the
 *     data set's {@link #mirrorsEnv} variable, else its public ones
 * @param verifyChecksums whether the content must match the data set's SHA-256s; off lets a user
 *     bring other data in the same format
 * @param downloadAllowed whether missing files in the cache folder may be downloaded
 * @param retriesPerMirror extra attempts at one mirror after a failed one (0 = try once)
 * @param retryBackoff wait before the first retry; the n-th retry waits n times as long
 * @param connectTimeout limit for opening a connection
 * @param readTimeout longest wait for the response or for the next bytes of its body; a mirror that
 *     goes silent for this long is tried again
 * @param mirrorDeadline limit for all attempts at one file from one mirror together, so that a
 *     mirror that trickles bytes gives way to the next one
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
    PrintStream log) {

  /** Environment variable naming a folder that holds MNIST's four files. */
  public static final String DATA_DIR_ENV = "LENET5_DATA_DIR";

  /** Environment variable listing MNIST's mirror base URLs; see {@link #mirrorsEnv}. */
  public static final String MIRRORS_ENV = "LENET5_MNIST_MIRRORS";

  /**
   * The environment variable naming a folder that holds the files of {@code dataset}: {@value
   * #DATA_DIR_ENV} for MNIST, {@code LENET5_FASHION_MNIST_DIR} for Fashion-MNIST and so on.
   */
  public static String dataDirEnv(KnownDataset dataset) {
    return dataset.name().equals(KnownDataset.MNIST.name())
        ? DATA_DIR_ENV
        : "LENET5_" + envName(dataset) + "_DIR";
  }

  /**
   * The environment variable listing mirror base URLs of {@code dataset}, separated by spaces, to
   * use instead of its public ones (a local copy, a proxy, or a test server): {@code
   * LENET5_MNIST_MIRRORS}, {@code LENET5_FASHION_MNIST_MIRRORS}...
   */
  public static String mirrorsEnv(KnownDataset dataset) {
    return "LENET5_" + envName(dataset) + "_MIRRORS";
  }

  private static String envName(KnownDataset dataset) {
    return dataset.name().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** Validates every field; a bad value names the field, what was expected and what was found. */
  public DataOptions {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(log, "log");
    mirrors = mirrors == null ? null : mirrors.stream().map(DataOptions::checkMirror).toList();
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
   * No explicit folder, the real environment, {@code ~/.cache/lenet5/<data set>}, the mirrors of
   * the data set's variable or else its public ones, checksums verified, downloads allowed, 2
   * retries per mirror 1 s apart, 20 s to connect, 30 s without data and 5 min per file from one
   * mirror, progress on stderr.
   */
  public static DataOptions defaults() {
    return new DataOptions(
        null,
        System::getenv,
        null,
        null,
        true,
        true,
        2,
        Duration.ofSeconds(1),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        System.err);
  }

  /** The folder of the tool's caches: {@code ~/.cache/lenet5}. */
  public static Path cacheRoot() {
    return Path.of(System.getProperty("user.home"), ".cache", "lenet5");
  }

  /** Where the files of {@code dataset} are cached: {@link #cacheDir} or its default. */
  public Path cacheDirFor(KnownDataset dataset) {
    return cacheDir != null ? cacheDir : cacheRoot().resolve(dataset.name());
  }

  /**
   * The mirrors of {@code dataset}: {@link #mirrors}, else its variable's, else its public ones.
   */
  public List<URI> mirrorsFor(KnownDataset dataset) {
    if (mirrors != null) {
      return mirrors;
    }
    List<URI> fromEnv = mirrorsFrom(mirrorsEnv(dataset), env.apply(mirrorsEnv(dataset)));
    return fromEnv != null ? fromEnv : dataset.mirrors();
  }

  /** The mirrors a variable's value lists; null when it is unset. */
  static List<URI> mirrorsFrom(String variable, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    List<URI> mirrors = new ArrayList<>();
    for (String url : value.trim().split("\\s+")) {
      try {
        mirrors.add(checkMirror(new URI(url)));
      } catch (URISyntaxException | UserException e) {
        throw new UserException(
            variable + ": expected http(s) URLs separated by spaces but found '" + url + "'", e);
      }
    }
    return mirrors;
  }

  /** Sets the folder that must hold the four files; null looks in the variable, then cache. */
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

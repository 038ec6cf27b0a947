package io.lenet5.data;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import io.lenet5.UserException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Downloads a known data set's gzip files from the mirrors in order, with retries. Each download
 * goes to a temp file beside its target, is checked (valid gzip, and the SHA-256 of its content
 * when verification is on), and only then is moved into place atomically, so a target is never
 * partial. The caller holds the folder's lock, so that leftovers of a killed download can be
 * removed.
 *
 * <p>Three limits keep a bad mirror from holding a download up or filling the disk: a mirror that
 * is silent for the read timeout is tried again, one that is still sending when its deadline passes
 * gives way to the next, and one that sends more bytes than the file can take is refused.
 */
final class Downloader {
  /** Temp files start with this: a name no person picks, so a leftover is safely removed. */
  static final String TEMP_PREFIX = ".lenet5-";

  private static final Pattern TEMP = Pattern.compile(Pattern.quote(TEMP_PREFIX) + ".*\\.tmp");

  private final DataOptions options;
  private final KnownDataset dataset;
  private final List<URI> mirrors;
  private final HttpClient client;

  /** Downloads the files of {@code dataset} from {@code mirrors}, as {@code options} say. */
  Downloader(DataOptions options, KnownDataset dataset, List<URI> mirrors) {
    this.options = options;
    this.dataset = dataset;
    this.mirrors = mirrors;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(options.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * The most bytes a download of {@code name} may take: its content, which is also what it takes
   * uncompressed, plus what gzip can add (deflate's stored blocks add 5 bytes in 16 KB, the header
   * a few more). More than that is not this file.
   */
  static long maxBytes(KnownDataset dataset, String name) {
    long size = dataset.contentSize(name);
    return size + size / 256 + 1024;
  }

  /** Removes the temp files a killed download left in {@code dir}; the caller holds its lock. */
  static void removeLeftovers(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        if (TEMP.matcher(entry.getFileName().toString()).matches()) {
          Files.deleteIfExists(entry);
        }
      }
    } catch (IOException e) {
      throw new UserException(dir + ": cannot remove leftover downloads (" + e + ")", e);
    }
  }

  /**
   * Downloads {@code name.gz} into {@code dir} and returns its path.
   *
   * @throws UserException listing every mirror tried and why it failed, or if {@code dir} cannot be
   *     written
   */
  Path download(String name, Path dir) {
    String file = name + ".gz";
    Path target = dir.resolve(file);
    List<String> failures = new ArrayList<>();
    for (URI mirror : mirrors) {
      URI url = mirror.resolve(file);
      String failure = fromMirror(url, name, target);
      if (failure == null) {
        return target;
      }
      failures.add(url + " (" + failure + ")");
    }
    throw new UserException(
        "could not download "
            + file
            + " into "
            + dir
            + ": tried "
            + (failures.isEmpty() ? "no mirrors" : String.join(", ", failures))
            + "; "
            + dataset.howToGet());
  }

  /**
   * Tries one mirror with retries until its deadline; returns null on success, else why the last
   * attempt failed.
   */
  private String fromMirror(URI url, String name, Path target) {
    long deadline = System.nanoTime() + options.mirrorDeadline().toNanos();
    int attempts = options.retriesPerMirror() + 1;
    for (int attempt = 1; ; attempt++) {
      String retry = attempt > 1 ? " (attempt " + attempt + " of " + attempts + ")" : "";
      options.log().println("downloading " + url + retry);
      try {
        fetch(url, name, target, deadline);
        return null;
      } catch (Failure f) {
        options.log().println("  failed: " + f.getMessage());
        if (!f.retryable || attempt == attempts) {
          return f.getMessage() + (attempt > 1 ? ", " + attempt + " attempts" : "");
        }
      }
      sleep(url, attempt, deadline);
    }
  }

  private void fetch(URI url, String name, Path target, long deadline) throws Failure {
    Path temp = createTemp(target);
    try {
      long bytes = send(url, name, temp, deadline);
      Decompressed.Digests sha256 = digests(temp);
      if (options.verifyChecksums()
          && dataset.hasDigests()
          && !dataset.accepts(name, sha256.content(), sha256.file())) {
        throw new Failure(
            "corrupt download: expected SHA-256 "
                + dataset.expectedDigest(name)
                + " but found "
                + (dataset.sha256().containsKey(name) ? sha256.content() : sha256.file()),
            false);
      }
      Files.move(temp, target, ATOMIC_MOVE);
      options.log().println("  saved " + bytes + " bytes as " + target);
    } catch (IOException e) {
      throw cannotWrite(target.getParent(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Writes the body of a 200 response into {@code temp}; returns its length. */
  private long send(URI url, String name, Path temp, long deadline) throws Failure, IOException {
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      CappedFile body = new CappedFile(channel, maxBytes(dataset, name));
      CompletableFuture<HttpResponse<Long>> future =
          client.sendAsync(
              HttpRequest.newBuilder(url).build(),
              info -> {
                body.touch();
                return info.statusCode() == 200 ? body : BodySubscribers.replacing(0L);
              });
      HttpResponse<Long> response = await(url, future, body, deadline);
      if (response.statusCode() != 200) {
        throw new Failure("HTTP " + response.statusCode(), response.statusCode() >= 500);
      }
      return response.body();
    }
  }

  /** Waits for the response while bytes keep arriving, up to the mirror's deadline. */
  private HttpResponse<Long> await(
      URI url, CompletableFuture<HttpResponse<Long>> future, CappedFile body, long deadline)
      throws Failure, IOException {
    long readTimeout = options.readTimeout().toNanos();
    while (true) {
      long now = System.nanoTime();
      long wait = Math.min(body.lastActivity + readTimeout, deadline) - now;
      if (wait <= 0) {
        future.cancel(true); // since JDK 16 this also aborts the exchange
        throw deadline <= now
            ? new Failure(
                "took longer than the " + shown(options.mirrorDeadline()) + " a mirror is given",
                false)
            : new Failure("no data for " + shown(options.readTimeout()), true);
      }
      try {
        return future.get(wait, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // bytes may have arrived meanwhile: look again
      } catch (ExecutionException e) {
        if (body.writeError != null) {
          throw body.writeError;
        }
        if (body.tooLong) {
          throw new Failure(
              "expected at most "
                  + body.maxBytes
                  + " bytes (the largest the file can be, gzipped or not) but the mirror sent more",
              false);
        }
        throw new Failure(describe(e.getCause()), true);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new UserException("download of " + url + " interrupted", e);
      }
    }
  }

  /** Duration prints as PT1M30S; "1m30s" reads better. */
  private static String shown(Duration duration) {
    return duration.toString().substring(2).toLowerCase();
  }

  /** The first message along the cause chain; HttpClient often leaves the outer one empty. */
  private static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return error instanceof ConnectException ? "cannot connect" : error.getClass().getSimpleName();
  }

  private static Decompressed.Digests digests(Path temp) throws Failure {
    try {
      return Decompressed.sha256(temp);
    } catch (UserException e) {
      throw new Failure("corrupt download: " + e.getCause().getMessage(), false);
    }
  }

  private static Path createTemp(Path target) {
    try {
      return Files.createTempFile(
          target.getParent(), TEMP_PREFIX + target.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw cannotWrite(target.getParent(), e);
    }
  }

  private static UserException cannotWrite(Path dir, IOException e) {
    return new UserException(dir + ": cannot write (" + e + ")", e);
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // the next download, under the lock, removes it
    }
  }

  /** Waits before a retry, but not past the mirror's deadline. */
  private void sleep(URI url, int attempt, long deadline) {
    long backoff = options.retryBackoff().multipliedBy(attempt).toNanos();
    long left = Math.max(0, deadline - System.nanoTime());
    try {
      TimeUnit.NANOSECONDS.sleep(Math.min(backoff, left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("download of " + url + " interrupted", e);
    }
  }

  /**
   * Writes a response body into a file as it arrives and stops at {@code maxBytes}, so that a
   * mirror sending an endless stream fills no disk; notes when bytes last arrived.
   */
  private static final class CappedFile implements BodySubscriber<Long> {
    final long maxBytes;
    volatile long lastActivity = System.nanoTime();
    volatile boolean tooLong;
    volatile IOException writeError;

    private final FileChannel channel;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long written;

    CappedFile(FileChannel channel, long maxBytes) {
      this.channel = channel;
      this.maxBytes = maxBytes;
    }

    void touch() {
      lastActivity = System.nanoTime();
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      touch();
      try {
        for (ByteBuffer buffer : buffers) {
          written += buffer.remaining();
          if (written > maxBytes) {
            tooLong = true;
            stop(new IOException("more than " + maxBytes + " bytes"));
            return;
          }
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
        subscription.request(1);
      } catch (IOException e) {
        writeError = e;
        stop(e);
      }
    }

    private void stop(IOException why) {
      subscription.cancel();
      result.completeExceptionally(why);
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(written);
    }
  }

  /** Why one attempt failed, and whether trying the same mirror again may help. */
  private static final class Failure extends Exception {
    final boolean retryable;

    Failure(String reason, boolean retryable) {
      super(reason);
      this.retryable = retryable;
    }
  }
}

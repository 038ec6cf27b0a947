package io.lenet5.data;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import io.lenet5.UserException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads MNIST gzip files from the mirrors in order, with retries. Each download goes to a temp
 * file beside its target, is checked (valid gzip, and the SHA-256 of its content when verification
 * is on), and only then is moved into place atomically, so a target is never partial.
 */
final class Downloader {
  private final DataOptions options;
  private final HttpClient client;

  Downloader(DataOptions options) {
    this.options = options;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(options.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
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
    for (URI mirror : options.mirrors()) {
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
            + "; put the MNIST files in a folder and set "
            + DataOptions.DATA_DIR_ENV);
  }

  /** Tries one mirror with retries; returns null on success, else why the last attempt failed. */
  private String fromMirror(URI url, String name, Path target) {
    int attempts = options.retriesPerMirror() + 1;
    for (int attempt = 1; ; attempt++) {
      String retry = attempt > 1 ? " (attempt " + attempt + " of " + attempts + ")" : "";
      options.log().println("downloading " + url + retry);
      try {
        fetch(url, name, target);
        return null;
      } catch (Failure f) {
        options.log().println("  failed: " + f.getMessage());
        if (!f.retryable || attempt == attempts) {
          return f.getMessage() + (attempt > 1 ? ", " + attempt + " attempts" : "");
        }
      }
      sleep(url, attempt);
    }
  }

  private void fetch(URI url, String name, Path target) throws Failure {
    Path temp = createTemp(target);
    try {
      HttpResponse<Path> response = send(url, temp);
      if (response.statusCode() != 200) {
        throw new Failure("HTTP " + response.statusCode(), response.statusCode() >= 500);
      }
      String sha256 = contentSha256(temp);
      String expected = options.expectedSha256().get(name);
      if (options.verifyChecksums() && !sha256.equals(expected)) {
        throw new Failure(
            "corrupt download: expected SHA-256 "
                + expected
                + " of the content but found "
                + sha256,
            false);
      }
      long bytes = Files.size(temp);
      Files.move(temp, target, ATOMIC_MOVE);
      options.log().println("  saved " + bytes + " bytes as " + target);
    } catch (IOException e) {
      throw new UserException(target.getParent() + ": cannot write (" + e + ")", e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private HttpResponse<Path> send(URI url, Path temp) throws Failure {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(options.downloadTimeout()).build();
    CompletableFuture<HttpResponse<Path>> future =
        client.sendAsync(request, BodyHandlers.ofFile(temp));
    try {
      return future.get(options.downloadTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true); // since JDK 16 this also aborts the exchange
      // Duration prints as PT1M30S; "1m30s" reads better
      String limit = options.downloadTimeout().toString().substring(2).toLowerCase();
      throw new Failure("timed out after " + limit, true);
    } catch (ExecutionException e) {
      throw new Failure(describe(e.getCause()), true);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new UserException("download of " + url + " interrupted", e);
    }
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

  private static String contentSha256(Path temp) throws Failure {
    try {
      return Decompressed.sha256(temp);
    } catch (UserException e) {
      throw new Failure("corrupt download: " + e.getCause().getMessage(), false);
    }
  }

  private static Path createTemp(Path target) {
    try {
      Files.createDirectories(target.getParent());
      return Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new UserException(target.getParent() + ": cannot write (" + e + ")", e);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // a leftover *.tmp is harmless: lookups only match the exact file names
    }
  }

  private void sleep(URI url, int attempt) {
    try {
      Thread.sleep(options.retryBackoff().multipliedBy(attempt).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("download of " + url + " interrupted", e);
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

package io.lenet5.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The git commit the working directory is at, for provenance; best effort. */
final class GitCommit {
  private GitCommit() {}

  /**
   * {@code git rev-parse HEAD} in the working directory, or null when git is missing, the folder is
   * not a repository, or git takes over 5 s: an export must not fail for want of a commit.
   */
  static String head() {
    try {
      Process git =
          new ProcessBuilder("git", "rev-parse", "HEAD")
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!git.waitFor(5, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return null;
      }
      String out =
          new String(git.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}

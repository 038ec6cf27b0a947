package io.lenet5.tune;

import io.lenet5.AtomicFiles;
import io.lenet5.OutputLock;
import io.lenet5.UserException;
import io.lenet5.data.DataRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files a search writes into its folder, told apart from anything else there: {@code
 * --overwrite} deletes only these, and refuses when the folder holds something the tool never
 * wrote.
 */
public final class TuneFiles {
  /** Where {@code best/} is rebuilt before it replaces the old one; resumable, so kept. */
  static final String BEST_STAGING = ".best.next";

  private static final Pattern BEST =
      Pattern.compile("checkpoint\\.ckpt|retrained\\.ckpt|trial\\.json|metrics\\.json|model");

  private static final Pattern LEFTOVER = Pattern.compile("\\..+(\\.tmp|\\.tmp-.+|\\.old)");

  /**
   * Top-level names a search writes, each with the names that may lie inside it (empty: a plain
   * file).
   */
  private static final Map<String, Pattern> OURS =
      Map.ofEntries(
          Map.entry("spec.json", Pattern.compile("")),
          Map.entry("oracle.json", Pattern.compile("")),
          Map.entry("results.json", Pattern.compile("")),
          Map.entry("results.csv", Pattern.compile("")),
          Map.entry(DataRecord.FILE, Pattern.compile("")),
          Map.entry("trials", Pattern.compile("trial_\\d+\\.json")),
          Map.entry("checkpoints", Pattern.compile("trial_\\d+\\.ckpt")),
          Map.entry("histories", Pattern.compile("trial_\\d+\\.json")),
          Map.entry("best", BEST),
          Map.entry(BEST_STAGING, BEST),
          // The search's TensorBoard logs (by default) and plots, written by its listener.
          Map.entry("logs", Pattern.compile(".+")),
          Map.entry("trial_curves.png", Pattern.compile("")),
          Map.entry("hyperparameters.png", Pattern.compile("")),
          // Where trial runs are staged before moving into logs/; left behind by a killed search.
          Map.entry(".logs.staging", Pattern.compile("trial_\\d+")));

  private TuneFiles() {}

  /** The folder {@code best/} is rebuilt in. */
  public static Path bestStaging(TuneLayout layout) {
    return layout.directory().resolve(BEST_STAGING);
  }

  /** The first path in the search's folder that the tool did not write, if any. */
  static Optional<Path> firstForeign(TuneLayout layout) {
    for (Path entry : sorted(layout.directory())) {
      String name = entry.getFileName().toString();
      Pattern inside = OURS.get(name);
      if (name.equals(OutputLock.FILE) || LEFTOVER.matcher(name).matches()) {
        continue;
      }
      if (inside == null || Files.isDirectory(entry) == inside.pattern().isEmpty()) {
        return Optional.of(entry);
      }
      if (Files.isDirectory(entry)) {
        for (Path child : sorted(entry)) {
          String childName = child.getFileName().toString();
          if (!inside.matcher(childName).matches() && !LEFTOVER.matcher(childName).matches()) {
            return Optional.of(child);
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Deletes the search's files for a fresh start, refusing if anything else is in the folder. The
   * lock file stays: the running process holds it.
   */
  static void deleteOurs(TuneLayout layout) {
    firstForeign(layout)
        .ifPresent(
            path -> {
              throw new UserException(
                  layout.directory()
                      + ": holds "
                      + path
                      + ", which a search does not write; --overwrite deletes only a search's own"
                      + " files, so move it away or choose another folder");
            });
    for (Path entry : sorted(layout.directory())) {
      if (!entry.getFileName().toString().equals(OutputLock.FILE)) {
        AtomicFiles.deleteRecursively(entry);
      }
    }
  }

  /** Cleans what a killed run left: temporary files, staging folders, a half-swapped best/. */
  static void removeLeftovers(TuneLayout layout) {
    for (String dir : List.of("", "trials", "checkpoints", "histories", "best", BEST_STAGING)) {
      AtomicFiles.removeLeftovers(layout.directory().resolve(dir));
    }
  }

  private static List<Path> sorted(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}

package io.lenet5.tune;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a search keeps its files, beside the oracle's {@code oracle.json} and {@code trials/}:
 * {@code spec.json}, {@code checkpoints/trial_NNNN.ckpt}, {@code histories/trial_NNNN.json}, {@code
 * results.json}, {@code results.csv} and {@code best/}.
 */
public record TuneLayout(Path directory) {
  private static final Pattern TRIAL_CHECKPOINT = Pattern.compile("trial_\\d+\\.ckpt");

  /** The spec the search runs, with its fingerprint. */
  public Path spec() {
    return directory.resolve("spec.json");
  }

  /** A trial's checkpoint, which its promoted children continue from. */
  public Path checkpoint(String trialId) {
    return directory.resolve(checkpointName(trialId));
  }

  /** A trial's checkpoint relative to the search's folder, as its history records it. */
  public static String checkpointName(String trialId) {
    return "checkpoints/trial_" + trialId + ".ckpt";
  }

  /** A trial's per-epoch metrics and timings. */
  public Path history(String trialId) {
    return directory.resolve("histories").resolve("trial_" + trialId + ".json");
  }

  /** Ranked trials as JSON. */
  public Path resultsJson() {
    return directory.resolve("results.json");
  }

  /** Ranked trials as CSV. */
  public Path resultsCsv() {
    return directory.resolve("results.csv");
  }

  /**
   * The checkpoints the search has written: each trial's, and those of {@code best/} and of its
   * staging folder.
   */
  public List<Path> checkpointFiles() {
    List<Path> files = new ArrayList<>();
    Path checkpoints = directory.resolve("checkpoints");
    try (Stream<Path> trials = Files.list(checkpoints)) {
      trials
          .filter(f -> TRIAL_CHECKPOINT.matcher(f.getFileName().toString()).matches())
          .sorted()
          .forEach(files::add);
    } catch (NoSuchFileException | NotDirectoryException e) {
      // no trial has completed, or the folder is not a search's: its own checks say so
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + checkpoints + ": " + e.getMessage(), e);
    }
    for (Path dir : List.of(best(), directory.resolve(TuneFiles.BEST_STAGING))) {
      files.add(dir.resolve("checkpoint.ckpt"));
      files.add(dir.resolve("retrained.ckpt"));
    }
    return files;
  }

  /** The best trial's model. */
  public Path best() {
    return directory.resolve("best");
  }
}

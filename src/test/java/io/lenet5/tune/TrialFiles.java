package io.lenet5.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A search folder's trial records, for tests that compare searches. */
public final class TrialFiles {
  private TrialFiles() {}

  /** Trial file name to content: the oracle's whole record of each trial in {@code out}. */
  public static Map<String, String> records(Path out) throws IOException {
    Map<String, String> records = new TreeMap<>();
    try (Stream<Path> files = Files.list(out.resolve("trials"))) {
      for (Path f : files.toList()) {
        records.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return records;
  }
}

package io.lenet5.tune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, to show that a long search does not grow. */
public final class ResidentMemory {
  private ResidentMemory() {}

  /** VmRSS in MiB from /proc/self/status, or -1 where that file does not exist (not Linux). */
  public static long megabytes() {
    return field("VmRSS:");
  }

  /** VmHWM (peak resident memory) in MiB, or -1 where unknown. */
  public static long peakMegabytes() {
    return field("VmHWM:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replace("kB", "").trim()) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}

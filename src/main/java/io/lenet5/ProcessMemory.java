package io.lenet5;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status}, native TensorFlow memory included
 * (which the JVM's own counters miss), to show what a run keeps. -1 where the file does not exist.
 */
public final class ProcessMemory {
  private ProcessMemory() {}

  /** Current resident set in MiB ({@code VmRSS}). */
  public static double residentMib() {
    return field("VmRSS:");
  }

  /** Peak resident set so far in MiB ({@code VmHWM}, the high-water mark). */
  public static double peakResidentMib() {
    return field("VmHWM:");
  }

  private static double field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          String kb = line.substring(name.length()).replace("kB", "").trim();
          return Long.parseLong(kb) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}

package io.lenet5.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process, TensorFlow's native threads included, and the machine's load. On a
 * shared machine wall-clock throughput depends on what else runs; CPU time per image depends much
 * less on it, so reports give both.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU seconds used by this process so far, or NaN where the JVM cannot tell. */
  static double seconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      return nanos < 0 ? Double.NaN : nanos / 1e9;
    }
    return Double.NaN;
  }

  /** The 1-minute load average from {@code /proc/loadavg}, or -1. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}

package io.lenet5.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The FP32 peak of this machine: cores x clock x vector lanes x 2 (a fused multiply-add is two
 * FLOPs) x FMA units per core. Cores, clock and vector width are read from the system; the number
 * of FMA units is not visible from software and is an explicit assumption.
 *
 * @param clockSource where the clock came from, or what was assumed
 * @param lanesSource the instruction set the lane count comes from
 */
public record PeakFlops(
    int cores, double clockGhz, String clockSource, int lanes, String lanesSource, int fmaUnits) {
  /**
   * Two 512-bit FMA pipes per core, as on Intel server cores and AMD Zen 5; Zen 4 runs AVX-512 on
   * 256-bit pipes (pass 1 there).
   */
  public static final int DEFAULT_FMA_UNITS = 2;

  /** Slowest clock accepted for {@code --clock-ghz}: below it a figure is surely a typo. */
  public static final double MIN_CLOCK_GHZ = 0.1;

  /** Fastest clock accepted for {@code --clock-ghz}: no CPU core runs at 10 GHz. */
  public static final double MAX_CLOCK_GHZ = 10;

  /** Peak in GFLOP/s. */
  public double gflops() {
    return cores * clockGhz * lanes * 2.0 * fmaUnits;
  }

  /** The formula with its inputs and their sources. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "FP32 peak %.0f GFLOP/s = %d cores x %.2f GHz (%s) x %d lanes (%s) x 2 FLOP/FMA x %d FMA"
            + " units/core (assumed; --fma-units)",
        gflops(),
        cores,
        clockGhz,
        clockSource,
        lanes,
        lanesSource,
        fmaUnits);
  }

  /** Reads the machine; {@code clockOverrideGhz} (when positive) replaces the detected clock. */
  public static PeakFlops detect(int fmaUnits, double clockOverrideGhz) {
    String cpuinfo = read(Path.of("/proc/cpuinfo"));
    int cores = Runtime.getRuntime().availableProcessors();
    double ghz;
    String clockSource;
    String maxKhz = read(Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")).trim();
    if (clockOverrideGhz > 0) {
      ghz = clockOverrideGhz;
      clockSource = "--clock-ghz";
    } else if (!maxKhz.isEmpty()) {
      ghz = Long.parseLong(maxKhz) / 1e6;
      clockSource = "cpufreq max";
    } else {
      ghz = maxCpuMhz(cpuinfo) / 1000;
      clockSource = ghz > 0 ? "cpu MHz in /proc/cpuinfo, no turbo" : "unknown";
    }
    String flags = " " + flagsLine(cpuinfo) + " ";
    int lanes;
    String isa;
    if (flags.contains(" avx512f ")) {
      lanes = 16;
      isa = "AVX-512";
    } else if (flags.contains(" fma ")) {
      lanes = 8;
      isa = "AVX2/FMA";
    } else {
      lanes = 4;
      isa = "SSE, no AVX flags seen";
    }
    return new PeakFlops(cores, ghz, clockSource, lanes, isa, fmaUnits);
  }

  private static double maxCpuMhz(String cpuinfo) {
    return cpuinfo
        .lines()
        .filter(l -> l.startsWith("cpu MHz"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()))
        .max()
        .orElse(0);
  }

  private static String flagsLine(String cpuinfo) {
    return cpuinfo.lines().filter(l -> l.startsWith("flags")).findFirst().orElse("");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}

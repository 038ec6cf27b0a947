package io.lenet5.cli;

import io.lenet5.UserException;
import io.lenet5.train.Device;
import io.lenet5.train.DeviceRequest;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * The --device and --threads flags, parsed before any work starts and resolved (which probes for
 * CUDA) when a session is about to open.
 */
record DeviceChoice(DeviceRequest request, int threads) {
  /** More threads than this per core only add switching; many thousands abort TensorFlow. */
  static final int THREADS_PER_CORE = 4;

  /** Adds --device and --threads. */
  static Options addOptions(Options options) {
    return options
        .addOption(
            Flags.valued(
                "device",
                "cpu|gpu|auto",
                "where to train (default auto: the GPU if CUDA is usable)"))
        .addOption(Flags.valued("threads", "N", "CPU threads of a session (default: all cores)"));
  }

  /** Parses the flags; a bad value is a one-line error naming the flag. */
  static DeviceChoice from(CommandLine line) {
    DeviceRequest request =
        line.hasOption("device")
            ? DeviceRequest.parse(line.getOptionValue("device"))
            : DeviceRequest.AUTO;
    Integer threads = Flags.intValue(line, "threads");
    checkThreads(threads);
    return new DeviceChoice(request, threads == null ? 0 : threads);
  }

  /** Refuses a thread count below 1 or above {@value #THREADS_PER_CORE} per core. */
  static void checkThreads(Integer threads) {
    int most = THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
    if (threads != null && (threads < 1 || threads > most)) {
      throw new UserException(
          "--threads: must be in 1.."
              + most
              + " ("
              + THREADS_PER_CORE
              + " per core on this machine), got "
              + threads);
    }
  }

  /** The device to run on; a fallback from auto to the CPU is said on {@code log}. */
  Device resolve(PrintStream log) {
    return Device.resolve(request, threads, log::println);
  }
}

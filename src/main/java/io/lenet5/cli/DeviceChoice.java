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
  /** Adds --device and --threads. */
  static Options addOptions(Options options) {
    return options
        .addOption(
            Flags.valued(
                "device",
                "cpu|gpu|auto",
                "where to train (default auto: the GPU if CUDA is usable)"))
        .addOption(Flags.valued("threads", "N", "CPU threads per op (default: all cores)"));
  }

  /** Parses the flags; a bad value is a one-line error naming the flag. */
  static DeviceChoice from(CommandLine line) {
    DeviceRequest request =
        line.hasOption("device")
            ? DeviceRequest.parse(line.getOptionValue("device"))
            : DeviceRequest.AUTO;
    Integer threads = Flags.intValue(line, "threads");
    if (threads != null && threads < 1) {
      throw new UserException("--threads: must be >= 1, got " + threads);
    }
    return new DeviceChoice(request, threads == null ? 0 : threads);
  }

  /** The device to run on; a fallback from auto to the CPU is said on {@code log}. */
  Device resolve(PrintStream log) {
    return Device.resolve(request, threads, log::println);
  }
}

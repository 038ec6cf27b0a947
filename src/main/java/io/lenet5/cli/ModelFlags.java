package io.lenet5.cli;

import io.lenet5.UserException;
import io.lenet5.export.TrustOptions;
import java.io.PrintStream;
import java.time.Duration;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** The flags of the commands that run a SavedModel: how far the model is trusted. */
final class ModelFlags {
  private ModelFlags() {}

  /** Adds {@code --trust-model} and {@code --timeout-seconds} to {@code options}. */
  static Options addTo(Options options) {
    return options
        .addOption(
            Flags.flag(
                "trust-model",
                "run the model even if it uses ops outside the inference allow-list or exceeds its"
                    + " size limits (a SavedModel is a program: it runs with this program's file"
                    + " access)"))
        .addOption(
            Flags.valued(
                "timeout-seconds",
                "N",
                "stop loading the model, or one call of it, after N seconds (default "
                    + TrustOptions.DEFAULT.timeout().toSeconds()
                    + ")"));
  }

  /** The options the flags ask for; warns on {@code err} when the op check is off. */
  static TrustOptions of(CommandLine line, PrintStream err) {
    Integer seconds = Flags.intValue(line, "timeout-seconds");
    if (seconds != null && seconds < 1) {
      throw new UserException("--timeout-seconds: must be >= 1, got " + seconds);
    }
    boolean trust = line.hasOption("trust-model");
    if (trust) {
      err.println(
          "warning: --trust-model: the model's ops and size are not checked; it can read and write"
              + " files as this program can");
    }
    return new TrustOptions(
        trust, seconds == null ? TrustOptions.DEFAULT.timeout() : Duration.ofSeconds(seconds));
  }
}

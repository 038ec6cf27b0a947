package io.lenet5.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.UserException;
import io.lenet5.spec.Knobs;
import io.lenet5.spec.TrainSpec;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One flag per field of the spec's model and training sections ({@code learningRate} is {@code
 * --learning-rate}), applied the way the tuner applies search values ({@link Knobs#apply}), so the
 * records validate them and a new field gets its flag from its help line alone.
 */
final class HyperparameterFlags {
  /** A flag's argument name and help text; the default is added from {@link TrainSpec#DEFAULT}. */
  record Help(String argName, String text) {}

  /** Help by field; a field without an entry fails the command's tests. */
  static final Map<String, Help> HELP =
      Map.of(
          "activation", new Help("NAME", "relu or tanh"),
          "pooling", new Help("NAME", "average or max"),
          "optimizer", new Help("NAME", "adam or sgd (with momentum)"),
          "learningRate", new Help("RATE", "learning rate"),
          "momentum", new Help("M", "momentum of sgd"),
          "batchSize", new Help("N", "batch size"),
          "epochs", new Help("N", "number of epochs"),
          "schedule", new Help("NAME", "learning-rate schedule: constant or cosine"),
          "augmentShift",
              new Help("PIXELS", "shift training images randomly by up to this many pixels"));

  private HyperparameterFlags() {}

  /** Adds a flag for every field, its help ending with the default. */
  static Options addOptions(Options options) {
    Knobs.fields()
        .forEach(
            (field, value) -> {
              Help help = HELP.get(field);
              if (help == null) {
                throw new IllegalStateException("no help for the flag of field " + field);
              }
              options.addOption(
                  Flags.valued(
                      flag(field),
                      help.argName(),
                      help.text() + " (default " + value.asText() + ")"));
            });
    return options;
  }

  /** The spec with each given flag's value written into its field. */
  static TrainSpec apply(TrainSpec spec, CommandLine line) {
    for (Map.Entry<String, JsonNode> field : Knobs.fields().entrySet()) {
      String flag = flag(field.getKey());
      if (!line.hasOption(flag)) {
        continue;
      }
      JsonNode type = field.getValue();
      Object value =
          type.isIntegralNumber()
              ? Flags.intValue(line, flag)
              : type.isNumber() ? Flags.doubleValue(line, flag) : line.getOptionValue(flag);
      try {
        spec = Knobs.apply(spec, Map.of(field.getKey(), value));
      } catch (UserException e) {
        throw new UserException("--" + flag + ": " + withoutPath(e.getMessage(), field.getKey()));
      }
    }
    return spec;
  }

  /** {@code learningRate} to {@code learning-rate}. */
  static String flag(String field) {
    return field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  /** "training.learningRate: must be > 0" reads "must be > 0" after the flag's name. */
  private static String withoutPath(String message, String field) {
    int at = message.indexOf(field + ": ");
    return at >= 0 && at <= "training.".length()
        ? message.substring(at + field.length() + 2)
        : message;
  }
}

package io.lenet5.cli;

import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.spec.Knobs;
import io.lenet5.spec.TrainSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One flag per field of the spec's model and training sections ({@code learningRate} is {@code
 * --learning-rate}), described by the field's {@code @JsonPropertyDescription} and applied the way
 * the tuner applies search values ({@link Knobs#apply}), so the records validate them and a new
 * field gets its flag without an edit here.
 */
final class HyperparameterFlags {
  private HyperparameterFlags() {}

  /** Adds a flag for every field, its help ending with the default. */
  static Options addOptions(Options options) {
    for (Knobs.Field field : Knobs.fields().values()) {
      options.addOption(
          Flags.valued(
              flag(field.name()),
              argName(field.type()),
              field.description() + " (default " + field.defaultValue().asText() + ")"));
    }
    return options;
  }

  /** The spec with each given flag's value written into its field. */
  static TrainSpec apply(TrainSpec spec, CommandLine line) {
    for (Knobs.Field field : Knobs.fields().values()) {
      String flag = flag(field.name());
      if (!line.hasOption(flag)) {
        continue;
      }
      Object value =
          field.defaultValue().isIntegralNumber()
              ? Flags.intValue(line, flag)
              : field.defaultValue().isNumber()
                  ? Flags.doubleValue(line, flag)
                  : line.getOptionValue(flag);
      try {
        spec = Knobs.apply(spec, Map.of(field.name(), value));
      } catch (UserException e) {
        throw new UserException("--" + flag + ": " + withoutPath(e.getMessage(), field.name()));
      }
    }
    return spec;
  }

  /** {@code learningRate} to {@code learning-rate}. */
  static String flag(String field) {
    return field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
  }

  /** The accepted names of an enum ({@code adam|sgd}), else N for integers and X for numbers. */
  private static String argName(Class<?> type) {
    if (type.isEnum()) {
      return Arrays.stream(type.getEnumConstants())
          .map(c -> Json.MAPPER.valueToTree(c).asText())
          .collect(Collectors.joining("|"));
    }
    return type == int.class || type == Integer.class ? "N" : "X";
  }

  /** "training.learningRate: must be > 0" reads "must be > 0" after the flag's name. */
  private static String withoutPath(String message, String field) {
    int at = message.indexOf(field + ": ");
    return at >= 0 && at <= "training.".length()
        ? message.substring(at + field.length() + 2)
        : message;
  }
}

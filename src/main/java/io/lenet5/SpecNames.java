package io.lenet5;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Enum constants by the names users write (in specs and flags), with errors that list the accepted
 * names from the constants themselves.
 */
public final class SpecNames {
  private SpecNames() {}

  /**
   * The constant whose name is {@code value}.
   *
   * @throws UserException "expected one of a, b, got 'value'"
   */
  public static <E extends Enum<E>> E parse(E[] values, Function<E, String> name, String value) {
    for (E e : values) {
      if (name.apply(e).equals(value)) {
        return e;
      }
    }
    throw new UserException(
        "expected one of " + list(values, name) + ", got '" + UserException.shown(value) + "'");
  }

  /** The names, comma-separated, e.g. {@code adam, sgd}. */
  public static <E extends Enum<E>> String list(E[] values, Function<E, String> name) {
    return Arrays.stream(values).map(name).collect(Collectors.joining(", "));
  }
}

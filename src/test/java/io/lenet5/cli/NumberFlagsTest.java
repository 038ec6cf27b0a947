package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every flag that takes a fractional number refuses NaN and infinities before any work starts. */
class NumberFlagsTest {
  /** A command line up to the flag, the flag and the value. */
  private static MainTest.Run withValue(List<String> before, String flag, String value) {
    List<String> args = new ArrayList<>(before);
    args.addAll(List.of("--" + flag, value));
    return run(args.toArray(String[]::new));
  }

  @Test
  void nonFiniteValuesAreRefusedNamingTheFlag() {
    List<List<String>> lines =
        List.of(
            List.of("train", "learning-rate"),
            List.of("train", "momentum"),
            List.of("evaluate", "--model", "no-such-model", "min-accuracy"),
            List.of("bench", "clock-ghz"));
    for (List<String> line : lines) {
      String flag = line.get(line.size() - 1);
      for (String value : List.of("NaN", "Infinity", "-Infinity", "1e999")) {
        MainTest.Run r = withValue(line.subList(0, line.size() - 1), flag, value);
        assertEquals(2, r.status(), line + " " + value);
        assertEquals(
            "error: --" + flag + ": expected a finite number, got '" + value + "'\n", r.err());
      }
    }
  }

  @Test
  void theClockIsBounded() {
    for (String value : List.of("0", "0.05", "10.5", "1e9")) {
      MainTest.Run r = withValue(List.of("bench"), "clock-ghz", value);
      assertEquals(2, r.status(), value);
      assertEquals(
          "error: --clock-ghz: expected a clock in 0.1..10.0 GHz, got "
              + Double.parseDouble(value)
              + "\n",
          r.err());
    }
  }

  @Test
  void aTimeBudgetIsADurationInSecondsMinutesOrHours() {
    assertEquals(5400.0, TuneCommand.durationSeconds("90m"));
    assertEquals(7200.0, TuneCommand.durationSeconds("2h"));
    assertEquals(45.0, TuneCommand.durationSeconds("45s"));
    assertEquals(600.0, TuneCommand.durationSeconds("600"));
    assertEquals(5400.0, TuneCommand.durationSeconds("1.5h"));
    for (String value : List.of("0", "-5m", "5 minutes", "m", "1e999", "2d")) {
      MainTest.Run r =
          run("tune", "--spec", "tuning-specs/lenet5-hyperband.json", "--time-budget", value);
      assertEquals(2, r.status(), value);
      assertEquals(
          "error: --time-budget: expected a duration > 0 such as 90m, 2h or 600s, received '"
              + value
              + "'\n",
          r.err());
    }
  }
}

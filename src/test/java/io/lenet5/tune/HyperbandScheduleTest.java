package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.UserException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Pins the schedule against tables printed by Keras Tuner's own {@code HyperbandOracle} methods
 * ({@code _get_num_brackets}, {@code _get_size}, {@code _get_epochs}; keras-tuner at commit
 * 417e5b5, June 2024). Each row: bracket, round, trials, epochs (tuner/epochs), initial epoch.
 */
class HyperbandScheduleTest {

  @Test
  void maxEpochs10Factor3() {
    HyperbandSchedule schedule = new HyperbandSchedule(10, 3, 1);
    assertTable(
        schedule,
        new int[][] {
          {2, 0, 12, 2, 0},
          {2, 1, 4, 4, 2},
          {2, 2, 2, 10, 4},
          {1, 0, 6, 4, 0},
          {1, 1, 2, 10, 4},
          {0, 0, 4, 10, 0},
        });
    assertTotals(schedule, 30, 22, 120, 144);
  }

  @Test
  void maxEpochs27Factor3() {
    HyperbandSchedule schedule = new HyperbandSchedule(27, 3, 1);
    assertTable(
        schedule,
        new int[][] {
          {3, 0, 27, 1, 0},
          {3, 1, 9, 3, 1},
          {3, 2, 3, 9, 3},
          {3, 3, 1, 27, 9},
          {2, 0, 12, 3, 0},
          {2, 1, 4, 9, 3},
          {2, 2, 2, 27, 9},
          {1, 0, 6, 9, 0},
          {1, 1, 2, 27, 9},
          {0, 0, 4, 27, 0},
        });
    assertTotals(schedule, 70, 49, 375, 450);
  }

  @Test
  void maxEpochs81Factor3() {
    HyperbandSchedule schedule = new HyperbandSchedule(81, 3, 1);
    assertTable(
        schedule,
        new int[][] {
          {4, 0, 81, 1, 0},
          {4, 1, 27, 3, 1},
          {4, 2, 9, 9, 3},
          {4, 3, 3, 27, 9},
          {4, 4, 1, 81, 27},
          {3, 0, 34, 3, 0},
          {3, 1, 12, 9, 3},
          {3, 2, 4, 27, 9},
          {3, 3, 2, 81, 27},
          {2, 0, 15, 9, 0},
          {2, 1, 5, 27, 9},
          {2, 2, 2, 81, 27},
          {1, 0, 8, 27, 0},
          {1, 1, 3, 81, 27},
          {0, 0, 5, 81, 0},
        });
    assertTotals(schedule, 211, 143, 1767, 2181);
  }

  @Test
  void maxEpochs9Factor3() {
    HyperbandSchedule schedule = new HyperbandSchedule(9, 3, 1);
    assertTable(
        schedule,
        new int[][] {
          {2, 0, 9, 1, 0},
          {2, 1, 3, 3, 1},
          {2, 2, 1, 9, 3},
          {1, 0, 5, 3, 0},
          {1, 1, 2, 9, 3},
          {0, 0, 3, 9, 0},
        });
    assertTotals(schedule, 23, 17, 75, 87);
  }

  @Test
  void maxEpochs16Factor2() {
    HyperbandSchedule schedule = new HyperbandSchedule(16, 2, 1);
    assertTable(
        schedule,
        new int[][] {
          {4, 0, 16, 1, 0},
          {4, 1, 8, 2, 1},
          {4, 2, 4, 4, 2},
          {4, 3, 2, 8, 4},
          {4, 4, 1, 16, 8},
          {3, 0, 10, 2, 0},
          {3, 1, 5, 4, 2},
          {3, 2, 3, 8, 4},
          {3, 3, 2, 16, 8},
          {2, 0, 7, 4, 0},
          {2, 1, 4, 8, 4},
          {2, 2, 2, 16, 8},
          {1, 0, 5, 8, 0},
          {1, 1, 3, 16, 8},
          {0, 0, 5, 16, 0},
        });
    assertTotals(schedule, 77, 43, 310, 436);
  }

  @Test
  void maxEpochs4Factor2() {
    HyperbandSchedule schedule = new HyperbandSchedule(4, 2, 1);
    assertTable(
        schedule,
        new int[][] {
          {2, 0, 4, 1, 0},
          {2, 1, 2, 2, 1},
          {2, 2, 1, 4, 2},
          {1, 0, 3, 2, 0},
          {1, 1, 2, 4, 2},
          {0, 0, 3, 4, 0},
        });
    assertTotals(schedule, 15, 10, 30, 38);
  }

  /** Keras Tuner's own test_hyperband_oracle_bracket_configs. */
  @Test
  void maxEpochs8Factor2() {
    HyperbandSchedule schedule = new HyperbandSchedule(8, 2, 1);
    assertTable(
        schedule,
        new int[][] {
          {3, 0, 8, 1, 0},
          {3, 1, 4, 2, 1},
          {3, 2, 2, 4, 2},
          {3, 3, 1, 8, 4},
          {2, 0, 6, 2, 0},
          {2, 1, 3, 4, 2},
          {2, 2, 2, 8, 4},
          {1, 0, 4, 4, 0},
          {1, 1, 2, 8, 4},
          {0, 0, 4, 8, 0},
        });
    assertTotals(schedule, 36, 22, 102, 136);
  }

  @Test
  void oneEpochIsOneTrialOfRandomSearch() {
    HyperbandSchedule schedule = new HyperbandSchedule(1, 3, 1);
    assertTable(schedule, new int[][] {{0, 0, 1, 1, 0}});
    assertTotals(schedule, 1, 1, 1, 1);
  }

  /** log(243) / log(3) is 4.999... in floating point; the integer logarithm must say 5. */
  @Test
  void exactPowerMaxEpochs243Factor3() {
    HyperbandSchedule schedule = new HyperbandSchedule(243, 3, 1);
    assertEquals(6, schedule.bracketCount());
    assertEquals(List.of(243, 81, 27, 9, 3, 1), sizes(schedule, 5));
    assertEquals(List.of(98, 33, 11, 4, 2), sizes(schedule, 4));
    assertEquals(6, schedule.size(0, 0));
    assertTotals(schedule, 618, 415, 7305, 9168);
  }

  @Test
  void iterationsMultiplyTotals() {
    HyperbandSchedule schedule = new HyperbandSchedule(10, 3, 2);
    assertTotals(schedule, 60, 44, 240, 288);
    assertEquals(new HyperbandSchedule(10, 3, 1).rounds(), schedule.rounds());
  }

  @Test
  void tableForDryRun() {
    assertEquals(
        """
        bracket  round  trials  from epoch  to epoch  epochs each  epochs in total
              2      0      12           0         2            2               24
              2      1       4           2         4            2                8
              2      2       2           4        10            6               12
              1      0       6           0         4            4               24
              1      1       2           4        10            6               12
              0      0       4           0        10           10               40
        maxEpochs 10, factor 3, iterations 1: 30 trials (22 new configurations), \
        120 epochs resuming promoted trials (144 if each trained from scratch)
        """,
        new HyperbandSchedule(10, 3, 1).table());
  }

  @Test
  void badSettingsNameTheFieldExpectedAndReceived() {
    assertEquals(
        "maxEpochs: expected an integer >= 1, received 0",
        assertThrows(UserException.class, () -> new HyperbandSchedule(0, 3, 1)).getMessage());
    assertEquals(
        "factor: expected an integer >= 2, received 1",
        assertThrows(UserException.class, () -> new HyperbandSchedule(10, 1, 1)).getMessage());
    assertEquals(
        "iterations: expected an integer >= 1, received 0",
        assertThrows(UserException.class, () -> new HyperbandSchedule(10, 3, 0)).getMessage());
  }

  private static List<Integer> sizes(HyperbandSchedule schedule, int bracket) {
    return schedule.rounds().stream()
        .filter(r -> r.bracket() == bracket)
        .map(ScheduledRound::trials)
        .collect(Collectors.toList());
  }

  private static void assertTable(HyperbandSchedule schedule, int[][] expected) {
    String actual =
        schedule.rounds().stream()
            .map(
                r ->
                    Arrays.toString(
                        new int[] {
                          r.bracket(), r.round(), r.trials(), r.epochs(), r.initialEpoch()
                        }))
            .collect(Collectors.joining("\n"));
    String wanted = Arrays.stream(expected).map(Arrays::toString).collect(Collectors.joining("\n"));
    assertEquals(wanted, actual);
    assertEquals(expected[0][0] + 1, schedule.bracketCount());
  }

  private static void assertTotals(
      HyperbandSchedule schedule, int trials, int fresh, long resumed, long scratch) {
    assertEquals(trials, schedule.totalTrials(), "trials");
    assertEquals(fresh, schedule.newConfigurations(), "new configurations");
    assertEquals(resumed, schedule.epochsWithResume(), "epochs with resume");
    assertEquals(scratch, schedule.epochsFromScratch(), "epochs from scratch");
  }
}

package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import io.lenet5.UserException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Trial and objective records: validation, JSON types, comparison. */
class TrialTest {

  private static Trial running(Map<String, Object> hyperparameters) {
    return Trial.running(7, hyperparameters, 0, 2, 0, 2, 0, null);
  }

  @Test
  void idsAreZeroPaddedLikeKerasTuners() {
    assertEquals("0007", Trial.idOf(7));
    assertEquals("12345", Trial.idOf(12345));
    assertEquals(7, running(Map.of()).index());
  }

  @Test
  void integersAreWidenedSoJsonReadsThemBackEqual() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("filters", 6);
    values.put("learning_rate", 1e-3);
    values.put("activation", "relu");
    values.put("batch_norm", true);
    Trial trial = running(values).completed(0.98);
    assertEquals(6L, trial.hyperparameters().get("filters"));
    String json = Json.write(trial);
    Trial back = Json.MAPPER.readValue(json, Trial.class);
    assertEquals(trial, back);
    assertEquals(
        List.of("filters", "learning_rate", "activation", "batch_norm"),
        List.copyOf(back.hyperparameters().keySet()));
  }

  @Test
  void hyperparameterValuesMustBeJsonScalars() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> running(Map.of("units", 1.5f)));
    assertEquals(
        "hyperparameters.units: expected a Long, Double, String or Boolean, received Float 1.5",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> running(Map.of("lr", Double.NaN)));
    assertEquals("hyperparameters.lr: expected a finite number, received NaN", e.getMessage());
  }

  @Test
  void statusScoreAndMessageMustAgree() {
    Trial trial = running(Map.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Trial(
                    "0007", Map.of(), 0, 2, 0, 2, 0, null, TrialStatus.COMPLETED, null, null));
    assertEquals(
        "expected a finite score only when COMPLETED and a message only when FAILED, received"
            + " status=COMPLETED, score=null, message=null",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> trial.failed(" "));
    assertThrows(IllegalArgumentException.class, () -> trial.completed(Double.POSITIVE_INFINITY));
  }

  @Test
  void onlyPromotedTrialsHaveAParent() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Trial.running(3, Map.of(), 0, 2, 1, 4, 2, null));
    assertEquals(
        "expected a parentId and initialEpoch > 0 exactly when round > 0, received round=1,"
            + " parentId=null, initialEpoch=2",
        e.getMessage());
  }

  @Test
  void objectiveComparesByDirection() {
    Objective accuracy = new Objective("val_accuracy", Objective.Direction.MAX);
    Objective loss = new Objective("val_loss", Objective.Direction.MIN);
    assertTrue(accuracy.isBetter(0.9, 0.8));
    assertFalse(accuracy.isBetter(0.8, 0.8));
    assertTrue(loss.isBetter(0.1, 0.2));
    assertEquals(
        List.of(0.9, 0.5, 0.1), Stream.of(0.1, 0.9, 0.5).sorted(accuracy.bestFirst()).toList());
    assertEquals(
        List.of(0.1, 0.5, 0.9), Stream.of(0.9, 0.1, 0.5).sorted(loss.bestFirst()).toList());
  }

  @Test
  void objectiveErrorsNameTheField() {
    assertEquals(
        "objective.metric: expected a metric name such as val_accuracy, received ''",
        assertThrows(UserException.class, () -> new Objective("", Objective.Direction.MAX))
            .getMessage());
    assertEquals(
        "objective.direction: expected MAX or MIN, received nothing",
        assertThrows(UserException.class, () -> new Objective("val_loss", null)).getMessage());
  }
}

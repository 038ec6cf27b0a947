package io.lenet5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.train.LearningRateSchedule;
import io.lenet5.train.OptimizerKind;
import io.lenet5.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class RecordsTest {
  @Test
  void copyReplacesOneComponent() {
    assertEquals(
        new TrainingConfig(
            OptimizerKind.ADAM,
            1e-3,
            0.9,
            32,
            10,
            LearningRateSchedule.CONSTANT,
            null,
            0,
            0,
            0,
            0,
            0,
            0,
            4,
            1),
        Records.with(TrainingConfig.DEFAULT, "batchSize", 32));
  }

  @Test
  void copyIsValidatedByTheConstructor() {
    UserException e =
        assertThrows(
            UserException.class, () -> Records.with(TrainingConfig.DEFAULT, "batchSize", 0));
    assertEquals("training.batchSize: must be in 1..65536, got 0", e.getMessage());
  }

  @Test
  void unknownComponentIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Records.with(TrainingConfig.DEFAULT, "batchsize", 32));
    assertEquals("TrainingConfig has no component 'batchsize'", e.getMessage());
  }
}

package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.UserException;
import io.lenet5.model.Activation;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one resume check: every setting but the epochs must match, and each mismatch is named. */
class TrainingRunTest {
  private static final TrainingConfig TRAINING = TrainingConfig.DEFAULT.withEpochs(2);

  private static Checkpoint checkpoint(ModelConfig model, TrainingConfig training, long seed) {
    EpochMetrics epoch = new EpochMetrics(1, 0.5, 0.8, 0.4, 0.85, 1000, 1, 1);
    return new Checkpoint(model, training, seed, List.of(epoch), Map.of(), Map.of());
  }

  @Test
  void aCheckpointOfTheSameRunResumesWithMoreEpochs() {
    Checkpoint from = checkpoint(ModelConfig.DEFAULT, TRAINING, 42);
    TrainingRun run =
        TrainingRun.resume(ModelConfig.DEFAULT, TRAINING.withEpochs(5), 42, from, "ckpt");
    assertEquals(1, run.initialEpoch());
  }

  @Test
  void eachChangedSettingIsNamed() {
    Checkpoint from = checkpoint(ModelConfig.DEFAULT, TRAINING, 42);
    ModelConfig maxPooling = new ModelConfig(Activation.RELU, Pooling.MAX);
    TrainingConfig other = TRAINING.withLearningRate(0.01).withBatchSize(64).withEpochs(4);
    UserException e =
        assertThrows(
            UserException.class, () -> TrainingRun.resume(maxPooling, other, 7, from, "a.ckpt"));
    assertEquals(
        "a.ckpt: expected a checkpoint of this run's settings, found other values of"
            + " model.pooling (checkpoint average, this run max), seed (checkpoint 42, this run 7),"
            + " training.learningRate (checkpoint 0.001, this run 0.01),"
            + " training.batchSize (checkpoint 128, this run 64)",
        e.getMessage());
  }

  @Test
  void aCheckpointBeyondTheRunsEpochsIsRefused() {
    Checkpoint from = checkpoint(ModelConfig.DEFAULT, TRAINING.withEpochs(1), 42);
    TrainingConfig none = TRAINING.withEpochs(1);
    assertEquals(
        1, TrainingRun.resume(ModelConfig.DEFAULT, none, 42, from, "b.ckpt").initialEpoch());
    Checkpoint two =
        new Checkpoint(
            ModelConfig.DEFAULT,
            TRAINING,
            42,
            List.of(from.history().get(0), from.history().get(0)),
            Map.of(),
            Map.of());
    UserException e =
        assertThrows(
            UserException.class,
            () -> TrainingRun.resume(ModelConfig.DEFAULT, none, 42, two, "b.ckpt"));
    assertEquals("b.ckpt: expected at most 1 epochs to continue, found 2", e.getMessage());
  }
}

package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import io.lenet5.model.Activation;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumeCheckTest {
  private final Checkpoint checkpoint = CheckpointIntegrityTest.sample();
  private final TrainingConfig training = checkpoint.training();

  @Test
  void moreEpochsAreTheOnlyChangeAllowed() {
    assertEquals(
        List.of(),
        ResumeCheck.changes(checkpoint, ModelConfig.DEFAULT, training.withEpochs(30), 7));
    ResumeCheck.require(Path.of("c"), checkpoint, ModelConfig.DEFAULT, training.withEpochs(3), 7);
  }

  @Test
  void eachChangedFieldIsNamed() {
    TrainingConfig other =
        training
            .withLearningRate(0.01)
            .withBatchSize(64)
            .withSchedule(LearningRateSchedule.COSINE, null)
            .withAugmentShift(2);
    ModelConfig model = new ModelConfig(Activation.TANH, Pooling.MAX);
    List<String> changes = ResumeCheck.changes(checkpoint, model, other, 8);
    assertEquals(
        List.of(
            "model.activation: checkpoint relu, run tanh",
            "model.pooling: checkpoint average, run max",
            "seed: checkpoint 7, run 8",
            "training.learningRate: checkpoint 0.001, run 0.01",
            "training.batchSize: checkpoint 128, run 64",
            "training.schedule: checkpoint constant, run cosine",
            "training.augmentShift: checkpoint 0, run 2"),
        changes);
    String message =
        assertThrows(
                UserException.class,
                () -> ResumeCheck.require(Path.of("c.ckpt"), checkpoint, model, other, 8))
            .getMessage();
    assertTrue(message.startsWith("c.ckpt: the run asks for other settings"), message);
    assertTrue(message.contains("training.batchSize: checkpoint 128, run 64"), message);
  }

  @Test
  void aFinishedCheckpointNeedsMoreEpochs() {
    String message =
        assertThrows(
                UserException.class,
                () ->
                    ResumeCheck.require(
                        Path.of("c.ckpt"),
                        checkpoint,
                        ModelConfig.DEFAULT,
                        training.withEpochs(1),
                        7))
            .getMessage();
    assertEquals(
        "c.ckpt: already holds 1 epochs; pass a larger --epochs to train further", message);
  }
}

package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.SyntheticImages;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images of other sizes and other class counts train, checkpoint and evaluate like MNIST. */
class OtherShapesTrainingTest {
  private static final Device CPU = new Device(Device.Kind.CPU, 0);
  private static final TrainingConfig TWO_EPOCHS =
      TrainingConfig.DEFAULT.withBatchSize(32).withEpochs(2).with("learningRate", 0.003);

  @Test
  void twentySixClassesOfTwentyPixelsLearn() {
    Dataset train = SyntheticImages.of(2600, 20, 20, 26, 1);
    Dataset validation = SyntheticImages.of(520, 20, 20, 26, 2);
    ModelConfig model = ModelConfig.DEFAULT.forData(20, 20, 26);
    try (TrainingSession s = new TrainingSession(model, TWO_EPOCHS, CPU)) {
      List<EpochMetrics> history =
          TrainingRun.fresh(model, TWO_EPOCHS, 3).fit(s, train, validation, List.of());
      assertEquals(2, history.size());
      TrainingSession.Evaluation evaluated = s.evaluate(validation, 100);
      assertEquals(520, evaluated.count());
      // chance is 1 in 26
      assertTrue(evaluated.accuracy() > 0.9, "validation accuracy " + evaluated.accuracy());
      assertEquals(84 * 26, s.state().get("dense_2/kernel").length);
    }
  }

  @Test
  void nonSquareImagesShiftButDoNotWarp() {
    Dataset train = SyntheticImages.of(640, 24, 16, 5, 4);
    Dataset validation = SyntheticImages.of(160, 24, 16, 5, 5);
    ModelConfig model = ModelConfig.DEFAULT.with("kernelSize", 3).forData(24, 16, 5);
    TrainingConfig shifted = TWO_EPOCHS.with("augmentShift", 2);
    try (TrainingSession s = new TrainingSession(model, shifted, CPU)) {
      TrainingRun.fresh(model, shifted, 3).fit(s, train, validation, List.of());
      assertTrue(s.evaluate(validation, 80).accuracy() > 0.8);
    }
    UserException warp =
        assertThrows(
            UserException.class,
            () -> Augmentation.of(TWO_EPOCHS.with("augmentRotation", 5.0), 24, 16));
    assertEquals(
        "training: rotation, zoom, shear and elastic distortions need square images, the data's"
            + " are 24x16; use augmentShift alone",
        warp.getMessage());
  }

  @Test
  void dataOfAnotherShapeIsRefused() {
    Dataset mnistShaped = SyntheticImages.of(64, 28, 28, 10, 6);
    ModelConfig model = ModelConfig.DEFAULT.forData(20, 20, 26);
    try (TrainingSession s = new TrainingSession(model, TWO_EPOCHS, CPU)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  TrainingRun.fresh(model, TWO_EPOCHS, 3)
                      .fit(s, mnistShaped, mnistShaped, List.of()));
      assertEquals(
          "data: the model takes 20x20, 26 classes, got 28x28, 10 classes", e.getMessage());
    }
  }

  @Test
  void aCheckpointOfOtherClassesIsNotResumed(@TempDir Path dir) {
    ModelConfig letters = ModelConfig.DEFAULT.forData(28, 28, 26);
    Dataset train = SyntheticImages.of(128, 28, 28, 26, 7);
    Path file = dir.resolve("letters.ckpt");
    TrainingConfig one = TWO_EPOCHS.withEpochs(1);
    try (TrainingSession s = new TrainingSession(letters, one, CPU)) {
      TrainingRun run = TrainingRun.fresh(letters, one, 3);
      run.fit(s, train, train, List.of(run.checkpointTo(file)));
    }
    Checkpoint saved = Checkpoint.read(file);
    assertEquals(letters, saved.model(), "the header keeps the image size and classes");
    UserException e =
        assertThrows(
            UserException.class,
            () -> TrainingRun.resume(ModelConfig.DEFAULT, TWO_EPOCHS, 3, saved, file.toString()));
    assertTrue(
        e.getMessage().contains("model.classes (checkpoint 26, this run 10)"), e.getMessage());
  }

  @Test
  void theKernelMustFitTheImages() {
    UserException e =
        assertThrows(UserException.class, () -> ModelConfig.DEFAULT.forData(8, 8, 10));
    assertEquals(
        "model.kernelSize: must be in 1..3 for 8x8 images, so that the second convolution's output"
            + " survives pooling; got 5",
        e.getMessage());
    UserException classes =
        assertThrows(UserException.class, () -> ModelConfig.DEFAULT.forData(28, 28, 1));
    assertEquals("model.classes: must be in 2..256, got 1", classes.getMessage());
  }
}

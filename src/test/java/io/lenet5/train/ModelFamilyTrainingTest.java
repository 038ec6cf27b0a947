package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.model.Activation;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wider members, dropout and weight decay train, resume and evaluate as the strict model does. */
class ModelFamilyTrainingTest {
  private static final Device CPU = new Device(Device.Kind.CPU, 0);
  private static final long SEED = 11;
  private static final ModelConfig WIDE_DROPOUT =
      new ModelConfig(Activation.RELU, Pooling.MAX, 12, 16, 5, 200, 84, 0.25);

  @Test
  void dropoutRunsResumeExactlyOnEveryLayout(@TempDir Path dir) {
    Split split = TestData.split();
    Dataset train = split.train().head(1280);
    Dataset validation = split.validation().head(300);
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(64).withEpochs(2);
    for (StepLayout layout :
        List.of(StepLayout.ORDINARY, new StepLayout(2, 1, 2), new StepLayout(2, 2))) {
      Map<String, float[]> uninterrupted;
      List<EpochMetrics> history;
      try (TrainingSession s = new TrainingSession(WIDE_DROPOUT, config, CPU, layout)) {
        history =
            TrainingRun.fresh(WIDE_DROPOUT, config, SEED).fit(s, train, validation, List.of());
        uninterrupted = s.state();
      }
      Path file = dir.resolve(layout.describe().replaceAll("\\W", "_") + ".ckpt");
      TrainingConfig first = config.withEpochs(1);
      try (TrainingSession s = new TrainingSession(WIDE_DROPOUT, first, CPU, layout)) {
        TrainingRun run = TrainingRun.fresh(WIDE_DROPOUT, first, SEED);
        run.fit(s, train, validation, List.of(run.checkpointTo(file)));
      }
      try (TrainingSession s = new TrainingSession(WIDE_DROPOUT, config, CPU, layout)) {
        TrainingRun run =
            TrainingRun.resume(WIDE_DROPOUT, config, SEED, Checkpoint.read(file), file.toString());
        List<EpochMetrics> resumed = run.fit(s, train, validation, List.of());
        assertEquals(history.get(1).trainLoss(), resumed.get(1).trainLoss(), layout.describe());
        uninterrupted.forEach(
            (name, v) -> assertArrayEquals(v, s.state().get(name), layout.describe() + " " + name));
      }
    }
  }

  @Test
  void dropoutTrainsOnlyInTraining() {
    Split split = TestData.split();
    Dataset train = split.train().head(640);
    Dataset validation = split.validation().head(500);
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(64).withEpochs(1);
    ModelConfig without = WIDE_DROPOUT.with("dropout", 0.0);
    Map<String, float[]> withDropout;
    TrainingSession.Evaluation evaluated;
    try (TrainingSession s = new TrainingSession(WIDE_DROPOUT, config, CPU)) {
      TrainingRun.fresh(WIDE_DROPOUT, config, SEED).fit(s, train, validation, List.of());
      withDropout = s.state();
      evaluated = s.evaluate(validation, 100);
      assertEquals(evaluated, s.evaluate(validation, 100), "no masks at evaluation");
    }
    try (TrainingSession s = new TrainingSession(without, config, CPU)) {
      s.load(withDropout);
      assertEquals(evaluated, s.evaluate(validation, 100), "the same function at inference");
      TrainingRun.fresh(without, config, SEED).fit(s, train, validation, List.of());
      assertFalse(
          Arrays.equals(withDropout.get("dense/kernel"), s.state().get("dense/kernel")),
          "dropout changes what training does");
    }
  }

  @Test
  void weightDecayShrinksEveryWeightBeforeTheUpdate() {
    Split split = TestData.split();
    Dataset train = split.train().head(64);
    TrainingConfig sgd =
        TrainingConfig.DEFAULT
            .withOptimizer(OptimizerKind.SGD)
            .withLearningRate(0.1)
            .withBatchSize(64)
            .with("momentum", 0.0);
    double decay = 0.05;
    float[] pixels = new float[64 * (28 * 28)];
    int[] labels = new int[64];
    int[] order = new int[64];
    Arrays.setAll(order, i -> i);
    train.fillBatch(order, 0, 64, pixels, labels);
    Map<String, float[]> before;
    Map<String, float[]> plain;
    try (TrainingSession s =
        new TrainingSession(ModelConfig.DEFAULT, sgd, CPU, StepLayout.ORDINARY)) {
      s.initialize(SEED);
      before = s.weights();
      s.step(pixels, labels, 64, 0.1f);
      plain = s.weights();
    }
    TrainingConfig decayed = sgd.with("weightDecay", decay);
    try (TrainingSession s =
        new TrainingSession(ModelConfig.DEFAULT, decayed, CPU, StepLayout.ORDINARY)) {
      s.initialize(SEED);
      s.step(pixels, labels, 64, 0.1f);
      Map<String, float[]> after = s.weights();
      for (String name : before.keySet()) {
        float[] expected = plain.get(name).clone();
        for (int i = 0; i < expected.length; i++) {
          expected[i] -= (float) (0.1 * decay * before.get(name)[i]);
        }
        assertArrayEquals(expected, after.get(name), 1e-6f, name);
      }
    }
  }

  @Test
  void aCheckpointOfAnotherWidthIsRefusedNamingTheField(@TempDir Path dir) {
    Split split = TestData.split();
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(100).withEpochs(1);
    Path file = dir.resolve("strict.ckpt");
    try (TrainingSession s = new TrainingSession(ModelConfig.DEFAULT, config, CPU)) {
      TrainingRun run = TrainingRun.fresh(ModelConfig.DEFAULT, config, SEED);
      run.fit(
          s,
          split.train().head(200),
          split.validation().head(100),
          List.of(run.checkpointTo(file)));
    }
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                TrainingRun.resume(
                    WIDE_DROPOUT,
                    config.withEpochs(2),
                    SEED,
                    Checkpoint.read(file),
                    "strict.ckpt"));
    assertEquals(
        "strict.ckpt: expected a checkpoint of this run's settings, found other values of"
            + " model.pooling (checkpoint average, this run max), model.conv1Filters (checkpoint 6,"
            + " this run 12), model.dense1Units (checkpoint 120, this run 200), model.dropout"
            + " (checkpoint 0.0, this run 0.25)",
        e.getMessage());
    assertTrue(Checkpoint.read(file).model().equals(ModelConfig.DEFAULT));
  }
}

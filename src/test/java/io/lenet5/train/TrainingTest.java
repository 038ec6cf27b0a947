package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on real MNIST: small subsets for behaviour, one full epoch for accuracy. */
class TrainingTest {
  private static final Device CPU = new Device(Device.Kind.CPU, 0);
  private static final long SEED = 42;

  @Test
  void lossFallsOnASmallSubset() {
    Split split = TestData.split();
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(64).withEpochs(3);
    List<EpochMetrics> history =
        train(config, split.train().head(2000), split.validation(), List.of());
    assertTrue(
        history.get(2).trainLoss() < 0.6 * history.get(0).trainLoss(),
        "loss should fall: " + history);
    assertTrue(history.get(2).valAccuracy() > 0.8, "validation accuracy: " + history.get(2));
  }

  @Test
  void sameSeedGivesIdenticalState() {
    Split split = TestData.split();
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(50).withEpochs(2);
    Map<String, float[]> first = trainedState(config, split.train().head(3000), List.of());
    Map<String, float[]> second = trainedState(config, split.train().head(3000), List.of());
    assertSameState(first, second);
  }

  @Test
  void resumingFromACheckpointEqualsAnUninterruptedRun(@TempDir Path dir) {
    Split split = TestData.split();
    Dataset train = split.train().head(3000);
    Dataset validation = split.validation().head(1000);
    TrainingConfig full = TrainingConfig.DEFAULT.withBatchSize(64).withEpochs(3);
    for (TrainingConfig config : List.of(full, full.withLearningRate(0.01).withEpochs(3))) {
      TrainingConfig firstPart = config.withEpochs(2);
      Path file = dir.resolve(config.optimizer() + "-" + config.learningRate() + ".ckpt");
      train(
          firstPart,
          train,
          validation,
          List.of(new CheckpointWriter(file, ModelConfig.DEFAULT, firstPart, SEED)));
      Checkpoint checkpoint = Checkpoint.read(file);
      assertEquals(2, checkpoint.epoch());

      Map<String, float[]> uninterrupted;
      List<EpochMetrics> uninterruptedHistory;
      try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, CPU)) {
        session.initialize(SEED);
        uninterruptedHistory =
            new Trainer(config, SEED, List.of()).fit(session, train, validation, List.of());
        uninterrupted = session.state();
      }
      try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, CPU)) {
        session.load(checkpoint.tensors());
        List<EpochMetrics> resumed =
            new Trainer(config, SEED, List.of())
                .fit(session, train, validation, checkpoint.history());
        assertSameState(uninterrupted, session.state());
        for (int e = 0; e < 3; e++) {
          assertEquals(
              uninterruptedHistory.get(e).valLoss(), resumed.get(e).valLoss(), "epoch " + (e + 1));
          assertEquals(
              uninterruptedHistory.get(e).trainLoss(),
              resumed.get(e).trainLoss(),
              "epoch " + (e + 1));
        }
      }
      assertTrue(uninterrupted.containsKey("optimizer/m/conv2d/kernel"));
      assertEquals(3 * 47, uninterrupted.get("optimizer/iterations")[0]);
    }
  }

  @Test
  void sgdWithMomentumResumesToo(@TempDir Path dir) {
    Split split = TestData.split();
    Dataset train = split.train().head(1000);
    TrainingConfig config =
        TrainingConfig.DEFAULT
            .withOptimizer(OptimizerKind.SGD)
            .withLearningRate(0.05)
            .withBatchSize(100)
            .withEpochs(2);
    Path file = dir.resolve("sgd.ckpt");
    Map<String, float[]> uninterrupted = trainedState(config, train, List.of());
    train(
        config.withEpochs(1),
        train,
        split.validation().head(500),
        List.of(new CheckpointWriter(file, ModelConfig.DEFAULT, config.withEpochs(1), SEED)));
    Checkpoint checkpoint = Checkpoint.read(file);
    try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, CPU)) {
      session.load(checkpoint.tensors());
      new Trainer(config, SEED, List.of())
          .fit(session, train, split.validation().head(500), checkpoint.history());
      assertSameState(uninterrupted, session.state());
    }
  }

  @Test
  void oneFullEpochReaches97PercentOnTest() {
    Split split = TestData.split();
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(32).withEpochs(1);
    try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, CPU)) {
      session.initialize(SEED);
      new Trainer(config, SEED, List.of())
          .fit(session, split.train(), split.validation(), List.of());
      TrainingSession.Evaluation test =
          session.evaluate(TestData.mnist().test(), Trainer.EVAL_BATCH_SIZE);
      assertEquals(10_000, test.count());
      assertTrue(test.accuracy() >= 0.97, "test accuracy " + test.accuracy());
    }
  }

  @Test
  void aDivergingRunStopsWithAdvice() {
    Split split = TestData.split();
    TrainingConfig config =
        TrainingConfig.DEFAULT
            .withOptimizer(OptimizerKind.SGD)
            .withLearningRate(1e6)
            .withBatchSize(100)
            .withEpochs(1);
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () ->
                train(
                    config,
                    split.train().head(1000),
                    split.validation().head(100),
                    List.of(new DivergenceCheck(config.learningRate()))));
    assertTrue(
        e.getMessage()
            .matches(
                "training diverged: loss is (NaN|Infinity) at epoch 1, step \\d+;"
                    + " try a lower learning rate \\(now 1000000, e\\.g\\. 100000\\)"),
        e.getMessage());
  }

  @Test
  void loadingAnotherOptimizersCheckpointIsAUserError() {
    TrainingConfig sgd =
        TrainingConfig.DEFAULT
            .withOptimizer(OptimizerKind.SGD)
            .withLearningRate(0.1)
            .withBatchSize(10)
            .withEpochs(1);
    Map<String, float[]> sgdState;
    try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, sgd, CPU)) {
      session.initialize(SEED);
      sgdState = session.state();
    }
    try (TrainingSession session =
        new TrainingSession(ModelConfig.DEFAULT, TrainingConfig.DEFAULT, CPU)) {
      io.lenet5.UserException e =
          assertThrows(io.lenet5.UserException.class, () -> session.load(sgdState));
      assertEquals(
          "checkpoint: expected tensor 'optimizer/iterations' with 1 values, got none"
              + " (was it written for another optimizer?)",
          e.getMessage());
    }
  }

  private static List<EpochMetrics> train(
      TrainingConfig config, Dataset train, Dataset validation, List<TrainingListener> listeners) {
    try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, CPU)) {
      session.initialize(SEED);
      return new Trainer(config, SEED, listeners).fit(session, train, validation, List.of());
    }
  }

  private static Map<String, float[]> trainedState(
      TrainingConfig config, Dataset train, List<TrainingListener> listeners) {
    try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, CPU)) {
      session.initialize(SEED);
      new Trainer(config, SEED, listeners)
          .fit(session, train, TestData.split().validation().head(500), List.of());
      return session.state();
    }
  }

  private static void assertSameState(Map<String, float[]> expected, Map<String, float[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), name));
  }
}

package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.model.Activation;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run in a session another run left repeats the run in a new session, bit for bit. */
class SessionPoolTest {
  private static final Device CPU = new Device(Device.Kind.CPU, 0).sharedBy(3, 2);
  private static final long SEED = 7;

  @Test
  void aRunInAReusedSessionRepeatsTheRunInANewOne() {
    Split split = TestData.split();
    Dataset train = split.train().head(600);
    Dataset validation = split.validation().head(300);
    TrainingConfig first = config(64, 3e-3);
    TrainingConfig second = config(32, 1e-3);

    Result fresh;
    try (TrainingSession s = new TrainingSession(ModelConfig.DEFAULT, second, CPU)) {
      fresh = fit(TrainingRun.fresh(ModelConfig.DEFAULT, second, SEED), s, train, validation);
    }

    try (SessionPool pool = new SessionPool(1)) {
      TrainingSession s = pool.take(ModelConfig.DEFAULT, first, CPU);
      fit(TrainingRun.fresh(ModelConfig.DEFAULT, first, SEED + 1), s, train, validation);
      pool.release(s, ModelConfig.DEFAULT, first);
      TrainingSession again = pool.take(ModelConfig.DEFAULT, second, CPU);
      assertSame(s, again, "the same graph: the session is reused");
      Result reused =
          fit(TrainingRun.fresh(ModelConfig.DEFAULT, second, SEED), again, train, validation);
      pool.release(again, ModelConfig.DEFAULT, second);

      assertEquals(fresh.history, reused.history);
      fresh.state.forEach((name, v) -> assertArrayEquals(v, reused.state.get(name), name));
    }
  }

  @Test
  void sessionsOfOtherGraphsAreNotShared() {
    try (SessionPool pool = new SessionPool(2)) {
      TrainingConfig adam = config(32, 1e-3);
      TrainingSession s = pool.take(ModelConfig.DEFAULT, adam, CPU);
      pool.release(s, ModelConfig.DEFAULT, adam);
      TrainingConfig sgd = adam.withOptimizer(OptimizerKind.SGD);
      TrainingSession other = pool.take(ModelConfig.DEFAULT, sgd, CPU);
      assertNotSame(s, other, "another update rule");
      pool.release(other, ModelConfig.DEFAULT, sgd);
      ModelConfig tanh = new ModelConfig(Activation.TANH, Pooling.MAX);
      TrainingSession third = pool.take(tanh, adam, CPU);
      assertNotSame(s, third, "another model");
      assertNotSame(other, third, "another model");
      pool.release(third, tanh, adam);
      assertSame(other, pool.take(ModelConfig.DEFAULT, sgd, CPU), "still kept");
    }
  }

  @Test
  void aWeightDecayOrAWidthGetsASessionOfItsOwn() {
    try (SessionPool pool = new SessionPool(3)) {
      TrainingConfig adam = config(32, 1e-3);
      TrainingSession s = pool.take(ModelConfig.DEFAULT, adam, CPU);
      pool.release(s, ModelConfig.DEFAULT, adam);
      TrainingConfig decayed = adam.with("weightDecay", 1e-4);
      TrainingSession other = pool.take(ModelConfig.DEFAULT, decayed, CPU);
      assertNotSame(s, other, "weight decay is baked into the graph");
      pool.release(other, ModelConfig.DEFAULT, decayed);
      ModelConfig wide = new ModelConfig(Activation.RELU, Pooling.AVERAGE, 12, 16, 5, 120, 84, 0);
      TrainingSession third = pool.take(wide, adam, CPU);
      assertNotSame(s, third, "another width");
      pool.release(third, wide, adam);
      TrainingConfig warped = adam.with("augmentRotation", 8.0).withLearningRate(2e-3);
      assertSame(s, pool.take(ModelConfig.DEFAULT, warped, CPU), "fed and Java-side fields");
    }
  }

  /** A training section with a field the pool has never heard of. */
  public record FutureTraining(double learningRate, int batchSize, double newKnob) {}

  @Test
  void aFieldThePoolDoesNotKnowIsPartOfTheKey() {
    Map<String, Object> a = SessionPool.graphFields(new FutureTraining(1e-3, 32, 0.5));
    Map<String, Object> b = SessionPool.graphFields(new FutureTraining(2e-3, 64, 0.5));
    Map<String, Object> c = SessionPool.graphFields(new FutureTraining(1e-3, 32, 0.7));
    assertEquals(a, b, "learning rate and batch size are fed at each run");
    assertNotEquals(a, c, "an unknown field may shape the graph, so it keys the session");
  }

  private record Result(List<EpochMetrics> history, Map<String, float[]> state) {}

  private static TrainingConfig config(int batchSize, double learningRate) {
    return TrainingConfig.DEFAULT
        .withBatchSize(batchSize)
        .withLearningRate(learningRate)
        .withEpochs(2);
  }

  private static Result fit(
      TrainingRun run, TrainingSession session, Dataset train, Dataset validation) {
    List<EpochMetrics> history = run.fit(session, train, validation, List.of());
    // Timings differ from run to run; everything else must not.
    return new Result(
        history.stream()
            .map(
                m ->
                    new EpochMetrics(
                        m.epoch(),
                        m.trainLoss(),
                        m.trainAccuracy(),
                        m.valLoss(),
                        m.valAccuracy(),
                        0,
                        0,
                        0))
            .toList(),
        session.state());
  }
}

package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import io.lenet5.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sessions in one JVM share nothing: trained at the same time on two threads, as parallel trials
 * are, each ends bit-identical to the same training run alone.
 */
class ConcurrentSessionsTest {
  private static final Device ONE_THREAD = new Device(Device.Kind.CPU, 1);

  @Test
  void concurrentSessionsMatchSequentialRuns() throws Exception {
    Dataset train = TestData.split().train().head(1500);
    Dataset validation = TestData.split().validation().head(300);
    List<TrainingConfig> configs =
        List.of(
            TrainingConfig.DEFAULT.withBatchSize(50).withEpochs(2),
            TrainingConfig.DEFAULT
                .withOptimizer(OptimizerKind.SGD)
                .withLearningRate(0.05)
                .withBatchSize(64)
                .withEpochs(2));
    List<Map<String, float[]>> alone = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      alone.add(train(configs.get(i), i, train, validation));
    }
    ExecutorService pool = Executors.newFixedThreadPool(configs.size());
    try {
      List<Future<Map<String, float[]>>> together = new ArrayList<>();
      for (int i = 0; i < configs.size(); i++) {
        TrainingConfig config = configs.get(i);
        long seed = i;
        Callable<Map<String, float[]>> run = () -> train(config, seed, train, validation);
        together.add(pool.submit(run));
      }
      for (int i = 0; i < configs.size(); i++) {
        Map<String, float[]> expected = alone.get(i);
        Map<String, float[]> actual = together.get(i).get();
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), name));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<String, float[]> train(
      TrainingConfig config, long seed, Dataset train, Dataset validation) {
    try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, ONE_THREAD)) {
      session.initialize(seed);
      new Trainer(config, seed, List.of()).fit(session, train, validation, List.of());
      return session.state();
    }
  }
}

package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several training steps in one {@code Session.run} are the same steps, bit for bit, as one run per
 * step: each step of the chain reads the weights its predecessor wrote.
 */
class ChainedStepsTest {
  private static final Device CPU = new Device(Device.Kind.CPU, 1);
  private static final long SEED = 42;
  private static final int STEPS = 3;

  @Test
  void stepsInOneRunEqualOneRunPerStep() {
    Dataset data = TestData.split().train();
    TrainingConfig sgd =
        TrainingConfig.DEFAULT.withOptimizer(OptimizerKind.SGD).withLearningRate(0.05);
    for (TrainingConfig config : List.of(TrainingConfig.DEFAULT, sgd)) {
      // 33 images do not split into the two tied groups: each batch of the chain is padded.
      for (int count : new int[] {32, 33}) {
        String what = config.optimizer() + ", batches of " + count;
        int images = 2 * STEPS * count;
        float[] pixels = new float[images * (28 * 28)];
        int[] labels = new int[images];
        data.fillBatch(identity(images), 0, images, pixels, labels);

        List<TrainingSession.StepResult> oneByOne = new ArrayList<>();
        Map<String, float[]> oneByOneState;
        try (TrainingSession s = session(config, new StepLayout(2, 1))) {
          for (int b = 0; b < 2 * STEPS; b++) {
            oneByOne.add(s.step(slice(pixels, b, count), slice(labels, b, count), count, 0.002f));
          }
          oneByOneState = s.state();
        }

        List<TrainingSession.StepResult> chained = new ArrayList<>();
        Map<String, float[]> chainedState;
        try (TrainingSession s = session(config, new StepLayout(2, 1, STEPS))) {
          assertEquals(STEPS, s.stepsPerRun());
          for (int run = 0; run < 2; run++) {
            float[] runPixels = slice(pixels, run, STEPS * count);
            int[] runLabels = slice(labels, run, STEPS * count);
            chained.addAll(Arrays.asList(s.steps(runPixels, runLabels, count, 0.002f)));
          }
          chainedState = s.state();
        }

        assertEquals(oneByOne, chained, what + ": loss and accuracy of every step");
        assertEquals(oneByOneState.keySet(), chainedState.keySet(), what);
        oneByOneState.forEach(
            (name, v) -> assertArrayEquals(v, chainedState.get(name), what + ": " + name));
      }
    }
  }

  @Test
  void anEpochOfChainsRepeatsTheEpochOfSingleSteps() {
    Split split = TestData.split();
    // 1,000 images in batches of 64: 15 full batches, so 5 chains of 3 and a short batch of 40.
    Dataset train = split.train().head(1000);
    Dataset validation = split.validation().head(500);
    TrainingConfig config =
        TrainingConfig.DEFAULT
            .withLearningRate(2e-3)
            .withBatchSize(64)
            .withEpochs(1)
            .with("augmentShift", 2);
    List<List<EpochMetrics>> histories = new ArrayList<>();
    List<Map<String, float[]>> states = new ArrayList<>();
    List<List<Float>> batchLosses = new ArrayList<>();
    for (StepLayout layout : List.of(new StepLayout(2, 1), new StepLayout(2, 1, STEPS))) {
      List<Float> losses = new ArrayList<>();
      TrainingListener record =
          new TrainingListener() {
            @Override
            public void onBatchEnd(BatchProgress p) {
              assertEquals(losses.size() + 1, p.batch());
              losses.add(p.lastBatchLoss());
            }
          };
      try (TrainingSession s = session(config, layout)) {
        histories.add(
            new Trainer(config, SEED, List.of(record)).fit(s, train, validation, List.of()));
        states.add(s.state());
      }
      batchLosses.add(losses);
    }
    assertEquals(16, batchLosses.get(0).size());
    assertEquals(batchLosses.get(0), batchLosses.get(1), "every batch's loss, shifts included");
    EpochMetrics one = histories.get(0).get(0);
    EpochMetrics chained = histories.get(1).get(0);
    assertEquals(one.trainLoss(), chained.trainLoss());
    assertEquals(one.trainAccuracy(), chained.trainAccuracy());
    assertEquals(one.valLoss(), chained.valLoss());
    states.get(0).forEach((name, v) -> assertArrayEquals(v, states.get(1).get(name), name));
  }

  @Test
  void singleCpuGraphsOfSmallBatchesChainTheirSteps() {
    Device sideBySide = new Device(Device.Kind.CPU, 0).sharedBy(3, 2);
    int chain = StepLayout.CPU_STEPS_PER_RUN;
    assertEquals(chain, StepLayout.forDevice(sideBySide, 32, ModelConfig.DEFAULT).stepsPerRun());
    assertEquals(
        chain,
        StepLayout.forDevice(CPU, StepLayout.MOST_CHAINED_IMAGES / chain, ModelConfig.DEFAULT)
            .stepsPerRun());
    assertEquals(
        1,
        StepLayout.forDevice(
                sideBySide, StepLayout.MOST_CHAINED_IMAGES / chain + 1, ModelConfig.DEFAULT)
            .stepsPerRun(),
        "large batches");
    assertEquals(
        1,
        StepLayout.forDevice(new Device(Device.Kind.CPU, 2), 128, ModelConfig.DEFAULT)
            .stepsPerRun());
    assertEquals(
        1,
        StepLayout.forDevice(new Device(Device.Kind.GPU, 0), 32, ModelConfig.DEFAULT)
            .stepsPerRun());
    assertThrows(IllegalArgumentException.class, () -> new StepLayout(2, 2, 4), "replicas");
    assertThrows(IllegalArgumentException.class, () -> new StepLayout(2, 1, 0));
  }

  private static TrainingSession session(TrainingConfig config, StepLayout layout) {
    TrainingSession s = new TrainingSession(ModelConfig.DEFAULT, config, CPU, layout);
    s.initialize(SEED);
    return s;
  }

  private static float[] slice(float[] pixels, int batch, int count) {
    int size = count * (28 * 28);
    return Arrays.copyOfRange(pixels, batch * size, (batch + 1) * size);
  }

  private static int[] slice(int[] labels, int batch, int count) {
    return Arrays.copyOfRange(labels, batch * count, (batch + 1) * count);
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}

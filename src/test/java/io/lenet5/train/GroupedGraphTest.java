package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import io.lenet5.data.KnownDataset;
import io.lenet5.data.Split;
import io.lenet5.export.ModelExporter;
import io.lenet5.export.Provenance;
import io.lenet5.model.Activation;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import io.lenet5.model.WeightSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * The tied-group training graph and replicated sessions compute the ordinary graph's loss, accuracy
 * and gradients on real MNIST batches, including batches that do not split into the groups or
 * between the replicas.
 */
class GroupedGraphTest {
  private static final Device CPU = new Device(Device.Kind.CPU, 1);
  private static final StepLayout GROUPED = new StepLayout(2, 1);
  private static final StepLayout REPLICATED = new StepLayout(2, 2);
  private static final long SEED = 42;

  @Test
  void theDefaultCpuLayoutIsGroupedForLeNet5sWidthsOnly() {
    assertTrue(
        StepLayout.forDevice(CPU, 128, ModelConfig.DEFAULT).groups() > 1,
        StepLayout.forDevice(CPU, 128, ModelConfig.DEFAULT).describe());
    ModelConfig narrower = ModelConfig.DEFAULT.with("conv1Filters", 4).with("dense1Units", 300);
    assertTrue(StepLayout.forDevice(CPU, 128, narrower).groups() > 1, "dense widths do not matter");
    assertEquals(
        1, StepLayout.forDevice(CPU, 128, ModelConfig.DEFAULT.with("conv2Filters", 32)).groups());
    assertEquals(
        1, StepLayout.forDevice(CPU, 128, ModelConfig.DEFAULT.with("conv1Filters", 16)).groups());
    assertEquals(
        1, StepLayout.forDevice(new Device(Device.Kind.GPU, 0), 128, ModelConfig.DEFAULT).groups());
  }

  @Test
  void aSessionOfSeveralCoresIsReplicatedUnlessItSharesThemOrItsBatchesAreSmall() {
    assertEquals(
        2,
        StepLayout.forDevice(new Device(Device.Kind.CPU, 2), 128, ModelConfig.DEFAULT).replicas());
    assertEquals(
        2,
        StepLayout.forDevice(new Device(Device.Kind.CPU, 8), 64, ModelConfig.DEFAULT).replicas());
    assertEquals(
        1,
        StepLayout.forDevice(new Device(Device.Kind.CPU, 2), 63, ModelConfig.DEFAULT).replicas(),
        "small");
    assertEquals(1, StepLayout.forDevice(CPU, 128, ModelConfig.DEFAULT).replicas());
    Device sideBySide = new Device(Device.Kind.CPU, 0).sharedBy(3, 2);
    assertEquals(
        1,
        StepLayout.forDevice(sideBySide, 128, ModelConfig.DEFAULT).replicas(),
        sideBySide.toString());
    assertEquals(
        1,
        StepLayout.forDevice(new Device(Device.Kind.GPU, 4), 128, ModelConfig.DEFAULT).replicas());
    Device replica = REPLICATED.replicaDevice(new Device(Device.Kind.CPU, 4));
    assertEquals(2, replica.threads());
    assertEquals(Device.OWN_THREAD, replica.interOpThreads());
  }

  @Test
  void sharesSplitEveryImageOnce() {
    assertArrayEquals(new int[] {64, 64}, TrainingSession.shares(128, 2));
    assertArrayEquals(new int[] {28, 27}, TrainingSession.shares(55, 2));
    assertArrayEquals(new int[] {1, 0}, TrainingSession.shares(1, 2));
    assertArrayEquals(new int[] {2, 1, 1}, TrainingSession.shares(4, 3));
  }

  @Test
  void oneStepHasTheOrdinaryLossAndGradients() {
    Dataset data = TestData.split().train();
    // Momentum's slot after one step from zero is exactly the gradient.
    TrainingConfig sgd =
        TrainingConfig.DEFAULT.withOptimizer(OptimizerKind.SGD).withLearningRate(0.05);
    for (ModelConfig model :
        List.of(ModelConfig.DEFAULT, new ModelConfig(Activation.TANH, Pooling.MAX))) {
      for (int count : new int[] {64, 37, 1}) {
        float[] pixels = new float[count * (28 * 28)];
        int[] labels = new int[count];
        data.fillBatch(order(data.size()), 100, count, pixels, labels);
        Step ordinary = step(model, sgd, StepLayout.ORDINARY, pixels, labels, count);
        for (StepLayout layout :
            List.of(GROUPED, new StepLayout(3, 1), REPLICATED, new StepLayout(1, 2))) {
          Step grouped = step(model, sgd, layout, pixels, labels, count);
          String what = model + ", " + count + " images, " + layout.describe();
          assertEquals(ordinary.result.lossSum(), grouped.result.lossSum(), 1e-5f * count, what);
          assertEquals(ordinary.result.correct(), grouped.result.correct(), what);
          for (WeightSpec w : LeNet5.STRICT.weights()) {
            String slot = "optimizer/momentum/" + w.name();
            assertClose(ordinary.state.get(slot), grouped.state.get(slot), what + ": " + slot);
          }
        }
      }
    }
  }

  @Test
  void evaluationOfAnOddSizedSetMatches() {
    Dataset validation = TestData.split().validation().head(1001);
    TrainingSession.Evaluation ordinary;
    try (TrainingSession s =
        new TrainingSession(
            ModelConfig.DEFAULT, TrainingConfig.DEFAULT, CPU, StepLayout.ORDINARY)) {
      s.initialize(SEED);
      ordinary = s.evaluate(validation, 333);
    }
    for (StepLayout layout : List.of(GROUPED, REPLICATED)) {
      TrainingSession.Evaluation other;
      try (TrainingSession s =
          new TrainingSession(ModelConfig.DEFAULT, TrainingConfig.DEFAULT, CPU, layout)) {
        s.initialize(SEED);
        other = s.evaluate(validation, 333);
      }
      String what = layout.describe();
      assertEquals(1001, other.count(), what);
      assertEquals(ordinary.accuracy(), other.accuracy(), what);
      assertEquals(ordinary.loss(), other.loss(), 1e-6 * ordinary.loss(), what);
    }
  }

  @Test
  void aShortRunTracksTheOrdinaryOneAndKeepsItsState() {
    Split split = TestData.split();
    // 2,999 images in batches of 64: every epoch ends on an odd batch of 55.
    Dataset train = split.train().head(2999);
    Dataset validation = split.validation().head(1000);
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(64).withEpochs(2);
    List<EpochMetrics> ordinary;
    Map<String, long[]> ordinaryShapes;
    try (TrainingSession s =
        new TrainingSession(ModelConfig.DEFAULT, config, CPU, StepLayout.ORDINARY)) {
      s.initialize(SEED);
      ordinary = new Trainer(config, SEED, List.of()).fit(s, train, validation, List.of());
      ordinaryShapes = s.shapes();
    }
    for (StepLayout layout : List.of(GROUPED, REPLICATED)) {
      List<EpochMetrics> other;
      Map<String, long[]> otherShapes;
      try (TrainingSession s = new TrainingSession(ModelConfig.DEFAULT, config, CPU, layout)) {
        s.initialize(SEED);
        other = new Trainer(config, SEED, List.of()).fit(s, train, validation, List.of());
        otherShapes = s.shapes();
        List<Map<String, float[]>> copies = s.replicaStates();
        for (Map<String, float[]> copy : copies.subList(1, copies.size())) {
          copies.get(0).forEach((name, v) -> assertArrayEquals(v, copy.get(name), name));
        }
      }
      String what = layout.describe();
      assertEquals(ordinaryShapes.keySet(), otherShapes.keySet(), what);
      ordinaryShapes.forEach(
          (name, shape) -> assertArrayEquals(shape, otherShapes.get(name), what + ": " + name));
      for (int e = 0; e < 2; e++) {
        EpochMetrics a = ordinary.get(e);
        EpochMetrics b = other.get(e);
        String epoch = what + ", epoch " + (e + 1);
        assertEquals(a.trainLoss(), b.trainLoss(), 0.01 * a.trainLoss(), epoch);
        assertEquals(a.valLoss(), b.valLoss(), 0.02 * a.valLoss(), epoch);
        assertEquals(a.valAccuracy(), b.valAccuracy(), 0.005, epoch);
      }
    }
  }

  @Test
  void aReplicatedSessionRepeatsItselfBitForBit() {
    Dataset data = TestData.split().train();
    List<Map<String, float[]>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (TrainingSession s =
          new TrainingSession(ModelConfig.DEFAULT, TrainingConfig.DEFAULT, CPU, REPLICATED)) {
        s.initialize(SEED);
        int from = 0;
        for (int count : new int[] {64, 64, 64, 37, 1}) {
          float[] pixels = new float[count * (28 * 28)];
          int[] labels = new int[count];
          data.fillBatch(order(data.size()), from, count, pixels, labels);
          s.step(pixels, labels, count, 0.001f);
          from += count;
        }
        runs.add(s.state());
      }
    }
    runs.get(0).forEach((name, v) -> assertArrayEquals(v, runs.get(1).get(name), name));
  }

  @Test
  void aGroupedSessionExportsTheOrdinaryModel(@TempDir Path dir) {
    Map<String, float[]> weights;
    try (TrainingSession s =
        new TrainingSession(ModelConfig.DEFAULT, TrainingConfig.DEFAULT, CPU, GROUPED)) {
      s.initialize(SEED);
      weights = s.weights();
    }
    Path out = dir.resolve("model");
    ModelExporter.export(
        weights,
        ModelConfig.DEFAULT,
        "mnist",
        KnownDataset.MNIST.classNames(),
        new Provenance("test", null, SEED, Map.of(), 1, Map.of(), null, null),
        out);
    List<String> convolutions = new ArrayList<>();
    try (SavedModelBundle bundle = SavedModelBundle.load(out.toString())) {
      bundle
          .graph()
          .operations()
          .forEachRemaining(
              o -> {
                if (o.type().startsWith("Conv2D") || o.type().startsWith("Concat")) {
                  convolutions.add(o.type() + " " + o.output(0).shape());
                }
              });
    }
    assertEquals(
        List.of("Conv2D [-1, 10, 10, 16]", "Conv2D [-1, 28, 28, 6]"),
        convolutions.stream().sorted().toList(),
        "ordinary convolutions, no repeated kernels");
  }

  private record Step(TrainingSession.StepResult result, Map<String, float[]> state) {}

  private static Step step(
      ModelConfig model,
      TrainingConfig config,
      StepLayout layout,
      float[] pixels,
      int[] labels,
      int count) {
    try (TrainingSession s = new TrainingSession(model, config, CPU, layout)) {
      s.initialize(SEED);
      TrainingSession.StepResult result = s.step(pixels, labels, count, 0.05f);
      return new Step(result, s.state());
    }
  }

  /** Equal up to float rounding, relative to the tensor's largest value. */
  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(scale > 0, what + " is zero");
    assertTrue(diff <= 1e-5 * scale, what + ": max difference " + diff + " at scale " + scale);
  }

  private static int[] order(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}

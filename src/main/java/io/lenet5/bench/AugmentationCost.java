package io.lenet5.bench;

import io.lenet5.data.Dataset;
import io.lenet5.train.Augmentation;
import io.lenet5.train.TrainingConfig;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Wall time per image of the training augmentations. They run in Java on the trainer's thread
 * between steps, so their time adds to the step's; no TensorFlow is needed to measure them.
 */
final class AugmentationCost {
  /** Batches per measurement. */
  static final int BATCHES = 20;

  /** What is measured: shifts alone, and every knob on with half and with all images distorted. */
  static final List<Setting> SETTINGS =
      List.of(
          new Setting("shift", TrainingConfig.DEFAULT.with("augmentShift", 2)),
          new Setting("warp p=0.5", warps(0.5)),
          new Setting("warp p=1", warps(1)));

  /** One augmentation measured, with its report name. */
  record Setting(String name, TrainingConfig config) {
    /** Its knobs, as the report shows them. */
    String describe() {
      String shift = "shift " + config.augmentShift();
      if (!config.warps()) {
        return shift + " px, whole pixels";
      }
      return String.format(
          Locale.ROOT,
          "rotation %.0f, scale %.2f, shear %.2f, %s, elastic %.0f/%.0f on %.0f%%",
          config.augmentRotation(),
          config.augmentScale(),
          config.augmentShear(),
          shift,
          config.elasticAlpha(),
          config.elasticSigma(),
          100 * config.elasticProbability());
    }
  }

  private final float[][] batches;
  private final float[][] work;
  private final int batchSize;
  private final int height;
  private final int width;
  private final long seed;

  /**
   * Measures on the first 20 batches of 128 images of {@code train}, or as many whole batches as it
   * holds, each pass drawing from a stream of {@code seed}.
   */
  AugmentationCost(Dataset train, long seed) {
    batchSize = Math.min(TrainingConfig.DEFAULT.batchSize(), train.size());
    int count = Math.min(BATCHES, train.size() / batchSize);
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    height = train.height();
    width = train.width();
    batches = new float[count][batchSize * train.imagePixels()];
    work = new float[count][batchSize * train.imagePixels()];
    for (int b = 0; b < count; b++) {
      train.fillBatch(order, b * batchSize, batchSize, batches[b], new int[batchSize]);
    }
    this.seed = seed;
  }

  /** Microseconds per image of each of {@link #SETTINGS}, one pass over the batches each. */
  double[] microsPerImage() {
    double[] micros = new double[SETTINGS.size()];
    for (int s = 0; s < micros.length; s++) {
      Augmentation augmentation = Augmentation.of(SETTINGS.get(s).config(), height, width);
      SplittableRandom random = new SplittableRandom(seed);
      for (int b = 0; b < batches.length; b++) {
        System.arraycopy(batches[b], 0, work[b], 0, batches[b].length);
      }
      long start = System.nanoTime();
      for (float[] batch : work) {
        augmentation.apply(batch, batchSize, random);
      }
      micros[s] = (System.nanoTime() - start) / 1e3 / ((double) batches.length * batchSize);
    }
    return micros;
  }

  private static TrainingConfig warps(double probability) {
    return TrainingConfig.DEFAULT
        .with("augmentShift", 2)
        .with("augmentRotation", 8.0)
        .with("augmentScale", 0.08)
        .with("augmentShear", 0.1)
        .with("elasticAlpha", 10.0)
        .with("elasticSigma", 4.0)
        .with("elasticProbability", probability);
  }
}

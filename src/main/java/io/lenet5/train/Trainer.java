package io.lenet5.train;

import io.lenet5.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The epoch loop, and nothing else: shuffle from the seed, augment and step through batches,
 * validate, tell the listeners. Everything else (progress, checkpoints, divergence) is a {@link
 * TrainingListener}.
 */
public final class Trainer {
  /** Batch size for validation and test passes: large, since no gradients are kept. */
  public static final int EVAL_BATCH_SIZE = 1000;

  /** Keeps the augmentation draws apart from the shuffling draws of the same seed. */
  private static final long AUGMENTATION_STREAM = 0x5DEECE66DL;

  /** Keeps the dropout masks apart from the other draws of the same seed. */
  private static final long DROPOUT_STREAM = 0x2545F4914F6CDD1DL;

  private final TrainingConfig config;
  private final long seed;
  private final List<TrainingListener> listeners;

  /** Creates a trainer for one configuration; the seed fixes the epoch orders. */
  public Trainer(TrainingConfig config, long seed, List<TrainingListener> listeners) {
    this.config = config;
    this.seed = seed;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Trains until {@code config.epochs()} epochs are done.
   *
   * @param previous the epochs an earlier run already did (empty for a new run); the session must
   *     hold the state they ended with
   * @return the whole history, previous epochs included
   */
  public List<EpochMetrics> fit(
      TrainingSession session, Dataset train, Dataset validation, List<EpochMetrics> previous) {
    List<EpochMetrics> history = new ArrayList<>(previous);
    double elapsedBefore =
        previous.isEmpty() ? 0 : previous.get(previous.size() - 1).elapsedSeconds();
    long start = System.nanoTime();
    int batchSize = config.batchSize();
    int n = train.size();
    int batches = (n + batchSize - 1) / batchSize;
    int chain = session.stepsPerRun();
    float[] pixels = new float[chain * batchSize * train.imagePixels()];
    int[] labels = new int[chain * batchSize];
    Augmentation augmentation = Augmentation.of(config, train.height(), train.width());
    for (int epoch = previous.size() + 1; epoch <= config.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      int[] order = Shuffle.permutation(n, seed, epoch);
      SplittableRandom draws = Shuffle.random(seed ^ AUGMENTATION_STREAM, epoch);
      session.seedDropout(seed ^ DROPOUT_STREAM, epoch);
      float rate = (float) config.learningRate(epoch);
      double lossSum = 0;
      double correct = 0;
      int b = 0;
      while (b < batches) {
        int from = b * batchSize;
        // Whole chains of full batches in one run each; the rest, the short last batch included,
        // one by one.
        boolean chained = chain > 1 && from + chain * batchSize <= n;
        int count = chained ? batchSize : Math.min(batchSize, n - from);
        int images = chained ? chain * batchSize : count;
        train.fillBatch(order, from, images, pixels, labels);
        augmentation.apply(pixels, images, draws);
        TrainingSession.StepResult[] steps =
            chained
                ? session.steps(pixels, labels, count, rate)
                : new TrainingSession.StepResult[] {session.step(pixels, labels, count, rate)};
        for (TrainingSession.StepResult step : steps) {
          lossSum += step.lossSum();
          correct += step.correct();
          b++;
          int seen = Math.min(b * batchSize, n);
          BatchProgress progress =
              new BatchProgress(
                  epoch,
                  config.epochs(),
                  b,
                  batches,
                  step.lossSum() / count,
                  lossSum / seen,
                  correct / seen,
                  seen / seconds(epochStart));
          for (TrainingListener l : listeners) {
            l.onBatchEnd(progress);
          }
        }
      }
      double trainSeconds = seconds(epochStart);
      TrainingSession.Evaluation val = session.evaluate(validation, EVAL_BATCH_SIZE);
      EpochMetrics metrics =
          new EpochMetrics(
              epoch,
              lossSum / n,
              correct / n,
              val.loss(),
              val.accuracy(),
              n / trainSeconds,
              seconds(epochStart),
              elapsedBefore + seconds(start));
      history.add(metrics);
      TrainingState state = new TrainingState(session, List.copyOf(history));
      for (TrainingListener l : listeners) {
        l.onEpochEnd(metrics, state);
      }
    }
    return history;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}

package io.lenet5.board;

import io.lenet5.OwnedFiles.Layout;
import io.lenet5.data.Dataset;
import io.lenet5.model.WeightSpec;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.TrainingConfig;
import io.lenet5.train.TrainingListener;
import io.lenet5.train.TrainingSession;
import io.lenet5.train.TrainingState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a training run's TensorBoard logs as Keras's TensorBoard callback lays them out: runs
 * {@code train/} and {@code validation/} under one folder, epochs as steps. Per epoch: loss and
 * accuracy of both, the learning rate and images/s, histograms of every weight tensor and of its
 * gradient norms over a few small training batches; at the last epoch, misclassified validation
 * digits.
 *
 * <p>A resumed run appends: epochs the logs already hold are not written again, and epochs the
 * checkpoint holds but the logs miss (a kill between the two) are written from the history. Put it
 * after the checkpoint writer so that the logs never get ahead of the checkpoint.
 */
public final class TrainingBoard implements TrainingListener, AutoCloseable {
  /** The run of the training figures, under the log folder. */
  public static final String TRAIN_RUN = "train";

  /** The run of the validation figures, under the log folder. */
  public static final String VALIDATION_RUN = "validation";

  /** A training run's log folder: its two runs. */
  public static final Layout LAYOUT =
      Layout.folder(TRAIN_RUN, EventFiles.RUN, VALIDATION_RUN, EventFiles.RUN);

  /** Batches whose gradient norms make each epoch's histogram, and their size. */
  static final int GRADIENT_BATCHES = 4;

  static final int GRADIENT_BATCH_SIZE = 64;

  /** Misclassified validation images shown at the end. */
  static final int MISCLASSIFIED_IMAGES = 12;

  private final TrainingConfig config;
  private final Dataset train;
  private final Dataset validation;
  private final long seed;
  private final SummaryWriter trainWriter;
  private final SummaryWriter validationWriter;
  private long lastLogged;

  /**
   * Opens the two runs under {@code logDir} (each open adds an event file).
   *
   * @param train the images the gradient norms are measured on
   * @param validation the images searched for misclassified images at the last epoch
   * @param resumed whether the run continues a checkpoint, whose epochs the logs may hold already
   */
  public TrainingBoard(
      Path logDir,
      TrainingConfig config,
      Dataset train,
      Dataset validation,
      long seed,
      boolean resumed) {
    this.config = config;
    this.train = train;
    this.validation = validation;
    this.seed = seed;
    Path trainRun = logDir.resolve(TRAIN_RUN);
    lastLogged = resumed ? EventFiles.lastStep(trainRun, Scalars.LOSS) : 0;
    trainWriter = SummaryWriter.open(trainRun);
    try {
      validationWriter = SummaryWriter.open(logDir.resolve(VALIDATION_RUN));
    } catch (RuntimeException e) {
      trainWriter.close();
      throw e;
    }
  }

  @Override
  public void onEpochEnd(EpochMetrics metrics, TrainingState state) {
    for (EpochMetrics m : state.history()) {
      if (m.epoch() > lastLogged) {
        Scalars.write(trainWriter, validationWriter, m, config.learningRate(m.epoch()));
        lastLogged = m.epoch();
      }
    }
    TrainingSession session = state.session();
    int epoch = metrics.epoch();
    Map<String, float[]> weights = session.weights();
    weights.forEach((name, values) -> trainWriter.histogram("weights/" + name, epoch, values));
    float[][] norms = gradientNorms(session, epoch);
    List<WeightSpec> specs = session.net().weights();
    for (int w = 0; w < specs.size(); w++) {
      trainWriter.histogram("gradient_norm/" + specs.get(w).name(), epoch, norms[w]);
    }
    if (epoch == config.epochs()) {
      misclassified(session, epoch);
    }
    trainWriter.flush();
    validationWriter.flush();
  }

  /** For each weight tensor, its gradient's norm on each of a few seeded training batches. */
  private float[][] gradientNorms(TrainingSession session, int epoch) {
    List<WeightSpec> specs = session.net().weights();
    float[][] norms = new float[specs.size()][GRADIENT_BATCHES];
    int size = Math.min(GRADIENT_BATCH_SIZE, train.size());
    float[] pixels = new float[size * train.imagePixels()];
    int[] labels = new int[size];
    int[] order = new int[size];
    SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
    for (int b = 0; b < GRADIENT_BATCHES; b++) {
      for (int i = 0; i < size; i++) {
        order[i] = random.nextInt(train.size());
      }
      train.fillBatch(order, 0, size, pixels, labels);
      float[] batch = session.gradientNorms(pixels, labels, size);
      for (int w = 0; w < specs.size(); w++) {
        norms[w][b] = batch[w];
      }
    }
    return norms;
  }

  /** The first misclassified validation images, each under a tag naming its label and guess. */
  private void misclassified(TrainingSession session, int epoch) {
    int batch = 1000;
    float[] pixels = new float[batch * validation.imagePixels()];
    int[] labels = new int[batch];
    int[] order = new int[batch];
    int shown = 0;
    for (int from = 0; from < validation.size() && shown < MISCLASSIFIED_IMAGES; from += batch) {
      int count = Math.min(batch, validation.size() - from);
      for (int i = 0; i < count; i++) {
        order[i] = from + i;
      }
      validation.fillBatch(order, 0, count, pixels, labels);
      int[] predicted = session.predict(pixels, count);
      for (int i = 0; i < count && shown < MISCLASSIFIED_IMAGES; i++) {
        if (predicted[i] != labels[i]) {
          writeImage(validationWriter, epoch, from + i, labels[i], predicted[i]);
          shown++;
        }
      }
    }
  }

  private void writeImage(SummaryWriter writer, int epoch, int index, int label, int predicted) {
    int height = validation.height();
    int width = validation.width();
    byte[] image = new byte[height * width];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        image[r * width + c] = (byte) validation.pixel(index, r, c);
      }
    }
    writer.images(
        String.format("misclassified/%05d_label_%d_predicted_%d", index, label, predicted),
        epoch,
        image,
        1,
        height,
        width,
        1);
  }

  @Override
  public void close() {
    try {
      trainWriter.close();
    } finally {
      validationWriter.close();
    }
  }
}

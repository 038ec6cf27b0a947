package io.lenet5.cli;

import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.board.ConfusionMatrixPlot;
import io.lenet5.data.DataConfig;
import io.lenet5.data.Dataset;
import io.lenet5.data.ImageData;
import io.lenet5.export.ConfusionMatrix;
import io.lenet5.export.ExportMetadata;
import io.lenet5.export.ModelDigests;
import io.lenet5.export.NpyWriter;
import io.lenet5.export.SavedModelClassifier;
import io.lenet5.export.TrustOptions;
import io.lenet5.train.TrainingConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code evaluate}: runs a SavedModel on a data set's test images (MNIST's 10,000 by default) and
 * reports accuracy, per-class accuracy and the confusion matrix; with {@code --min-accuracy} it is
 * the bundled model's accuracy check.
 */
final class EvaluateCommand extends Command {
  EvaluateCommand() {
    super(
        "evaluate",
        "accuracy of a SavedModel on a test set, MNIST's by default (the bundled accuracy check)",
        "lenet5 evaluate --model DIR [options]",
        "Evaluates a SavedModel on a data set's test images. Exit status 0 when it passes, "
            + BELOW_THRESHOLD
            + " below --min-accuracy, 2 for a bad or refused model, flag or data.");
  }

  /** Exit status when the accuracy is below {@code --min-accuracy}. */
  static final int BELOW_THRESHOLD = 3;

  private static final int DEFAULT_BATCH = 1000;

  @Override
  Options options() {
    return ModelFlags.addTo(DataLoader.addLocationOptions(new Options()))
        .addOption(
            Flags.valued(
                "model",
                "DIR",
                "SavedModel folder; its serving_default signature must map float32 [-1,H,W,1] to"
                    + " [-1,N], the data's image size and classes"))
        .addOption(
            Flags.valued(
                "min-accuracy",
                "FRACTION",
                "exit with status "
                    + BELOW_THRESHOLD
                    + " if the test accuracy is below this (e.g. 0.993)"))
        .addOption(
            Flags.valued(
                "batch-size", "N", "images per call of the model (default " + DEFAULT_BATCH + ")"))
        .addOption(
            Flags.valued(
                "predictions-out",
                "FILE",
                "also write the images x classes probabilities as float32 .npy (numpy.load)"))
        .addOption(Flags.valued("plot", "FILE", "also draw the confusion matrix as a PNG"))
        .addOption(Flags.flag("json", "print the report as JSON"));
  }

  @Override
  int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
    if (!line.hasOption("model")) {
      throw new UserException("evaluate: --model DIR is required");
    }
    Path modelDir = Path.of(line.getOptionValue("model"));
    Double minAccuracy = Flags.doubleValue(line, "min-accuracy");
    if (minAccuracy != null && !(minAccuracy >= 0 && minAccuracy <= 1)) {
      throw new UserException("--min-accuracy: expected a fraction in [0, 1], got " + minAccuracy);
    }
    Integer batch = Flags.intValue(line, "batch-size");
    if (batch != null && (batch < 1 || batch > TrainingConfig.MAX_BATCH_SIZE)) {
      throw new UserException(
          "--batch-size: must be in 1.." + TrainingConfig.MAX_BATCH_SIZE + ", got " + batch);
    }
    DataConfig data = DataLoader.withFlags(DataConfig.DEFAULT, line);
    TrustOptions trust = ModelFlags.of(line, err);

    // The model's files, then the data, then TensorFlow: each error is stderr's first line.
    SavedModelClassifier.Inspected inspected = SavedModelClassifier.inspect(modelDir, trust);
    // metadata.json's accuracy describes the files it hashed; say so when these are others.
    ModelDigests.warning(modelDir).ifPresent(err::println);
    ImageData images = DataLoader.load(data);
    Dataset test = images.test();
    inspected.requireFits(test, "the test set of " + images.name());
    ExportMetadata.Classes named = ExportMetadata.classesOf(modelDir, test.classes());
    if (named.dataset() != null && !named.names().equals(images.classNames())) {
      err.println(
          "note: the model was trained on "
              + named.dataset()
              + ", whose classes have other names than those of "
              + images.name());
    }
    if (batch != null && batch > test.size()) {
      throw new UserException(
          "--batch-size: expected at most the " + test.size() + " test images, got " + batch);
    }
    try (SavedModelClassifier model = inspected.load()) {
      float[] probabilities = predict(model, test, batch == null ? DEFAULT_BATCH : batch);
      ConfusionMatrix matrix = new ConfusionMatrix(test.classes());
      for (int i = 0; i < test.size(); i++) {
        matrix.add(test.label(i), SavedModelClassifier.best(probabilities, i, test.classes()));
      }
      if (line.hasOption("predictions-out")) {
        NpyWriter.writeFloat32(
            Path.of(line.getOptionValue("predictions-out")),
            probabilities,
            test.size(),
            test.classes());
      }
      EvaluationReport report =
          EvaluationReport.of(modelDir, model, images.classNames(), matrix, minAccuracy);
      if (line.hasOption("plot")) {
        ConfusionMatrixPlot.write(
            matrix.counts(),
            images.classNames(),
            ConfusionMatrixPlot.title(
                String.valueOf(modelDir.toAbsolutePath().normalize().getFileName()),
                matrix.accuracy()),
            Path.of(line.getOptionValue("plot")));
      }
      out.print(line.hasOption("json") ? Json.write(report) : report.text());
      if (!report.passed()) {
        err.printf(
            Locale.ROOT,
            "accuracy %.4f is below --min-accuracy %.4f%n",
            report.accuracy(),
            minAccuracy);
        return BELOW_THRESHOLD;
      }
      return 0;
    }
  }

  /** Probabilities for every image of {@code data}, in order, {@code batch} images per call. */
  private static float[] predict(SavedModelClassifier model, Dataset data, int batch) {
    int classes = model.classes();
    float[] all = new float[data.size() * classes];
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] pixels = new float[batch * data.imagePixels()];
    int[] labels = new int[batch];
    for (int from = 0; from < data.size(); from += batch) {
      int count = Math.min(batch, data.size() - from);
      data.fillBatch(order, from, count, pixels, labels);
      float[] p = model.probabilities(pixels, count);
      System.arraycopy(p, 0, all, from * classes, p.length);
    }
    return all;
  }
}

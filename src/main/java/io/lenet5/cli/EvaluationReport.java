package io.lenet5.cli;

import io.lenet5.export.ConfusionMatrix;
import io.lenet5.export.SavedModelClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code evaluate} reports, as text or as JSON ({@code --json}).
 *
 * @param classNames the name of each class, in label order
 * @param perClassAccuracy accuracy on the test images of each class
 * @param confusionMatrix counts by true class (rows) and predicted class (columns)
 * @param minAccuracy the threshold asked for, or null
 * @param passed false only when the accuracy is below {@code minAccuracy}
 */
record EvaluationReport(
    String model,
    String input,
    String output,
    int images,
    int correct,
    double accuracy,
    List<String> classNames,
    double[] perClassAccuracy,
    int[][] confusionMatrix,
    Double minAccuracy,
    boolean passed) {

  /** Most classes whose confusion matrix the text prints; larger ones are in the JSON and plot. */
  static final int MOST_PRINTED_CLASSES = 20;

  static EvaluationReport of(
      Path dir,
      SavedModelClassifier model,
      List<String> classNames,
      ConfusionMatrix matrix,
      Double minAccuracy) {
    double[] perClass = new double[matrix.classes()];
    for (int c = 0; c < perClass.length; c++) {
      perClass[c] = matrix.classAccuracy(c);
    }
    double accuracy = matrix.accuracy();
    return new EvaluationReport(
        dir.toString(),
        model.inputName(),
        model.outputName(),
        matrix.total(),
        matrix.correct(),
        accuracy,
        classNames,
        perClass,
        matrix.counts(),
        minAccuracy,
        minAccuracy == null || accuracy >= minAccuracy);
  }

  /** The human-readable report. */
  String text() {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(Locale.ROOT, "model %s (serving_default: %s -> %s)%n", model, input, output));
    s.append(
        String.format(Locale.ROOT, "test accuracy %.4f (%,d of %,d)%n", accuracy, correct, images));
    s.append("per class:");
    for (int c = 0; c < perClassAccuracy.length; c++) {
      s.append(String.format(Locale.ROOT, "  %s %.4f", classNames.get(c), perClassAccuracy[c]));
    }
    int n = perClassAccuracy.length;
    if (n > MOST_PRINTED_CLASSES) {
      s.append(
          String.format(
              "%nconfusion matrix: %dx%d, in --json and --plot (rows: true class, columns:"
                  + " predicted class)%n",
              n, n));
      return s.toString();
    }
    s.append(
        String.format(
            "%nconfusion matrix (rows: true class, columns: predicted class, by label):%n     "));
    for (int c = 0; c < n; c++) {
      s.append(String.format(Locale.ROOT, "%6d", c));
    }
    s.append(System.lineSeparator());
    for (int r = 0; r < n; r++) {
      s.append(String.format(Locale.ROOT, "%5d", r));
      for (int c = 0; c < n; c++) {
        s.append(String.format(Locale.ROOT, "%6d", confusionMatrix[r][c]));
      }
      s.append(System.lineSeparator());
    }
    return s.toString();
  }
}

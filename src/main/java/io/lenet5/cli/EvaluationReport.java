package io.lenet5.cli;

import io.lenet5.export.ConfusionMatrix;
import io.lenet5.export.SavedModelClassifier;
import io.lenet5.model.LeNet5;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code evaluate} reports, as text or as JSON ({@code --json}).
 *
 * @param perClassAccuracy accuracy on the test images of each digit 0..9
 * @param confusionMatrix counts by true digit (rows) and predicted digit (columns)
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
    double[] perClassAccuracy,
    int[][] confusionMatrix,
    Double minAccuracy,
    boolean passed) {

  static EvaluationReport of(
      Path dir, SavedModelClassifier model, ConfusionMatrix matrix, Double minAccuracy) {
    double[] perClass = new double[LeNet5.CLASSES];
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
    s.append("per digit:");
    for (int c = 0; c < perClassAccuracy.length; c++) {
      s.append(String.format(Locale.ROOT, "  %d %.4f", c, perClassAccuracy[c]));
    }
    s.append(
        String.format("%nconfusion matrix (rows: true digit, columns: predicted digit):%n     "));
    for (int c = 0; c < LeNet5.CLASSES; c++) {
      s.append(String.format(Locale.ROOT, "%6d", c));
    }
    s.append(System.lineSeparator());
    for (int r = 0; r < LeNet5.CLASSES; r++) {
      s.append(String.format(Locale.ROOT, "%5d", r));
      for (int c = 0; c < LeNet5.CLASSES; c++) {
        s.append(String.format(Locale.ROOT, "%6d", confusionMatrix[r][c]));
      }
      s.append(System.lineSeparator());
    }
    return s.toString();
  }
}

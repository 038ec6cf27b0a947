package io.lenet5.export;

/** Counts of (true class, predicted class) pairs over a test set, and the accuracies they give. */
public final class ConfusionMatrix {
  private final int[][] counts;

  /** An empty matrix of {@code classes x classes}. */
  public ConfusionMatrix(int classes) {
    counts = new int[classes][classes];
  }

  /** Number of classes. */
  public int classes() {
    return counts.length;
  }

  /** Counts one image. */
  public void add(int label, int predicted) {
    counts[label][predicted]++;
  }

  /** Number of images counted. */
  public int total() {
    int n = 0;
    for (int[] row : counts) {
      for (int c : row) {
        n += c;
      }
    }
    return n;
  }

  /** Number of images whose prediction is their label. */
  public int correct() {
    int n = 0;
    for (int c = 0; c < counts.length; c++) {
      n += counts[c][c];
    }
    return n;
  }

  /** Fraction predicted right; NaN before any image. */
  public double accuracy() {
    return (double) correct() / total();
  }

  /** Fraction of the images of class {@code label} predicted right; NaN if there are none. */
  public double classAccuracy(int label) {
    int n = 0;
    for (int c : counts[label]) {
      n += c;
    }
    return (double) counts[label][label] / n;
  }

  /** A copy of the counts: rows are true classes, columns predicted ones. */
  public int[][] counts() {
    int[][] copy = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }
}

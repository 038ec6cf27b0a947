package io.lenet5.export;

import io.lenet5.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bounds on the size of a graph that the op check lets through: allowed ops alone can still crash
 * TensorFlow (10,000 chained {@code Identity} nodes end the process with SIGSEGV), keep it busy for
 * minutes (functions that each call the one below twice inline into 64,000 nodes) or fill memory (a
 * {@code Const} whose one stored value TensorFlow repeats over a huge shape). Each limit has a wide
 * margin over what this project's {@code export} and Keras 3's {@code model.export()} of LeNet-5
 * emit ({@code GraphLimitsTest} pins those figures: at most 334 nodes, calls 2 deep, 4,276 constant
 * bytes, rank 4, counted as {@link GraphSize} does).
 */
final class GraphLimits {
  /**
   * Nodes, function calls inlined: Keras's export has 334, ours 47; 3,000 chained ones still ran.
   */
  static final long MAX_NODES = 2_000;

  /** Function calls nested from the graph: Keras's export has 2, ours none. */
  static final int MAX_CALL_DEPTH = 8;

  /**
   * Bytes of constants in memory: Keras's export has 4,276, ours 165; even a frozen LeNet-5, its
   * weights stored as constants, would have 247 KB.
   */
  static final long MAX_CONSTANT_BYTES = 1 << 20;

  /** Dimensions of any shape in the graph: both exports have 4 (the images). */
  static final int MAX_RANK = 8;

  private GraphLimits() {}

  /**
   * Checks the measured graph of the SavedModel in {@code dir} against the limits.
   *
   * @throws UserException naming every limit the graph exceeds, with its figure
   */
  static void check(Path dir, GraphSize size) {
    List<String> over = new ArrayList<>();
    if (size.nodes() > MAX_NODES) {
      over.add(
          format(
              "%,d nodes with the function calls inlined (at most %,d)", size.nodes(), MAX_NODES));
    }
    if (size.callDepth() == GraphSize.RECURSIVE) {
      over.add(format("recursive function calls (at most %d deep)", MAX_CALL_DEPTH));
    } else if (size.callDepth() > MAX_CALL_DEPTH) {
      over.add(format("function calls %,d deep (at most %d)", size.callDepth(), MAX_CALL_DEPTH));
    }
    if (size.constantBytes() > MAX_CONSTANT_BYTES) {
      over.add(
          format("%,d bytes of constants (at most %,d)", size.constantBytes(), MAX_CONSTANT_BYTES));
    }
    if (size.maxRank() > MAX_RANK) {
      over.add(format("a shape of rank %d (at most %d)", size.maxRank(), MAX_RANK));
    }
    if (!over.isEmpty()) {
      throw new UserException(
          "%s: refused: the graph is larger than an inference model needs: %s; pass --trust-model"
                  .formatted(dir, String.join(", ", over))
              + " only if you trust it");
    }
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}

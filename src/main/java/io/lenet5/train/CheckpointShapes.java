package io.lenet5.train;

import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import io.lenet5.model.WeightSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The tensors a checkpoint may hold and their shapes, known without TensorFlow: LeNet-5's weights,
 * an optimizer slot per weight ({@code optimizer/<slot>/<weight>}) and the scalar step counter.
 */
final class CheckpointShapes {
  private static final List<String> SLOTS = List.of("m", "v", "momentum");
  private static final String SLOT_PREFIX = "optimizer/";
  private static final String STEP = "optimizer/iterations";

  private CheckpointShapes() {}

  /**
   * The shape of {@code entry}, which must be that of the tensor it names.
   *
   * @throws UserException for an unknown name or a shape that differs
   */
  static long[] expected(String file, Checkpoint.TensorEntry entry) {
    String name = entry.name();
    if (name == null || entry.shape() == null) {
      throw new UserException(file + ": checkpoint is corrupt (a tensor without name or shape)");
    }
    long[] known = known(name);
    if (known == null) {
      throw new UserException(
          file + ": checkpoint holds unknown tensor '" + UserException.shown(name) + "'");
    }
    if (!Arrays.equals(known, entry.shape())) {
      throw new UserException(
          file
              + ": checkpoint tensor '"
              + name
              + "' has shape "
              + UserException.shown(Arrays.toString(entry.shape()))
              + ", expected "
              + Arrays.toString(known));
    }
    return known;
  }

  private static long[] known(String name) {
    if (name.equals(STEP)) {
      return new long[0];
    }
    String weight = name;
    for (String slot : SLOTS) {
      String prefix = SLOT_PREFIX + slot + "/";
      if (name.startsWith(prefix)) {
        weight = name.substring(prefix.length());
      }
    }
    for (WeightSpec w : LeNet5.WEIGHTS) {
      if (w.name().equals(weight)) {
        return w.shape().clone();
      }
    }
    return null;
  }
}

package io.lenet5.train;

import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import io.lenet5.model.WeightSpec;
import java.util.Arrays;

/**
 * The tensors a checkpoint may hold and their shapes, known without TensorFlow: the model's
 * weights, an optimizer slot per weight ({@link OptimizerKind#slotKey}) and the scalar step
 * counter.
 */
final class CheckpointShapes {
  private CheckpointShapes() {}

  /**
   * The shape of {@code entry}, which must be that of the tensor it names in {@code net}.
   *
   * @throws UserException for an unknown name or a shape that differs
   */
  static long[] expected(String file, Checkpoint.TensorEntry entry, LeNet5 net) {
    String name = entry.name();
    if (name == null || entry.shape() == null) {
      throw new UserException(file + ": checkpoint is corrupt (a tensor without name or shape)");
    }
    long[] known = known(name, net);
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

  private static long[] known(String name, LeNet5 net) {
    if (name.equals(OptimizerKind.STEP_KEY)) {
      return new long[0];
    }
    for (WeightSpec w : net.weights()) {
      if (w.name().equals(name) || isSlotOf(name, w.name())) {
        return w.shape().clone();
      }
    }
    return null;
  }

  private static boolean isSlotOf(String name, String weight) {
    for (OptimizerKind kind : OptimizerKind.values()) {
      for (int i = 0; i < kind.slots().size(); i++) {
        if (kind.slotKey(i, weight).equals(name)) {
          return true;
        }
      }
    }
    return false;
  }
}

package io.lenet5.export;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.lenet5.model.LeNet5;
import io.lenet5.model.WeightSpec;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code model.weights.h5} of a {@code .keras} archive, as Keras 3's saving library lays it
 * out: {@code layers/<layer>/vars/0} (the kernel: HWIO for Conv2D, [in, out] for Dense) and {@code
 * layers/<layer>/vars/1} (the bias), float32, each {@code vars} group carrying the layer's name as
 * attribute {@code name}.
 *
 * <p>Groups for layers without weights (pooling, flatten) and the model's own empty {@code vars}
 * are left out: Keras reads a missing group as "no variables". Leaving them out also avoids a jhdf
 * 0.13 bug: an empty group written after the last dataset is overwritten by the version string jhdf
 * appends when closing the file, and h5py then fails with "bad object header version number".
 */
final class KerasWeightsFile {
  private KerasWeightsFile() {}

  /** Writes every tensor of {@code net} from {@code weights} to a new HDF5 file. */
  static void write(Map<String, float[]> weights, LeNet5 net, Path file) {
    try (WritableHdfFile h5 = HdfFile.write(file)) {
      WritableGroup layers = h5.putGroup("layers");
      for (Map.Entry<String, List<WeightSpec>> layer : net.weightsByLayer().entrySet()) {
        WritableGroup vars = layers.putGroup(layer.getKey()).putGroup("vars");
        vars.putAttribute("name", layer.getKey());
        List<WeightSpec> specs = layer.getValue();
        for (int i = 0; i < specs.size(); i++) {
          WeightSpec w = specs.get(i);
          vars.putDataset(Integer.toString(i), nested(weights.get(w.name()), w.shape()));
        }
      }
    }
  }

  /**
   * The row-major values of {@code flat} as a Java array of {@code shape} (e.g. float[5][5][1][6]),
   * the form jhdf takes for a multi-dimensional dataset.
   */
  static Object nested(float[] flat, long[] shape) {
    int[] dims = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      dims[i] = Math.toIntExact(shape[i]);
    }
    Object array = Array.newInstance(float.class, dims);
    int filled = fill(array, flat, 0);
    if (filled != flat.length) {
      throw new IllegalArgumentException(
          "expected %d values for shape %s, got %d"
              .formatted(filled, Arrays.toString(shape), flat.length));
    }
    return array;
  }

  private static int fill(Object array, float[] flat, int offset) {
    if (array instanceof float[] row) {
      System.arraycopy(flat, offset, row, 0, row.length);
      return offset + row.length;
    }
    int next = offset;
    for (Object child : (Object[]) array) {
      next = fill(child, flat, next);
    }
    return next;
  }
}

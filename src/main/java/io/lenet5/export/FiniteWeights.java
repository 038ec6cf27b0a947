package io.lenet5.export;

import io.lenet5.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Refuses a loaded model whose float weights hold NaN or infinity: such a model still answers, with
 * probabilities that mean nothing, so it is stopped before it is used.
 */
final class FiniteWeights {
  private FiniteWeights() {}

  /**
   * Reads every float32 variable that {@code output} depends on.
   *
   * @param meta the graph as {@code saved_model.pb} holds it
   * @param output the signature's output tensor
   * @throws UserException naming the first variable that holds a non-finite value
   */
  static void check(
      Path dir, SavedModelBundle bundle, MetaGraphDef meta, String output, RunOptions options) {
    Graph graph = bundle.graph();
    List<GraphOperation> variables =
        new GraphWalk(meta)
            .from(List.of(output)).nodes().stream()
                .filter(FiniteWeights::isFloatVariable)
                .map(n -> graph.operationOrThrow(n.getName()))
                .sorted(Comparator.comparing(GraphOperation::name))
                .toList();
    if (variables.isEmpty()) {
      return;
    }
    Ops tf = Ops.create(graph).withSubScope("lenet5_finite_weights");
    List<String> names = new ArrayList<>();
    Session.Runner runner = bundle.session().runner().setOptions(options);
    for (GraphOperation op : variables) {
      names.add(op.name());
      Operand<?> value =
          op.type().equals("VarHandleOp")
              ? tf.readVariableOp(op.output(0), TFloat32.class)
              : op.output(0);
      runner.fetch(value);
    }
    try (Result values = runner.run()) {
      for (int i = 0; i < names.size(); i++) {
        TFloat32 t = (TFloat32) values.get(i);
        float[] v = new float[Math.toIntExact(t.size())];
        t.copyTo(DataBuffers.of(v, false, false));
        int bad = 0;
        for (float x : v) {
          bad += Float.isFinite(x) ? 0 : 1;
        }
        if (bad > 0) {
          throw new UserException(
              "%s: weight '%s' holds %d non-finite values (NaN or infinity) of %d; the model is"
                      .formatted(dir, names.get(i), bad, v.length)
                  + " corrupt or its training diverged");
        }
      }
    } catch (TensorFlowException e) {
      throw new UserException(
          dir + ": cannot read the weights: " + SavedModelFile.firstLine(e.getMessage()), e);
    }
  }

  private static boolean isFloatVariable(NodeDef node) {
    return (node.getOp().equals("VarHandleOp") || node.getOp().equals("VariableV2"))
        && node.getAttrOrDefault("dtype", AttrValue.getDefaultInstance()).getType()
            == DataType.DT_FLOAT;
  }
}

package io.lenet5.export;

import io.lenet5.UserException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Refuses SavedModels that could do more than classify. A SavedModel is a program: its graph can
 * read and write files or loop forever, at load time (restore and init ops) as well as when a
 * signature runs. This check reads the graph and, recursively, every function of its library, and
 * allows each op only where an inference model needs it:
 *
 * <ul>
 *   <li>what a signature runs: {@link #INFERENCE} ops only;
 *   <li>what loading runs (the saver's restore op and the init ops): also {@link #LOADING};
 *   <li>what neither reaches, such as the saver's own save path: also {@link #UNREACHED}.
 * </ul>
 *
 * <p>Before the ops, the graph's size must be within {@link GraphLimits}.
 *
 * <p>The lists hold what this project's export and Keras 3's {@code model.export()} of LeNet-5 emit
 * ({@code tools/make_trust_models.py} prints the latter).
 */
public final class OpAllowList {
  /** Ops a signature may run: layers, activations, shapes, variable reads and function calls. */
  static final Set<String> INFERENCE =
      Set.of(
          // graph plumbing and shapes
          "Placeholder",
          "PlaceholderWithDefault",
          "Const",
          "Identity",
          "IdentityN",
          "NoOp",
          "StopGradient",
          "Shape",
          "Reshape",
          "Squeeze",
          "ExpandDims",
          "Pack",
          "StridedSlice",
          "Cast",
          "ZerosLike",
          // calls of the model's own functions; their bodies are checked as well
          "PartitionedCall",
          "StatefulPartitionedCall",
          // variables, read only
          "VarHandleOp",
          "VariableV2",
          "ReadVariableOp",
          "VarIsInitializedOp",
          // layers
          "Conv2D",
          "BiasAdd",
          "MatMul",
          "AvgPool",
          "MaxPool",
          "MaxPoolV2",
          // activations
          "Relu",
          "Relu6",
          "Elu",
          "Selu",
          "Tanh",
          "Sigmoid",
          "Softplus",
          "Softmax",
          "LogSoftmax",
          // element-wise arithmetic
          "Add",
          "AddV2",
          "Sub",
          "Mul",
          "RealDiv",
          "Maximum",
          "Minimum");

  /** Further ops the restore and init ops may run: reading {@code variables/} into variables. */
  static final Set<String> LOADING =
      Set.of("RestoreV2", "Assign", "AssignVariableOp", "DisableCopyOnRead");

  /**
   * Further ops allowed only where nothing runs them: the saver's save path, which TensorFlow puts
   * into every SavedModel and which neither loading nor a signature reaches.
   */
  static final Set<String> UNREACHED =
      Set.of(
          "SaveV2",
          "MergeV2Checkpoints",
          "ShardedFilename",
          "StringJoin",
          "StaticRegexFullMatch",
          "Select");

  /** Where TensorFlow's loader finds the ops it runs after the restore, besides the signature. */
  private static final List<String> INIT_COLLECTIONS =
      List.of("saved_model_main_op", "legacy_init_op", "table_initializer");

  private OpAllowList() {}

  /**
   * Checks the graph of the SavedModel in {@code dir}.
   *
   * @throws UserException if the graph exceeds {@link GraphLimits}, or naming every op outside the
   *     allow-list and when it would run
   */
  static void check(Path dir, MetaGraphDef graph) {
    GraphLimits.check(dir, GraphSize.of(graph));
    Map<String, String> offending = offending(graph);
    if (!offending.isEmpty()) {
      String ops =
          offending.entrySet().stream()
              .map(e -> e.getKey() + " (" + e.getValue() + ")")
              .collect(Collectors.joining(", "));
      throw new UserException(
          "%s: refused: the model uses ops outside the allow-list of inference ops: %s; pass"
                  .formatted(dir, ops)
              + " --trust-model only if you trust it, as it runs with this program's file access");
    }
  }

  /** Each op outside the allow-list, by name, with when it would run; empty if none. */
  static Map<String, String> offending(MetaGraphDef graph) {
    GraphWalk call = new GraphWalk(graph);
    for (Map.Entry<String, SignatureDef> s : graph.getSignatureDefMap().entrySet()) {
      if (!s.getKey().equals(SavedModelFile.INIT_SIGNATURE)) {
        call.from(names(s.getValue().getOutputsMap()));
      }
    }
    GraphWalk load = new GraphWalk(graph).from(loadRoots(graph));
    GraphWalk all = new GraphWalk(graph).everything();

    Map<String, String> offending = new TreeMap<>();
    for (String op : call.ops()) {
      if (!INFERENCE.contains(op)) {
        offending.putIfAbsent(op, "when called");
      }
    }
    for (String op : load.ops()) {
      if (!INFERENCE.contains(op) && !LOADING.contains(op)) {
        offending.putIfAbsent(op, "when loaded");
      }
    }
    for (String op : all.ops()) {
      if (!INFERENCE.contains(op) && !LOADING.contains(op) && !UNREACHED.contains(op)) {
        offending.putIfAbsent(op, "unused");
      }
    }
    return offending;
  }

  private static List<String> loadRoots(MetaGraphDef graph) {
    List<String> roots = new ArrayList<>();
    if (!graph.getSaverDef().getRestoreOpName().isEmpty()) {
      roots.add(graph.getSaverDef().getRestoreOpName());
    }
    SignatureDef init = graph.getSignatureDefMap().get(SavedModelFile.INIT_SIGNATURE);
    if (init != null) {
      roots.addAll(names(init.getOutputsMap()));
    }
    for (String key : INIT_COLLECTIONS) {
      CollectionDef c = graph.getCollectionDefMap().get(key);
      if (c != null) {
        roots.addAll(c.getNodeList().getValueList());
      }
    }
    return roots;
  }

  private static List<String> names(Map<String, TensorInfo> tensors) {
    return tensors.values().stream().map(TensorInfo::getName).toList();
  }
}

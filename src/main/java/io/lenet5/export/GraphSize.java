package io.lenet5.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * How big a SavedModel's graph is, over the graph and every function of its library: what {@link
 * GraphLimits} bounds before TensorFlow sees the graph.
 *
 * @param nodes nodes of the graph and of all functions
 * @param callDepth the longest chain of function calls, the graph's call of the first function
 *     counted; {@link #RECURSIVE} if a function calls itself, directly or not
 * @param constantBytes bytes of all tensor-valued attributes (the values of {@code Const} nodes) as
 *     TensorFlow holds them in memory, or as stored where that is larger
 * @param maxRank the most dimensions of any shape or tensor in an attribute or a signature
 */
record GraphSize(long nodes, int callDepth, long constantBytes, int maxRank) {
  /** The {@link #callDepth} of a library whose call chains never end. */
  static final int RECURSIVE = Integer.MAX_VALUE;

  /** Measures {@code graph}. */
  static GraphSize of(MetaGraphDef graph) {
    List<FunctionDef> library = graph.getGraphDef().getLibrary().getFunctionList();
    List<NodeDef> all = new ArrayList<>(graph.getGraphDef().getNodeList());
    library.forEach(f -> all.addAll(f.getNodeDefList()));
    long constantBytes = 0;
    int maxRank = 0;
    for (NodeDef node : all) {
      for (AttrValue attr : node.getAttrMap().values()) {
        for (TensorProto t : tensors(attr)) {
          constantBytes = saturatedAdd(constantBytes, bytes(t));
        }
        maxRank = Math.max(maxRank, rank(attr));
      }
    }
    for (var signature : graph.getSignatureDefMap().values()) {
      for (var info :
          Stream.concat(
                  signature.getInputsMap().values().stream(),
                  signature.getOutputsMap().values().stream())
              .toList()) {
        maxRank = Math.max(maxRank, info.getTensorShape().getDimCount());
      }
    }
    return new GraphSize(all.size(), callDepth(library), constantBytes, maxRank);
  }

  private static List<TensorProto> tensors(AttrValue attr) {
    List<TensorProto> found = new ArrayList<>(attr.getList().getTensorList());
    if (attr.hasTensor()) {
      found.add(attr.getTensor());
    }
    return found;
  }

  private static int rank(AttrValue attr) {
    int rank = attr.hasShape() ? attr.getShape().getDimCount() : 0;
    for (TensorShapeProto s : attr.getList().getShapeList()) {
      rank = Math.max(rank, s.getDimCount());
    }
    for (TensorProto t : tensors(attr)) {
      rank = Math.max(rank, t.getTensorShape().getDimCount());
    }
    return rank;
  }

  /**
   * A tensor's size in memory: TensorFlow fills the whole shape from a single stored value, so a
   * few stored bytes can stand for gigabytes.
   */
  private static long bytes(TensorProto t) {
    long elements = 1;
    for (TensorShapeProto.Dim d : t.getTensorShape().getDimList()) {
      elements = saturatedMultiply(elements, Math.max(d.getSize(), 0));
    }
    return Math.max(t.getSerializedSize(), saturatedMultiply(elements, elementBytes(t.getDtype())));
  }

  /** Bytes per element of the fixed-size types; 0 for the others, whose stored size counts. */
  private static int elementBytes(DataType type) {
    return switch (type) {
      case DT_BOOL, DT_INT8, DT_UINT8, DT_QINT8, DT_QUINT8 -> 1;
      case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16, DT_QINT16, DT_QUINT16 -> 2;
      case DT_FLOAT, DT_INT32, DT_UINT32, DT_QINT32 -> 4;
      case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
      case DT_COMPLEX128 -> 16;
      default -> 0;
    };
  }

  /**
   * The longest call chain, by a depth-first walk with its own stack (a crafted library can nest
   * deeper than the Java stack holds); a function met again on its own chain is recursion.
   */
  private static int callDepth(List<FunctionDef> library) {
    Map<String, Set<String>> callees = new HashMap<>();
    library.forEach(f -> callees.put(f.getSignature().getName(), new LinkedHashSet<>()));
    for (FunctionDef f : library) {
      Set<String> out = callees.get(f.getSignature().getName());
      f.getNodeDefList().forEach(n -> addCallees(n, callees.keySet(), out));
    }
    // Functions the graph never calls count too: the op check reads them all.
    Map<String, Integer> depth = new HashMap<>();
    Deque<String> chain = new ArrayDeque<>();
    Deque<Iterator<String>> next = new ArrayDeque<>();
    Set<String> onChain = new HashSet<>();
    for (String start : callees.keySet()) {
      if (!depth.containsKey(start)) {
        chain.push(start);
        next.push(callees.get(start).iterator());
        onChain.add(start);
      }
      while (!chain.isEmpty()) {
        if (next.peek().hasNext()) {
          String callee = next.peek().next();
          if (onChain.contains(callee)) {
            return RECURSIVE;
          }
          if (!depth.containsKey(callee)) {
            chain.push(callee);
            next.push(callees.get(callee).iterator());
            onChain.add(callee);
          }
        } else {
          String done = chain.pop();
          next.pop();
          onChain.remove(done);
          int deepest = 0;
          for (String callee : callees.get(done)) {
            deepest = Math.max(deepest, depth.get(callee));
          }
          depth.put(done, deepest + 1);
        }
      }
    }
    return depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  /** The library functions {@code node} calls, by op type or through an attribute. */
  private static void addCallees(NodeDef node, Set<String> library, Set<String> out) {
    List<String> names = new ArrayList<>();
    names.add(node.getOp());
    for (AttrValue attr : node.getAttrMap().values()) {
      if (attr.hasFunc()) {
        names.add(attr.getFunc().getName());
      }
      attr.getList().getFuncList().forEach(f -> names.add(f.getName()));
    }
    names.stream().filter(library::contains).forEach(out::add);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}

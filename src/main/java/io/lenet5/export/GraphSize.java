package io.lenet5.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * How big a SavedModel's graph is, over the graph and every function of its library: what {@link
 * GraphLimits} bounds before TensorFlow sees the graph. TensorFlow inlines function calls, so a
 * function's nodes and constants count once per call: a few functions that each call the one below
 * twice would otherwise stand for a chain of nodes far longer than the graph file shows.
 *
 * @param nodes nodes of the graph with every called function inlined, plus those of functions
 *     nothing calls
 * @param callDepth the longest chain of function calls, the graph's call of the first function
 *     counted; {@link #RECURSIVE} if a function calls itself, directly or not
 * @param constantBytes bytes of all tensor-valued attributes (the values of {@code Const} nodes) as
 *     TensorFlow holds them in memory, or as stored where that is larger, counted as {@link #nodes}
 *     are; with recursion, nodes and bytes count each function once
 * @param maxRank the most dimensions of any shape or tensor in an attribute or a signature
 */
record GraphSize(long nodes, int callDepth, long constantBytes, int maxRank) {
  /** The {@link #callDepth} of a library whose call chains never end. */
  static final int RECURSIVE = Integer.MAX_VALUE;

  /** Measures {@code graph}. */
  static GraphSize of(MetaGraphDef graph) {
    List<FunctionDef> library = graph.getGraphDef().getLibrary().getFunctionList();
    Set<String> names = new HashSet<>();
    library.forEach(f -> names.add(f.getSignature().getName()));
    Map<String, Body> functions = new LinkedHashMap<>();
    library.forEach(
        f -> functions.put(f.getSignature().getName(), new Body(f.getNodeDefList(), names)));
    Body top = new Body(graph.getGraphDef().getNodeList(), names);

    int maxRank =
        Stream.concat(Stream.of(top), functions.values().stream())
            .mapToInt(b -> b.maxRank)
            .max()
            .orElse(0);
    for (var signature : graph.getSignatureDefMap().values()) {
      for (var info :
          Stream.concat(
                  signature.getInputsMap().values().stream(),
                  signature.getOutputsMap().values().stream())
              .toList()) {
        maxRank = Math.max(maxRank, info.getTensorShape().getDimCount());
      }
    }

    // Functions nothing calls count too: the op check reads them all.
    Set<String> uncalled = new LinkedHashSet<>(functions.keySet());
    Stream.concat(Stream.of(top), functions.values().stream())
        .forEach(b -> b.calls.forEach(uncalled::remove));
    if (!inline(functions)) {
      long nodes = top.ownNodes;
      long bytes = top.ownBytes;
      for (Body f : functions.values()) {
        nodes = saturatedAdd(nodes, f.ownNodes);
        bytes = saturatedAdd(bytes, f.ownBytes);
      }
      return new GraphSize(nodes, RECURSIVE, bytes, maxRank);
    }
    top.inline(functions);
    long nodes = top.nodes;
    long bytes = top.bytes;
    int depth = top.depth;
    for (String name : uncalled) {
      Body f = functions.get(name);
      nodes = saturatedAdd(nodes, f.nodes);
      bytes = saturatedAdd(bytes, f.bytes);
      depth = Math.max(depth, f.depth + 1); // as if the graph called it
    }
    return new GraphSize(nodes, depth, bytes, maxRank);
  }

  /** The nodes of the graph or of one function: what they hold, and once inlined, in all. */
  private static final class Body {
    final long ownNodes;
    final long ownBytes;
    final int maxRank;

    /** The library functions called, once per call site, by op type or through an attribute. */
    final List<String> calls = new ArrayList<>();

    /** With every call inlined, once {@link #inline} has run: calls nested, nodes, bytes. */
    int depth;

    long nodes;
    long bytes;

    Body(List<NodeDef> nodeList, Set<String> library) {
      long constantBytes = 0;
      int rank = 0;
      for (NodeDef node : nodeList) {
        if (library.contains(node.getOp())) {
          calls.add(node.getOp());
        }
        for (AttrValue attr : node.getAttrMap().values()) {
          for (TensorProto t : tensors(attr)) {
            constantBytes = saturatedAdd(constantBytes, bytes(t));
          }
          rank = Math.max(rank, rank(attr));
          if (attr.hasFunc() && library.contains(attr.getFunc().getName())) {
            calls.add(attr.getFunc().getName());
          }
          attr.getList().getFuncList().stream()
              .map(NameAttrList::getName)
              .filter(library::contains)
              .forEach(calls::add);
        }
      }
      ownNodes = nodeList.size();
      ownBytes = constantBytes;
      maxRank = rank;
    }

    /** Sets the inlined figures from those of the callees, already inlined. */
    void inline(Map<String, Body> functions) {
      nodes = ownNodes;
      bytes = ownBytes;
      int deepest = 0;
      for (String name : calls) {
        Body callee = functions.get(name);
        nodes = saturatedAdd(nodes, callee.nodes);
        bytes = saturatedAdd(bytes, callee.bytes);
        deepest = Math.max(deepest, callee.depth);
      }
      depth = calls.isEmpty() ? 0 : deepest + 1;
    }
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
   * Inlines every function, callees first, by a depth-first walk with its own stack (a crafted
   * library can nest deeper than the Java stack holds).
   *
   * @return false if a function is met again on its own chain: recursion, which never ends
   */
  private static boolean inline(Map<String, Body> functions) {
    Set<String> done = new HashSet<>();
    Set<String> onChain = new HashSet<>();
    Deque<String> chain = new ArrayDeque<>();
    Deque<Iterator<String>> next = new ArrayDeque<>();
    for (String start : functions.keySet()) {
      if (!done.contains(start)) {
        chain.push(start);
        next.push(functions.get(start).calls.iterator());
        onChain.add(start);
      }
      while (!chain.isEmpty()) {
        if (next.peek().hasNext()) {
          String callee = next.peek().next();
          if (onChain.contains(callee)) {
            return false;
          }
          if (!done.contains(callee)) {
            chain.push(callee);
            next.push(functions.get(callee).calls.iterator());
            onChain.add(callee);
          }
        } else {
          String finished = chain.pop();
          next.pop();
          onChain.remove(finished);
          functions.get(finished).inline(functions);
          done.add(finished);
        }
      }
    }
    return true;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}

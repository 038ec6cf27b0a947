package io.lenet5.export;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * What running some nodes of a SavedModel's graph runs: their inputs, recursively, and every
 * function they call, by op type or through a function-valued attribute (the bodies of loops and
 * conditionals), with all of each function's nodes.
 *
 * <p>The walk keeps its own queue of functions to read rather than recursing: a crafted library can
 * nest its functions 100,000 deep, far past what the Java stack holds.
 */
final class GraphWalk {
  private final Map<String, NodeDef> nodes = new HashMap<>();
  private final Map<String, FunctionDef> functions = new HashMap<>();
  private final Set<String> seenFunctions = new HashSet<>();
  private final Deque<FunctionDef> unread = new ArrayDeque<>();
  private final Set<String> reached = new HashSet<>();
  private final Set<String> ops = new HashSet<>();

  GraphWalk(MetaGraphDef graph) {
    graph.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
    graph
        .getGraphDef()
        .getLibrary()
        .getFunctionList()
        .forEach(f -> functions.put(f.getSignature().getName(), f));
  }

  /** The op types reached so far, functions' included. */
  Set<String> ops() {
    return ops;
  }

  /** The graph's nodes reached so far (not those inside functions). */
  Set<NodeDef> nodes() {
    Set<NodeDef> found = new HashSet<>();
    reached.forEach(name -> found.add(nodes.get(name)));
    return found;
  }

  /** Visits every node of the graph and every function of the library. */
  GraphWalk everything() {
    nodes.keySet().forEach(reached::add);
    nodes.values().forEach(this::visit);
    functions.keySet().forEach(this::function);
    readFunctions();
    return this;
  }

  /**
   * Visits the nodes named and all they depend on.
   *
   * @param roots op or tensor names: {@code name}, {@code name:1} or {@code ^name}
   */
  GraphWalk from(Collection<String> roots) {
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      NodeDef node = nodes.get(nodeName(pending.pop()));
      if (node != null && reached.add(node.getName())) {
        visit(node);
        pending.addAll(node.getInputList());
      }
    }
    readFunctions();
    return this;
  }

  /** Notes the node's op and queues the functions it calls. */
  private void visit(NodeDef node) {
    if (functions.containsKey(node.getOp())) {
      function(node.getOp());
    } else {
      ops.add(node.getOp());
    }
    for (AttrValue attr : node.getAttrMap().values()) {
      if (attr.hasFunc()) {
        function(attr.getFunc().getName());
      }
      attr.getList().getFuncList().forEach(f -> function(f.getName()));
    }
  }

  /** Queues a function to read; TensorFlow runs a name its library lacks as the op of that name. */
  private void function(String name) {
    FunctionDef f = functions.get(name);
    if (f == null) {
      ops.add(name);
    } else if (seenFunctions.add(name)) {
      unread.push(f);
    }
  }

  /** Visits all nodes of the queued functions and of those they call in turn. */
  private void readFunctions() {
    while (!unread.isEmpty()) {
      unread.pop().getNodeDefList().forEach(this::visit);
    }
  }

  private static String nodeName(String input) {
    String name = input.startsWith("^") ? input.substring(1) : input;
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}

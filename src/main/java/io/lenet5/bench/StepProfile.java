package io.lenet5.bench;

import io.lenet5.train.BatchFeeder;
import io.lenet5.train.TrainingSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a training step's time goes, from TensorFlow's full trace: time per kernel type, the span
 * from the first kernel's start to the last one's end, and the wall time of untraced steps run in
 * between. Untraced wall minus traced span estimates the per-call overhead (feeds, fetches,
 * executor setup) that running several steps per call could save at most; tracing slows the kernels
 * a little, so the estimate errs low. Compare profiles with each other, not with untraced
 * throughput.
 *
 * @param wallMicros wall time of one untraced step, batch filling excluded
 * @param spanMicros first kernel start to last kernel end, per step
 * @param kernelMicros all kernel times added up, per step (above the span when kernels overlap)
 * @param ops per kernel type, most expensive first
 */
public record StepProfile(
    int steps, double wallMicros, double spanMicros, double kernelMicros, List<OpTime> ops) {
  /**
   * One kernel type.
   *
   * @param micros time per step, all its kernels together
   * @param perStep how many of its kernels one step runs
   */
  public record OpTime(String op, double micros, double perStep) {}

  /** Traces {@code steps} steps after a few untraced ones (oneDNN builds its kernels first). */
  static StepProfile measure(TrainingSession session, BatchFeeder feeder, int steps, float rate) {
    feeder.train(session, 5, rate);
    Map<String, double[]> byOp = new LinkedHashMap<>();
    double wall = 0;
    double span = 0;
    for (int i = 0; i < steps; i++) {
      feeder.fill();
      long start = System.nanoTime();
      session.step(feeder.pixels(), feeder.labels(), feeder.batchSize(), rate);
      wall += (System.nanoTime() - start) / 1e3;
      RunMetadata metadata =
          session.tracedStep(feeder.pixels(), feeder.labels(), feeder.batchSize(), rate);
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
        for (NodeExecStats node : device.getNodeStatsList()) {
          double[] acc = byOp.computeIfAbsent(kernel(node), k -> new double[2]);
          acc[0] += node.getAllEndRelMicros();
          acc[1]++;
          first = Math.min(first, node.getAllStartMicros());
          last = Math.max(last, node.getAllStartMicros() + node.getAllEndRelMicros());
        }
      }
      span += last - first;
    }
    List<OpTime> ops = new ArrayList<>();
    double total = 0;
    for (Map.Entry<String, double[]> e : byOp.entrySet()) {
      ops.add(new OpTime(e.getKey(), e.getValue()[0] / steps, e.getValue()[1] / steps));
      total += e.getValue()[0];
    }
    ops.sort(Comparator.comparingDouble(OpTime::micros).reversed());
    return new StepProfile(steps, wall / steps, span / steps, total / steps, ops);
  }

  /** The kernel's type: the label reads {@code node = Kernel(inputs)}; else the node's name. */
  private static String kernel(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    if (eq < 0) {
      return node.getNodeName();
    }
    int paren = label.indexOf('(', eq);
    return label.substring(eq + 3, paren < 0 ? label.length() : paren);
  }
}

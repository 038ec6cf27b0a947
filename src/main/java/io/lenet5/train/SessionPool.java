package io.lenet5.train;

import io.lenet5.Records;
import io.lenet5.model.ModelConfig;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training sessions kept open between runs of the same graph, such as the trials of a search: a
 * trial then loads its state into a session another trial has left instead of building the graph,
 * opening a session and letting TensorFlow optimize every kind of run again (tenths of a second a
 * trial, more with chained steps). The graph depends on the model, the update rule and the layout;
 * learning rate and batch size are fed at each run, and {@link TrainingRun#fit} sets every state
 * variable, so a run in a reused session repeats a run in a new one bit for bit.
 *
 * <p>Thread-safe. At most {@code capacity} idle sessions are kept; the least recently used goes
 * first.
 */
public final class SessionPool implements AutoCloseable {
  private final int capacity;
  private final List<Idle> idle = new ArrayList<>();
  private boolean closed;

  /** A pool that keeps at most {@code capacity} idle sessions. */
  public SessionPool(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity: expected >= 0, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * An idle session for {@code model} and {@code training} on {@code device}, or a new one; give it
   * back with {@link #release} when the run is over.
   */
  public TrainingSession take(ModelConfig model, TrainingConfig training, Device device) {
    GraphKey key = GraphKey.of(model, training, device);
    synchronized (this) {
      for (int i = idle.size() - 1; i >= 0; i--) {
        if (idle.get(i).key.equals(key)) {
          return idle.remove(i).session;
        }
      }
    }
    return new TrainingSession(model, training, device);
  }

  /**
   * Keeps {@code session}, taken from this pool for {@code model} and {@code training}, for the
   * next run of its graph; closes it when the pool is closed.
   */
  public void release(TrainingSession session, ModelConfig model, TrainingConfig training) {
    GraphKey key = GraphKey.of(model, training, session.device());
    TrainingSession evicted = null;
    synchronized (this) {
      if (closed || capacity == 0) {
        evicted = session;
      } else {
        idle.add(new Idle(key, session));
        if (idle.size() > capacity) {
          evicted = idle.remove(0).session;
        }
      }
    }
    if (evicted != null) {
      evicted.close();
    }
  }

  /** Closes the idle sessions; sessions released later are closed at once. */
  @Override
  public void close() {
    List<Idle> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(idle);
      idle.clear();
    }
    left.forEach(i -> i.session.close());
  }

  /**
   * Training fields the graph does not hold: fed at each run (the rate, the batch) or used by the
   * loop in Java (epochs, schedule, augmentation). Every other field is taken to shape the graph,
   * so a new field can cost a reuse but never give a run a session built with another value of it.
   */
  private static final Set<String> NOT_IN_GRAPH =
      Set.of(
          "learningRate",
          "batchSize",
          "epochs",
          "schedule",
          "decayEpochs",
          "augmentShift",
          "augmentRotation",
          "augmentScale",
          "augmentShear",
          "elasticAlpha",
          "elasticSigma",
          "elasticProbability");

  /** What a session's graph is built from: the settings not fed at each run. */
  private record GraphKey(
      ModelConfig model, Map<String, Object> training, Device device, StepLayout layout) {
    static GraphKey of(ModelConfig model, TrainingConfig training, Device device) {
      return new GraphKey(
          model,
          graphFields(training),
          device,
          StepLayout.forDevice(device, training.batchSize(), model));
    }
  }

  /** The components of {@code training} that shape a graph, by name. */
  static Map<String, Object> graphFields(Record training) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (RecordComponent c : training.getClass().getRecordComponents()) {
      if (!NOT_IN_GRAPH.contains(c.getName())) {
        fields.put(c.getName(), Records.get(training, c));
      }
    }
    return fields;
  }

  private record Idle(GraphKey key, TrainingSession session) {}
}

package io.lenet5.train;

import io.lenet5.data.Dataset;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.proto.RunMetadata;

/**
 * One model in training, over one {@link ReplicaSession} per replica: what callers step, evaluate,
 * save and load, whatever the layout. It holds the state (weights, optimizer slots, step counter)
 * that checkpoints save as plain arrays.
 *
 * <p>With one replica it is a single graph and session. With several ({@link
 * StepLayout#replicas()}) each replica holds a copy of the state in a graph of its own; a step
 * splits the batch between them, computes their gradients at once on their own threads, combines
 * them weighted by images, and every replica applies the same combined gradients, so the copies
 * stay identical. That keeps the cores busy where TensorFlow's intra-op threads cannot for
 * LeNet-5's small kernels.
 *
 * <p>One thread at a time per instance; separate instances share nothing and may train concurrently
 * in one JVM.
 */
public final class TrainingSession implements AutoCloseable {
  private final Device device;
  private final StepLayout layout;
  private final List<ReplicaSession> replicas = new ArrayList<>();
  private final ExecutorService helpers;
  private final float[][] combined;

  /**
   * Builds the graph for a model and optimizer and opens a session on {@code device}, with the
   * layout that is fastest there for its batch size ({@link StepLayout#forDevice}).
   */
  public TrainingSession(ModelConfig model, TrainingConfig training, Device device) {
    this(model, training, device, StepLayout.forDevice(device, training.batchSize(), model));
  }

  /** Builds the graphs with the given layout and opens their sessions on {@code device}. */
  public TrainingSession(
      ModelConfig model, TrainingConfig training, Device device, StepLayout layout) {
    this.device = device;
    this.layout = layout;
    boolean replicated = layout.replicas() > 1;
    Device replicaDevice = layout.replicaDevice(device);
    try {
      for (int r = 0; r < layout.replicas(); r++) {
        replicas.add(new ReplicaSession(model, training, replicaDevice, layout, replicated));
      }
    } catch (RuntimeException e) {
      replicas.forEach(ReplicaSession::close);
      throw e;
    }
    helpers =
        replicated
            ? Executors.newFixedThreadPool(
                layout.replicas() - 1,
                task -> {
                  Thread thread = new Thread(task, "training-replica");
                  thread.setDaemon(true);
                  return thread;
                })
            : null;
    combined =
        replicated
            ? Arrays.stream(first().gradientValues())
                .map(g -> new float[g.length])
                .toArray(float[][]::new)
            : null;
  }

  /** The device this session runs on. */
  public Device device() {
    return device;
  }

  /**
   * Runs one training step on {@code count} images held in {@code pixels} (count*h*w floats).
   *
   * @return the summed loss and the number of correct predictions, both before the update
   */
  public StepResult step(float[] pixels, int[] batchLabels, int count, float rate) {
    if (helpers == null) {
      return first().step(pixels, batchLabels, count, rate);
    }
    List<StepResult> results =
        onShares(
            count,
            new StepResult(0f, 0f),
            (replica, first, share) -> replica.computeGradients(pixels, batchLabels, first, share));
    int[] shares = shares(count, replicas.size());
    // A fixed order of float operations, so that a run repeats bit for bit.
    for (int i = 0; i < combined.length; i++) {
      float[] sum = combined[i];
      Arrays.fill(sum, 0f);
      for (int r = 0; r < replicas.size(); r++) {
        if (shares[r] == 0) {
          continue;
        }
        float weight = (float) shares[r] / count;
        float[] g = replicas.get(r).gradientValues()[i];
        for (int j = 0; j < sum.length; j++) {
          sum[j] += weight * g[j];
        }
      }
    }
    List<Callable<Void>> updates = new ArrayList<>();
    for (ReplicaSession replica : replicas) {
      updates.add(
          () -> {
            replica.apply(combined, rate);
            return null;
          });
    }
    onAll(updates);
    float loss = 0f;
    float correct = 0f;
    for (StepResult r : results) {
      loss += r.lossSum();
      correct += r.correct();
    }
    return new StepResult(loss, correct);
  }

  /** The number of full batches {@link #steps} takes in one run; 1 where it takes one. */
  public int stepsPerRun() {
    return layout.stepsPerRun();
  }

  /**
   * Runs {@link #stepsPerRun()} training steps in a row, the same steps as that many calls of
   * {@link #step}, on full batches of {@code count} images held one after another in {@code pixels}
   * and {@code batchLabels}.
   *
   * @return each step's summed loss and number of correct predictions, before its update
   */
  public StepResult[] steps(float[] pixels, int[] batchLabels, int count, float rate) {
    if (layout.stepsPerRun() == 1) {
      return new StepResult[] {step(pixels, batchLabels, count, rate)};
    }
    return first().steps(pixels, batchLabels, count, rate);
  }

  /**
   * Runs one training step like {@link #step} with TensorFlow's full trace on, for profiling: the
   * metadata's step stats time every kernel of the step. With replicas, the gradients of the first
   * replica's share of the batch are traced, then the step is taken untraced.
   */
  public RunMetadata tracedStep(float[] pixels, int[] batchLabels, int count, float rate) {
    if (helpers == null) {
      return first().tracedStep(pixels, batchLabels, count, rate);
    }
    RunMetadata metadata =
        first().tracedStep(pixels, batchLabels, shares(count, replicas.size())[0], rate);
    step(pixels, batchLabels, count, rate);
    return metadata;
  }

  /** Loss and accuracy on a whole dataset, in batches of {@code batchSize}, without updates. */
  public Evaluation evaluate(Dataset data, int batchSize) {
    int n = data.size();
    if (helpers == null) {
      return first().evaluate(data, 0, n, batchSize);
    }
    // Each replica evaluates a contiguous share; the shares are fixed, so the sums repeat.
    List<Evaluation> parts =
        onShares(
            n,
            new Evaluation(0, 0, 0),
            (replica, first, share) -> replica.evaluate(data, first, share, batchSize));
    double loss = 0;
    long right = 0;
    for (Evaluation part : parts) {
      loss += part.loss() * part.count();
      right += Math.round(part.accuracy() * part.count());
    }
    return new Evaluation(loss / n, (double) right / n, n);
  }

  /**
   * Sets the weights to Glorot-uniform values from {@code seed} and the optimizer state to zero.
   */
  public void initialize(long seed) {
    replicas.forEach(r -> r.initialize(seed));
  }

  /** The network this session trains. */
  public LeNet5 net() {
    return first().net();
  }

  /** Every state variable by checkpoint name: weights first, then optimizer state. */
  public Map<String, float[]> state() {
    return first().state();
  }

  /** The shape of every state variable, keyed and ordered as {@link #state()}. */
  public Map<String, long[]> shapes() {
    return first().shapes();
  }

  /** The model weights only, by Keras name, in {@link io.lenet5.model.LeNet5#weights} order. */
  public Map<String, float[]> weights() {
    return first().weights();
  }

  /**
   * Sets every state variable; {@code values} must hold each one with its exact size (a checkpoint
   * of another model or optimizer is a user error).
   */
  public void load(Map<String, float[]> values) {
    replicas.forEach(r -> r.load(values));
  }

  /**
   * Starts an epoch's dropout masks, drawn from {@code seed} and {@code epoch}; each replica draws
   * its own for its share of a batch. A model without dropout ignores it.
   */
  public void seedDropout(long seed, int epoch) {
    for (int r = 0; r < replicas.size(); r++) {
      replicas.get(r).seedDropout(Shuffle.random(seed + r, epoch).nextLong());
    }
  }

  /**
   * The L2 norm of the loss's gradient for each weight tensor ({@link
   * io.lenet5.model.LeNet5#weights} order) on one batch, without updating anything: for monitoring,
   * not for the step loop.
   */
  public float[] gradientNorms(float[] pixels, int[] batchLabels, int count) {
    return first().gradientNorms(pixels, batchLabels, count);
  }

  /** The predicted digit of each of {@code count} images in {@code pixels}. */
  public int[] predict(float[] pixels, int count) {
    return first().predict(pixels, count);
  }

  /** Every replica's state, {@link #state()} first: identical copies after any step. */
  List<Map<String, float[]>> replicaStates() {
    return replicas.stream().map(ReplicaSession::state).toList();
  }

  @Override
  public void close() {
    if (helpers != null) {
      helpers.shutdownNow();
    }
    replicas.forEach(ReplicaSession::close);
  }

  private ReplicaSession first() {
    return replicas.get(0);
  }

  /**
   * {@code count} images split between {@code parts} as evenly as possible, larger shares first.
   */
  static int[] shares(int count, int parts) {
    int[] shares = new int[parts];
    for (int r = 0; r < parts; r++) {
      shares[r] = count / parts + (r < count % parts ? 1 : 0);
    }
    return shares;
  }

  /** One replica's work on images {@code first} to {@code first+count-1}. */
  @FunctionalInterface
  private interface ShareWork<T> {
    T run(ReplicaSession replica, int first, int count) throws Exception;
  }

  /**
   * Runs {@code work} on every replica's share of {@code count} images at once, {@code none} for a
   * share without images; returns the results in replica order.
   */
  private <T> List<T> onShares(int count, T none, ShareWork<T> work) {
    int[] shares = shares(count, replicas.size());
    List<Callable<T>> tasks = new ArrayList<>();
    int from = 0;
    for (int r = 0; r < replicas.size(); r++) {
      ReplicaSession replica = replicas.get(r);
      int first = from;
      int share = shares[r];
      from += share;
      tasks.add(share == 0 ? () -> none : () -> work.run(replica, first, share));
    }
    return onAll(tasks);
  }

  /** Runs the first task here and the others on the helper threads; returns results in order. */
  private <T> List<T> onAll(List<Callable<T>> tasks) {
    List<Future<T>> others = new ArrayList<>();
    for (int r = 1; r < tasks.size(); r++) {
      others.add(helpers.submit(tasks.get(r)));
    }
    List<T> results = new ArrayList<>();
    try {
      results.add(tasks.get(0).call());
      for (Future<T> other : others) {
        results.add(other.get());
      }
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the replicas trained", e);
    } catch (Exception e) {
      throw rethrow(e);
    } finally {
      // A failed replica must not leave another still running on the shared arrays.
      for (Future<T> other : others) {
        try {
          other.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
          // Reported above, or by the first failure.
        }
      }
    }
    return results;
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  /** Summed loss and number of correct predictions of one batch. */
  public record StepResult(float lossSum, float correct) {}

  /** Mean loss and accuracy over {@code count} images. */
  public record Evaluation(double loss, double accuracy, int count) {}
}

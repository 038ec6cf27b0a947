package io.lenet5.bench;

import io.lenet5.data.Dataset;
import io.lenet5.model.ModelConfig;
import io.lenet5.train.BatchFeeder;
import io.lenet5.train.TrainingConfig;
import io.lenet5.train.TrainingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sessions of one {@link Variant}, each with its own feeder and, when there are several, its
 * own thread, so that they train at the same time as parallel trials would.
 */
final class VariantRunner implements AutoCloseable {
  private final Variant variant;
  private final List<TrainingSession> sessions = new ArrayList<>();
  private final List<BatchFeeder> feeders = new ArrayList<>();
  private final ExecutorService pool;
  private final float learningRate;

  VariantRunner(
      Variant variant, ModelConfig model, TrainingConfig training, Dataset train, long seed) {
    this.variant = variant;
    learningRate = (float) training.learningRate();
    pool = variant.sessions() > 1 ? Executors.newFixedThreadPool(variant.sessions()) : null;
    try {
      for (int i = 0; i < variant.sessions(); i++) {
        TrainingSession session =
            new TrainingSession(model, training, variant.device(), variant.graph());
        sessions.add(session);
        session.initialize(seed + i);
        feeders.add(
            new BatchFeeder(train, training.batchSize(), i * train.size() / variant.sessions()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  Variant variant() {
    return variant;
  }

  /** The first session, for measurements that need only one. */
  TrainingSession first() {
    return sessions.get(0);
  }

  /** Its feeder. */
  BatchFeeder firstFeeder() {
    return feeders.get(0);
  }

  /**
   * Wall and CPU time of one measurement.
   *
   * @param imagesPerSecond all sessions together
   * @param cpuMicrosPerImage process CPU time per image trained
   */
  record Sample(double imagesPerSecond, double cpuMicrosPerImage) {}

  /** Runs {@code steps} steps on every session at once. */
  Sample train(int steps) throws InterruptedException {
    double cpuStart = ProcessCpu.seconds();
    long start = System.nanoTime();
    if (pool == null) {
      feeders.get(0).train(sessions.get(0), steps, learningRate);
    } else {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < sessions.size(); i++) {
        TrainingSession session = sessions.get(i);
        BatchFeeder feeder = feeders.get(i);
        running.add(pool.submit(() -> feeder.train(session, steps, learningRate)));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("session failed in " + variant.name(), e.getCause());
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double images = (double) sessions.size() * steps * feeders.get(0).batchSize();
    return new Sample(images / seconds, (ProcessCpu.seconds() - cpuStart) * 1e6 / images);
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    sessions.forEach(TrainingSession::close);
  }
}

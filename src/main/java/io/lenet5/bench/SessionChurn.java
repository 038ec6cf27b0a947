package io.lenet5.bench;

import io.lenet5.ProcessMemory;
import io.lenet5.data.Dataset;
import io.lenet5.model.ModelConfig;
import io.lenet5.train.BatchFeeder;
import io.lenet5.train.Device;
import io.lenet5.train.TrainingConfig;
import io.lenet5.train.TrainingSession;

/**
 * Creates, trains briefly, evaluates and closes sessions one after another, as a tuning run does
 * trial after trial, and records resident memory after the first and after the last: a leak of
 * native graphs, sessions or tensors shows as growth between the two. Each reading follows a full
 * GC, so that Java garbage not yet collected (and the small native buffers TensorFlow Java frees
 * only when their Java handles are collected) does not read as a leak.
 *
 * @param rssFirstMib resident memory after the first session closed
 * @param rssLastMib resident memory after the last session closed
 */
public record SessionChurn(int sessions, double rssFirstMib, double rssLastMib) {
  private static final int STEPS = 5;

  private static double residentAfterGc() {
    System.gc();
    return ProcessMemory.residentMib();
  }

  static SessionChurn measure(
      int sessions,
      ModelConfig model,
      TrainingConfig training,
      Device device,
      Dataset train,
      Dataset validation) {
    double first = -1;
    BatchFeeder feeder = new BatchFeeder(train, training.batchSize(), 0);
    for (int i = 0; i < sessions; i++) {
      try (TrainingSession session = new TrainingSession(model, training, device)) {
        session.initialize(i);
        feeder.train(session, STEPS, (float) training.learningRate());
        session.evaluate(validation, validation.size());
        session.state();
      }
      if (i == 0) {
        first = residentAfterGc();
      }
    }
    return new SessionChurn(sessions, first, residentAfterGc());
  }
}

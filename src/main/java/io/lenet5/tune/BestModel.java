package io.lenet5.tune;

import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.Device;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingSession;
import java.util.Map;

/**
 * What {@code best/metrics.json} holds: the chosen trial, its full training spec, and its
 * accuracy on validation (which chose it) and on test (reported only).
 */
public record BestModel(
    String trialId,
    Map<String, Object> hyperparameters,
    TrainSpec spec,
    int epochs,
    double validationLoss,
    double validationAccuracy,
    double testLoss,
    double testAccuracy) {

  /** Loads the checkpoint into a session and measures it on validation and test. */
  static BestModel evaluate(
      Trial trial, TuneSpec tuneSpec, Checkpoint checkpoint, Split split, Dataset test, Device device) {
    TrainSpec spec = tuneSpec.trialSpec(trial.hyperparameters(), trial.epochs());
    try (TrainingSession session = new TrainingSession(spec.model(), spec.training(), device)) {
      session.load(checkpoint.tensors());
      TrainingSession.Evaluation validation = session.evaluate(split.validation(), Trainer.EVAL_BATCH_SIZE);
      TrainingSession.Evaluation testing = session.evaluate(test, Trainer.EVAL_BATCH_SIZE);
      return new BestModel(trial.id(), trial.hyperparameters(), spec, checkpoint.epoch(),
          validation.loss(), validation.accuracy(), testing.loss(), testing.accuracy());
    }
  }
}

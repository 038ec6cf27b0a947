package io.lenet5.export;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.lenet5.data.Dataset;
import io.lenet5.data.Split;
import io.lenet5.spec.TrainSpec;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.Device;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingSession;
import io.lenet5.tune.Trial;
import java.util.Map;

/**
 * What {@code best/metrics.json} holds: the chosen trial, its full training spec, and its accuracy
 * on validation (which chose it) and on test (reported only); with {@code
 * finalModel.retrainOnAllData}, also the test figures of the model retrained on all images.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BestModel(
    String trialId,
    Map<String, Object> hyperparameters,
    TrainSpec spec,
    int epochs,
    double validationLoss,
    double validationAccuracy,
    double testLoss,
    double testAccuracy,
    Integer retrainedImages,
    Double retrainedTestLoss,
    Double retrainedTestAccuracy) {

  /** The model to ship: the retrained one when there is one. */
  @JsonIgnore
  public double shippedTestAccuracy() {
    return retrainedTestAccuracy == null ? testAccuracy : retrainedTestAccuracy;
  }

  /** This record with the retrained model's figures added. */
  BestModel withRetrained(int images, TrainingSession.Evaluation test) {
    return new BestModel(
        trialId,
        hyperparameters,
        spec,
        epochs,
        validationLoss,
        validationAccuracy,
        testLoss,
        testAccuracy,
        images,
        test.loss(),
        test.accuracy());
  }

  /** Loads the checkpoint into a session and measures it on validation and test. */
  static BestModel evaluate(
      Trial trial,
      TuneSpec tuneSpec,
      Checkpoint checkpoint,
      Split split,
      Dataset test,
      Device device) {
    TrainSpec spec = tuneSpec.trialSpec(trial.hyperparameters(), trial.epochs());
    try (TrainingSession session = new TrainingSession(spec.model(), spec.training(), device)) {
      session.load(checkpoint.tensors());
      TrainingSession.Evaluation validation =
          session.evaluate(split.validation(), Trainer.EVAL_BATCH_SIZE);
      TrainingSession.Evaluation testing = session.evaluate(test, Trainer.EVAL_BATCH_SIZE);
      return new BestModel(
          trial.id(),
          trial.hyperparameters(),
          spec,
          checkpoint.epoch(),
          validation.loss(),
          validation.accuracy(),
          testing.loss(),
          testing.accuracy(),
          null,
          null,
          null);
    }
  }
}

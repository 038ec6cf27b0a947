package io.lenet5.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.lenet5.Json;
import io.lenet5.Records;
import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.model.ModelConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way a model trains, for {@code train}, for tuning trials and for the final retraining:
 * from scratch, or from a checkpoint checked to belong to the same run (same model, seed, optimizer
 * and every training setting but the number of epochs), with the divergence check and the caller's
 * listeners.
 */
public final class TrainingRun {

  private final ModelConfig model;
  private final TrainingConfig training;
  private final long seed;
  private final Checkpoint from;

  private TrainingRun(ModelConfig model, TrainingConfig training, long seed, Checkpoint from) {
    this.model = model;
    this.training = training;
    this.seed = seed;
    this.from = from;
  }

  /** A run from freshly initialized weights. */
  public static TrainingRun fresh(ModelConfig model, TrainingConfig training, long seed) {
    return new TrainingRun(model, training, seed, null);
  }

  /**
   * A run that continues {@code from}.
   *
   * @param source names the checkpoint in the error when it does not fit
   * @throws UserException naming each setting that differs, or when the checkpoint holds more
   *     epochs than this run trains
   */
  public static TrainingRun resume(
      ModelConfig model, TrainingConfig training, long seed, Checkpoint from, String source) {
    List<String> differences = new ArrayList<>();
    compare("model", from.model(), model, differences);
    if (from.seed() != seed) {
      differences.add("seed (checkpoint " + from.seed() + ", this run " + seed + ")");
    }
    compare("training", from.training().withEpochs(training.epochs()), training, differences);
    if (!differences.isEmpty()) {
      throw new UserException(
          source
              + ": expected a checkpoint of this run's settings, found other values of "
              + String.join(", ", differences));
    }
    if (from.epoch() > training.epochs()) {
      throw new UserException(
          source
              + ": expected at most "
              + training.epochs()
              + " epochs to continue, found "
              + from.epoch());
    }
    return new TrainingRun(model, training, seed, from);
  }

  /** Epochs done before this run starts. */
  public int initialEpoch() {
    return from == null ? 0 : from.epoch();
  }

  /** A session for this run's model and optimizer on {@code device}; the caller closes it. */
  public TrainingSession open(Device device) {
    return new TrainingSession(model, training, device);
  }

  /** A listener that saves this run's state to {@code file} after every epoch. */
  public CheckpointWriter checkpointTo(Path file) {
    return new CheckpointWriter(file, model, training, seed);
  }

  /**
   * Initializes the session or loads the checkpoint into it, then trains up to {@code
   * training.epochs()}.
   *
   * @param session from {@link #open}
   * @param listeners run after the divergence check, in order
   * @return the whole history, the checkpoint's epochs included
   * @throws TrainingDivergedException when the loss stops being finite
   */
  public List<EpochMetrics> fit(
      TrainingSession session,
      Dataset train,
      Dataset validation,
      List<TrainingListener> listeners) {
    for (Dataset data : List.of(train, validation)) {
      if (!model.fits(data)) {
        throw new IllegalArgumentException(
            "data: the model takes " + model.describeShape() + ", got " + data.describe());
      }
    }
    if (from == null) {
      session.initialize(seed);
    } else {
      session.load(from.tensors());
    }
    List<TrainingListener> all = new ArrayList<>();
    all.add(new DivergenceCheck(training.learningRate()));
    all.addAll(listeners);
    return new Trainer(training, seed, all)
        .fit(session, train, validation, from == null ? List.of() : from.history());
  }

  /** Adds "section.field (checkpoint a, this run b)" for each field whose values differ. */
  private static void compare(
      String section, Record stored, Record wanted, List<String> differences) {
    for (RecordComponent c : stored.getClass().getRecordComponents()) {
      JsonNode a = tree(Records.get(stored, c));
      JsonNode b = tree(Records.get(wanted, c));
      if (!a.equals(b)) {
        differences.add(
            section
                + "."
                + c.getName()
                + " (checkpoint "
                + (a.isNull() ? "none" : a.asText())
                + ", this run "
                + (b.isNull() ? "none" : b.asText())
                + ")");
      }
    }
  }

  private static JsonNode tree(Object value) {
    return value == null ? NullNode.getInstance() : Json.MAPPER.valueToTree(value);
  }
}

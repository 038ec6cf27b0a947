package io.lenet5.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training run the oracle hands out: a configuration trained from {@code initialEpoch} up to
 * {@code epochs}. A promoted trial continues its parent's checkpoint with the same hyperparameters;
 * a new one starts from scratch. Immutable: a state change makes a new record.
 *
 * @param id zero-padded index in hand-out order ("0000", "0001", ...), as Keras Tuner numbers
 * @param hyperparameters the configuration; values are Long, Double, String or Boolean
 * @param iteration the Hyperband iteration the trial belongs to, from 0
 * @param bracket the bracket, 0 being plain random search
 * @param round the round within the bracket, 0 for a new configuration
 * @param epochs the epoch to train up to ({@code tuner/epochs})
 * @param initialEpoch the epoch to resume from ({@code tuner/initial_epoch}), 0 in round 0
 * @param parentId the trial whose checkpoint this one resumes ({@code tuner/trial_id}), null in
 *     round 0
 * @param status where the trial stands
 * @param score the objective's value once COMPLETED, otherwise null
 * @param message why the trial FAILED, otherwise null
 */
public record Trial(
    String id,
    Map<String, Object> hyperparameters,
    int iteration,
    int bracket,
    int round,
    int epochs,
    int initialEpoch,
    String parentId,
    TrialStatus status,
    Double score,
    String message) {

  /** Validates the record and copies the hyperparameters into an unmodifiable ordered map. */
  public Trial {
    if (id == null || !id.matches("\\d{4,}")) {
      throw new IllegalArgumentException(
          "id: expected four or more digits such as 0007, received " + id);
    }
    hyperparameters = checkedCopy(hyperparameters);
    if (iteration < 0 || bracket < 0 || round < 0 || round > bracket) {
      throw new IllegalArgumentException(
          String.format(
              "expected iteration >= 0 and 0 <= round <= bracket, received iteration=%d,"
                  + " bracket=%d, round=%d",
              iteration, bracket, round));
    }
    if (initialEpoch < 0 || epochs <= initialEpoch) {
      throw new IllegalArgumentException(
          String.format(
              "expected 0 <= initialEpoch < epochs, received initialEpoch=%d, epochs=%d",
              initialEpoch, epochs));
    }
    if ((round == 0) != (parentId == null) || (round == 0 && initialEpoch != 0)) {
      throw new IllegalArgumentException(
          String.format(
              "expected a parentId and initialEpoch > 0 exactly when round > 0, received"
                  + " round=%d, parentId=%s, initialEpoch=%d",
              round, parentId, initialEpoch));
    }
    if (status == null) {
      throw new IllegalArgumentException(
          "status: expected RUNNING, COMPLETED or FAILED, received nothing");
    }
    boolean scored = score != null;
    boolean explained = message != null && !message.isBlank();
    boolean consistent =
        switch (status) {
          case RUNNING -> !scored && message == null;
          case COMPLETED -> scored && Double.isFinite(score) && message == null;
          case FAILED -> !scored && explained;
        };
    if (!consistent) {
      throw new IllegalArgumentException(
          String.format(
              "expected a finite score only when COMPLETED and a message only when FAILED,"
                  + " received status=%s, score=%s, message=%s",
              status, score, message));
    }
  }

  /** A trial just handed out. */
  static Trial running(
      int index,
      Map<String, Object> hyperparameters,
      int iteration,
      int bracket,
      int round,
      int epochs,
      int initialEpoch,
      String parentId) {
    return new Trial(
        idOf(index),
        hyperparameters,
        iteration,
        bracket,
        round,
        epochs,
        initialEpoch,
        parentId,
        TrialStatus.RUNNING,
        null,
        null);
  }

  /** The id of the trial with this index: zero-padded to four digits, like Keras Tuner's. */
  public static String idOf(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index: expected >= 0, received " + index);
    }
    return String.format("%04d", index);
  }

  /** The trial's position in hand-out order, from 0. */
  public int index() {
    return Integer.parseInt(id);
  }

  /** This trial, COMPLETED with its objective value. */
  public Trial completed(double value) {
    return withOutcome(TrialStatus.COMPLETED, value, null);
  }

  /** This trial, FAILED for the given reason. */
  public Trial failed(String reason) {
    return withOutcome(TrialStatus.FAILED, null, reason);
  }

  private Trial withOutcome(TrialStatus newStatus, Double newScore, String newMessage) {
    return new Trial(
        id,
        hyperparameters,
        iteration,
        bracket,
        round,
        epochs,
        initialEpoch,
        parentId,
        newStatus,
        newScore,
        newMessage);
  }

  private static Map<String, Object> checkedCopy(Map<String, Object> values) {
    if (values == null) {
      throw new IllegalArgumentException("hyperparameters: expected a map, received nothing");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                "hyperparameters: expected non-blank names, received '" + name + "'");
          }
          copy.put(name, jsonScalar(name, value));
        });
    return Collections.unmodifiableMap(copy);
  }

  /** Keeps values JSON-exact: an Integer would come back from JSON as a Long, so widen it now. */
  private static Object jsonScalar(String name, Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double d && !Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "hyperparameters." + name + ": expected a finite number, received " + d);
    }
    if (value instanceof Long
        || value instanceof Double
        || value instanceof String
        || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        "hyperparameters."
            + name
            + ": expected a Long, Double, String or Boolean, received "
            + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
  }
}

package io.lenet5.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The validation metrics an epoch reports, by the names Keras gives them. */
public enum Metric {
  /** Accuracy on the validation images; larger is better. */
  VAL_ACCURACY(EpochMetrics::valAccuracy, true),
  /** Mean cross-entropy on the validation images; smaller is better. */
  VAL_LOSS(EpochMetrics::valLoss, false);

  private final ToDoubleFunction<EpochMetrics> value;
  private final boolean largerIsBetter;

  Metric(ToDoubleFunction<EpochMetrics> value, boolean largerIsBetter) {
    this.value = value;
    this.largerIsBetter = largerIsBetter;
  }

  /** The name written in specs and logs, e.g. {@code val_accuracy}. */
  @JsonValue
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a metric name; the error lists the accepted ones. */
  @JsonCreator
  public static Metric parse(String name) {
    return SpecNames.parse(values(), Metric::specName, name);
  }

  /** This metric's value in one epoch's figures. */
  public double of(EpochMetrics epoch) {
    return value.applyAsDouble(epoch);
  }

  /** Whether larger values are better (accuracy), not smaller (loss). */
  public boolean largerIsBetter() {
    return largerIsBetter;
  }

  @Override
  public String toString() {
    return specName();
  }
}

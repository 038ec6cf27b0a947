package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code finalModel} section: what to do with the best configuration once the search is over.
 *
 * @param retrainOnAllData train the best configuration again from scratch, for the same number of
 *     epochs, on training and validation images together (60,000 for MNIST); the search has already
 *     used validation to choose, so the extra 5,000 images only add signal. The test set still only
 *     reports.
 */
public record FinalModelSettings(boolean retrainOnAllData) {
  /** Keep the best trial's own weights. */
  public static final FinalModelSettings DEFAULT = new FinalModelSettings(false);

  @JsonCreator
  static FinalModelSettings fromJson(@JsonProperty("retrainOnAllData") Boolean retrainOnAllData) {
    return new FinalModelSettings(retrainOnAllData != null && retrainOnAllData);
  }
}

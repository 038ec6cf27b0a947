package io.lenet5.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;

/**
 * The {@code data} section of a spec: where MNIST is and how the training set is split.
 *
 * @param dir folder holding the four IDX files; null to search LENET5_DATA_DIR, then the cache
 * @param validationSize images held out of the 60,000 for validation (model selection)
 * @param verifyChecksums compare content with MNIST's SHA-256s; off for look-alike data sets
 * @param maxTrainImages train on only the first this many images after the split (quick runs); null
 *     for all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataConfig(
    String dir, int validationSize, boolean verifyChecksums, Integer maxTrainImages) {
  /** All data, 5,000 images held out for validation, checksums verified. */
  public static final DataConfig DEFAULT = new DataConfig(null, 5000, true, null);

  /** Validates sizes; messages name the field. */
  public DataConfig {
    if (validationSize < 1) {
      throw new UserException("data.validationSize: must be >= 1, got " + validationSize);
    }
    if (maxTrainImages != null && maxTrainImages < 1) {
      throw new UserException("data.maxTrainImages: must be >= 1, got " + maxTrainImages);
    }
  }

  @JsonCreator
  static DataConfig fromJson(
      @JsonProperty("dir") String dir,
      @JsonProperty("validationSize") Integer validationSize,
      @JsonProperty("verifyChecksums") Boolean verifyChecksums,
      @JsonProperty("maxTrainImages") Integer maxTrainImages) {
    return new DataConfig(
        dir,
        validationSize == null ? DEFAULT.validationSize : validationSize,
        verifyChecksums == null ? DEFAULT.verifyChecksums : verifyChecksums,
        maxTrainImages);
  }

  /** A copy reading from another folder. */
  public DataConfig withDir(String value) {
    return new DataConfig(value, validationSize, verifyChecksums, maxTrainImages);
  }

  /** A copy with checksum verification on or off. */
  public DataConfig withVerifyChecksums(boolean value) {
    return new DataConfig(dir, validationSize, value, maxTrainImages);
  }

  /** A copy limited to the first {@code value} training images. */
  public DataConfig withMaxTrainImages(Integer value) {
    return new DataConfig(dir, validationSize, verifyChecksums, value);
  }
}

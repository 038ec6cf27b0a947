package io.lenet5.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.UserException;
import java.util.List;

/**
 * The {@code data} section of a spec: which data set, where it is and how the training set is
 * split.
 *
 * @param name a {@link KnownDataset} name; null for MNIST, or for any IDX folder when checksums are
 *     not verified
 * @param format {@value #IDX} (four IDX files, the default when null) or {@value #FOLDER} ({@code
 *     dir/train/<class>/*} and {@code dir/test/<class>/*} images)
 * @param dir folder holding the files; null to search the data set's environment variable, then the
 *     cache (IDX only)
 * @param imageSize side in pixels the images of a folder are resized to; null for 28
 * @param validationSize images held out of the training set for validation (model selection)
 * @param verifyChecksums compare content with the data set's SHA-256s; off for any IDX folder
 * @param maxTrainImages train on only the first this many images after the split (quick runs); null
 *     for all
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataConfig(
    String name,
    String format,
    String dir,
    Integer imageSize,
    int validationSize,
    boolean verifyChecksums,
    Integer maxTrainImages) {
  /** Four IDX files, MNIST's by default. */
  public static final String IDX = "idx";

  /** A folder of labelled images. */
  public static final String FOLDER = "folder";

  /** All of MNIST, 5,000 images held out for validation, checksums verified. */
  public static final DataConfig DEFAULT = new DataConfig(null, null, null, null, 5000, true, null);

  /** Validates every field; messages name it. */
  public DataConfig {
    if (format != null && !List.of(IDX, FOLDER).contains(format)) {
      throw new UserException(
          "data.format: expected '"
              + IDX
              + "' or '"
              + FOLDER
              + "', got '"
              + UserException.shown(format)
              + "'");
    }
    if (name != null) {
      KnownDataset.byName(name);
      if (FOLDER.equals(format)) {
        throw new UserException(
            "data.name: a folder of images has no name (its classes are its subfolders), got '"
                + name
                + "'");
      }
    }
    if (imageSize != null) {
      if (!FOLDER.equals(format)) {
        throw new UserException(
            "data.imageSize: only a folder of images is resized; IDX files give their own size");
      }
      if (imageSize < Dataset.MIN_SIDE || imageSize > Dataset.MAX_SIDE) {
        throw new UserException(
            "data.imageSize: must be in "
                + Dataset.MIN_SIDE
                + ".."
                + Dataset.MAX_SIDE
                + ", got "
                + imageSize);
      }
    }
    if (validationSize < 1) {
      throw new UserException("data.validationSize: must be >= 1, got " + validationSize);
    }
    if (maxTrainImages != null && maxTrainImages < 1) {
      throw new UserException("data.maxTrainImages: must be >= 1, got " + maxTrainImages);
    }
  }

  @JsonCreator
  static DataConfig fromJson(
      @JsonProperty("name") String name,
      @JsonProperty("format") String format,
      @JsonProperty("dir") String dir,
      @JsonProperty("imageSize") Integer imageSize,
      @JsonProperty("validationSize") Integer validationSize,
      @JsonProperty("verifyChecksums") Boolean verifyChecksums,
      @JsonProperty("maxTrainImages") Integer maxTrainImages) {
    return new DataConfig(
        name,
        format,
        dir,
        imageSize,
        validationSize == null ? DEFAULT.validationSize : validationSize,
        verifyChecksums == null ? DEFAULT.verifyChecksums : verifyChecksums,
        maxTrainImages);
  }

  /** Whether the data is a folder of images rather than IDX files. */
  @JsonIgnore
  public boolean isFolder() {
    return FOLDER.equals(format);
  }

  /** The side a folder's images are resized to. */
  public int folderImageSize() {
    return imageSize == null ? Dataset.MNIST_SIDE : imageSize;
  }

  /**
   * The known data set the IDX files must be, or null for any IDX folder: MNIST unless named, and
   * none when checksums are off and no name is given.
   */
  public KnownDataset known() {
    if (isFolder()) {
      return null;
    }
    if (name != null) {
      return KnownDataset.byName(name);
    }
    return verifyChecksums ? KnownDataset.MNIST : null;
  }

  /** A copy of another data set, by name. */
  public DataConfig withName(String value) {
    return new DataConfig(
        value, format, dir, imageSize, validationSize, verifyChecksums, maxTrainImages);
  }

  /** A copy in another format. */
  public DataConfig withFormat(String value) {
    return new DataConfig(
        name, value, dir, imageSize, validationSize, verifyChecksums, maxTrainImages);
  }

  /** A copy reading from another folder. */
  public DataConfig withDir(String value) {
    return new DataConfig(
        name, format, value, imageSize, validationSize, verifyChecksums, maxTrainImages);
  }

  /** A copy whose folder images are resized to another side. */
  public DataConfig withImageSize(Integer value) {
    return new DataConfig(
        name, format, dir, value, validationSize, verifyChecksums, maxTrainImages);
  }

  /** A copy with checksum verification on or off. */
  public DataConfig withVerifyChecksums(boolean value) {
    return new DataConfig(name, format, dir, imageSize, validationSize, value, maxTrainImages);
  }

  /** A copy limited to the first {@code value} training images. */
  public DataConfig withMaxTrainImages(Integer value) {
    return new DataConfig(name, format, dir, imageSize, validationSize, verifyChecksums, value);
  }
}

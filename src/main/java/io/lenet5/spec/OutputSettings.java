package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.lenet5.SpecNames;
import io.lenet5.UserException;
import java.util.Locale;

/**
 * The {@code output} section: where a search writes, and what to do when that folder already holds
 * one.
 */
public record OutputSettings(String directory, IfExists ifExists) {
  /** What to do with an existing output folder. */
  public enum IfExists {
    /** Continue the search found there (the spec must be the same). */
    RESUME,
    /** Delete it and start over. */
    OVERWRITE,
    /** Stop with an error. */
    FAIL;

    /** The name written in specs. */
    @JsonValue
    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Requires a folder. */
  public OutputSettings {
    if (directory == null || directory.isBlank()) {
      throw new UserException("output.directory: expected a folder, got " + directory);
    }
  }

  @JsonCreator
  static OutputSettings fromJson(
      @JsonProperty(value = "directory", required = true) String directory,
      @JsonProperty("ifExists") String ifExists) {
    IfExists mode = IfExists.RESUME;
    if (ifExists != null) {
      try {
        mode = SpecNames.parse(IfExists.values(), IfExists::specName, ifExists);
      } catch (UserException e) {
        throw new UserException("output.ifExists: " + e.getMessage());
      }
    }
    return new OutputSettings(directory, mode);
  }
}

package io.lenet5.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lenet5.Json;
import io.lenet5.model.ModelConfig;
import io.lenet5.spec.SpecFingerprint;
import io.lenet5.train.TrainingConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where an exported model came from, enough to rebuild it: the spec and seed it was trained with,
 * its hyperparameters, the data it saw and what it scored. Written into the export's {@code
 * metadata.json}, with the spec's fingerprint ({@link #specSha256()}) next to it.
 *
 * @param source what produced the weights, e.g. {@code "train run, epoch 10"}; no folders
 * @param spec the spec as JSON (a training or a tuning spec), or null if unknown; kept without the
 *     places it was read from and written to ({@code data.dir} and the {@code output} section),
 *     which say nothing about the model and differ from machine to machine
 * @param seed the seed of split, initialisation and data order
 * @param hyperparameters the values that made this model, in a stable order
 * @param epochs epochs the weights were trained for
 * @param dataSha256 data file name to the SHA-256 of its decompressed content (empty if unknown):
 *     what identifies the data, wherever it lay
 * @param validationAccuracy accuracy on the held-out validation images, or null if not measured
 * @param testAccuracy accuracy on the test images, or null if not measured
 */
@JsonIgnoreProperties(value = "specSha256", allowGetters = true)
public record Provenance(
    String source,
    JsonNode spec,
    long seed,
    Map<String, Object> hyperparameters,
    int epochs,
    Map<String, String> dataSha256,
    Double validationAccuracy,
    Double testAccuracy) {

  /**
   * Checks for nulls, drops the spec's places and keeps unmodifiable copies; data digests are
   * sorted by file name.
   */
  public Provenance {
    Objects.requireNonNull(source, "source");
    spec = spec == null || spec.isNull() ? null : withoutPlaces(spec);
    hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
    dataSha256 = Collections.unmodifiableMap(new TreeMap<>(dataSha256));
  }

  /** SHA-256 of the spec's canonical JSON (see {@link SpecFingerprint}), or null without a spec. */
  @JsonProperty("specSha256")
  public String specSha256() {
    return spec == null || spec.isNull() ? null : SpecFingerprint.sha256(spec);
  }

  private static JsonNode withoutPlaces(JsonNode spec) {
    JsonNode copy = spec.deepCopy();
    if (copy instanceof ObjectNode root) {
      root.remove("output");
      if (root.get("data") instanceof ObjectNode data) {
        data.remove("dir");
      }
    }
    return copy;
  }

  /**
   * The hyperparameters of a run: every field of the model section, then of the training section,
   * as the spec's JSON writes them (fields left unset are omitted).
   */
  public static Map<String, Object> hyperparameters(ModelConfig model, TrainingConfig training) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Object section : new Object[] {model, training}) {
      values.putAll(Json.MAPPER.convertValue(section, new TypeReference<Map<String, Object>>() {}));
    }
    return values;
  }
}

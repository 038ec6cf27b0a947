package io.lenet5.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lenet5.Json;
import io.lenet5.Records;
import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.data.Dataset;
import io.lenet5.model.ModelConfig;
import io.lenet5.train.TrainingConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hyperband search spec: the training spec's {@code data}, {@code model} and {@code training}
 * sections (the values every trial starts from) plus the search space, tuner, objective, output
 * execution and final-model settings.
 *
 * @param finalModel what to do after the search; null for the defaults
 */
public record TuneSpec(
    int specVersion,
    long seed,
    DataConfig data,
    ModelConfig model,
    TrainingConfig training,
    List<SearchParameter> searchSpace,
    TunerSettings tuner,
    ObjectiveSettings objective,
    OutputSettings output,
    ExecutionSettings execution,
    @JsonInclude(JsonInclude.Include.NON_NULL) FinalModelSettings finalModel) {

  /** Validates the version and that every knob exists, is searched once, and takes its values. */
  public TuneSpec {
    if (specVersion != TrainSpec.VERSION) {
      throw new UserException(
          "specVersion: expected " + TrainSpec.VERSION + ", got " + specVersion);
    }
    if (searchSpace == null || searchSpace.isEmpty()) {
      throw new UserException("searchSpace: expected at least one hyperparameter, got none");
    }
    for (int i = 0; i < searchSpace.size(); i++) {
      if (searchSpace.get(i) == null) {
        throw new UserException(
            "searchSpace[" + i + "]: expected a hyperparameter object, got null");
      }
    }
    requireSection("tuner", tuner);
    requireSection("objective", objective);
    requireSection("output", output);
    searchSpace = List.copyOf(searchSpace);
    TrainSpec base = new TrainSpec(specVersion, seed, data, model, training);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < searchSpace.size(); i++) {
      SearchParameter p = searchSpace.get(i);
      String at = "searchSpace[" + i + "]";
      try {
        Knobs.checkName(p.name());
      } catch (UserException e) {
        throw new UserException(at + "." + e.getMessage());
      }
      if (!seen.add(p.name())) {
        throw new UserException(at + ".name: '" + p.name() + "' is already searched above");
      }
      for (Object value : p.extremes()) {
        try {
          Knobs.apply(base, Map.of(p.name(), value));
        } catch (UserException e) {
          throw new UserException(at + " (" + p.name() + " = " + value + "): " + e.getMessage());
        }
      }
    }
  }

  private static void requireSection(String name, Object section) {
    if (section == null) {
      throw new UserException(name + ": expected an object, got null");
    }
  }

  @JsonCreator
  static TuneSpec fromJson(
      @JsonProperty(value = "specVersion", required = true) int specVersion,
      @JsonProperty("seed") Long seed,
      @JsonProperty("data") DataConfig data,
      @JsonProperty("model") ModelConfig model,
      @JsonProperty("training") TrainingConfig training,
      @JsonProperty(value = "searchSpace", required = true) List<SearchParameter> searchSpace,
      @JsonProperty(value = "tuner", required = true) TunerSettings tuner,
      @JsonProperty("objective") ObjectiveSettings objective,
      @JsonProperty(value = "output", required = true) OutputSettings output,
      @JsonProperty("execution") ExecutionSettings execution,
      @JsonProperty("finalModel") FinalModelSettings finalModel) {
    return new TuneSpec(
        specVersion,
        seed == null ? TrainSpec.DEFAULT.seed() : seed,
        data == null ? DataConfig.DEFAULT : data,
        model == null ? ModelConfig.DEFAULT : model,
        training == null ? TrainingConfig.DEFAULT : training,
        searchSpace,
        tuner,
        objective == null ? ObjectiveSettings.fromJson(null, null) : objective,
        output,
        execution == null ? ExecutionSettings.DEFAULT : execution,
        finalModel);
  }

  /** Whether the best configuration is trained again on training and validation images. */
  public boolean retrainOnAllData() {
    return finalModel != null && finalModel.retrainOnAllData();
  }

  /** The training spec of one trial: the base sections with its hyperparameters applied. */
  public TrainSpec trialSpec(Map<String, Object> hyperparameters, int epochs) {
    TrainSpec base = new TrainSpec(specVersion, seed, data, model, training);
    Map<String, Object> all = new LinkedHashMap<>(hyperparameters);
    all.put("epochs", epochs);
    // Decay over the tuner's horizon, so a trial continued from its parent keeps its curve.
    all.putIfAbsent("decayEpochs", maxTrialEpochs());
    return Knobs.apply(base, all);
  }

  /**
   * The most epochs a trial trains: Hyperband's {@code maxEpochs}, else {@code training.epochs}.
   */
  public int maxTrialEpochs() {
    return tuner.hyperband() ? tuner.maxEpochs() : training.epochs();
  }

  /** A copy with another data section (command-line overrides). */
  public TuneSpec withData(DataConfig value) {
    return with("data", value);
  }

  /**
   * A copy whose model takes the images and classes of {@code data}, as every trial then does.
   *
   * @throws UserException if the model's kernel or the base training's warps do not fit those
   *     images
   */
  public TuneSpec fittedTo(Dataset data) {
    training.checkImages(data.height(), data.width());
    return with("model", model.forData(data.height(), data.width(), data.classes()));
  }

  /** A copy with another execution section (command-line overrides). */
  public TuneSpec withExecution(ExecutionSettings value) {
    return with("execution", value);
  }

  /** A copy writing elsewhere. */
  public TuneSpec withOutput(OutputSettings value) {
    return with("output", value);
  }

  /**
   * SHA-256 of the canonical JSON of everything that shapes the trials. The data folder, the output
   * settings, the engine and its retries, and what happens after the search are left out: they
   * change no trial, so a search resumes on another engine.
   */
  public String fingerprint() {
    TuneSpec canonical =
        withData(data.withDir(null))
            .withOutput(new OutputSettings("-", OutputSettings.IfExists.RESUME))
            .withExecution(execution.forFingerprint())
            .withTuner(tuner.withMaxWallSeconds(null))
            .with("finalModel", null);
    return SpecFingerprint.sha256(Json.MAPPER.valueToTree(canonical));
  }

  /** A copy with another {@code tuner} section. */
  public TuneSpec withTuner(TunerSettings tuner) {
    return with("tuner", tuner);
  }

  /** A copy with one section replaced, validated like any other. */
  private TuneSpec with(String section, Object value) {
    return Records.with(this, section, value);
  }
}

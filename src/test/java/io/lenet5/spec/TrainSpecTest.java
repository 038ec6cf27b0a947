package io.lenet5.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.model.Activation;
import io.lenet5.model.Pooling;
import io.lenet5.train.OptimizerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainSpecTest {
  @Test
  void bundledTrainingSpecParses() {
    TrainSpec spec = Json.read(Path.of("tuning-specs/lenet5-train.json"), TrainSpec.class);
    assertEquals(42, spec.seed());
    assertEquals(Activation.RELU, spec.model().activation());
    assertEquals(Pooling.MAX, spec.model().pooling());
    assertEquals(1, spec.training().augmentShift());
    assertEquals(OptimizerKind.ADAM, spec.training().optimizer());
    assertEquals(0.001, spec.training().learningRate());
    assertEquals(128, spec.training().batchSize());
    assertEquals(10, spec.training().epochs());
    assertEquals(5000, spec.data().validationSize());
  }

  @Test
  void roundTripsThroughJsonUnchanged() {
    TrainSpec spec = Json.read(Path.of("tuning-specs/lenet5-train.json"), TrainSpec.class);
    String json = Json.write(spec);
    assertEquals(spec, Json.parse(json, TrainSpec.class, "round trip"));
    assertEquals(json, Json.write(Json.parse(json, TrainSpec.class, "round trip")));
  }

  @Test
  void missingSectionsTakeDefaults() {
    TrainSpec spec = Json.parse("{\"specVersion\": 1}", TrainSpec.class, "s.json");
    assertEquals(TrainSpec.DEFAULT, spec);
  }

  @Test
  void unknownFieldSuggestsTheNearestName() {
    assertEquals(
        "s.json: unknown field 'training.learningrate'; did you mean 'learningRate'?"
            + " (known: augmentRotation, augmentScale, augmentShear, augmentShift, batchSize,"
            + " decayEpochs, elasticAlpha, elasticProbability, elasticSigma, epochs, learningRate,"
            + " momentum, optimizer, schedule, weightDecay)",
        error("{\"specVersion\": 1, \"training\": {\"learningrate\": 0.1}}"));
  }

  @Test
  void wrongTypeNamesPathExpectedAndFound() {
    assertEquals(
        "s.json: training.batchSize: expected an integer, got the string \"big\" (line 1, column 46)",
        error("{\"specVersion\": 1, \"training\": {\"batchSize\": \"big\"}}"));
  }

  @Test
  void numberWhereAnObjectBelongs() {
    assertEquals(
        "s.json: model: expected an object, got Number value (5) (line 1, column 29)",
        error("{\"specVersion\": 1, \"model\": 5}"));
  }

  @Test
  void outOfRangeValueNamesFieldAndValue() {
    assertEquals(
        "s.json: training.learningRate: must be > 0, got -0.1",
        error("{\"specVersion\": 1, \"training\": {\"learningRate\": -0.1}}"));
  }

  @Test
  void badEnumValueListsTheChoices() {
    assertEquals(
        "s.json: model.activation: expected one of relu, tanh, got 'sigmoid'",
        error("{\"specVersion\": 1, \"model\": {\"activation\": \"sigmoid\"}}"));
  }

  @Test
  void wrongVersionAndMissingVersion() {
    assertEquals("s.json: specVersion: expected 1, got 2", error("{\"specVersion\": 2}"));
    assertEquals(
        "s.json: specVersion: expected an integer, got nothing (the field is required)"
            + " (line 1, column 2)",
        error("{}"));
  }

  @Test
  void malformedJsonSaysWhere() {
    String message = error("{\"specVersion\": 1,, }");
    assertEquals(true, message.startsWith("s.json: Unexpected character (','"), message);
    assertEquals(true, message.endsWith("(line 1, column 19)"), message);
  }

  @Test
  void missingFileIsNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path missing = dir.resolve("nope.json");
    UserException e = assertThrows(UserException.class, () -> Json.read(missing, TrainSpec.class));
    assertEquals(missing + ": file not found", e.getMessage());
    Path empty = Files.writeString(dir.resolve("empty.json"), "");
    e = assertThrows(UserException.class, () -> Json.read(empty, TrainSpec.class));
    assertEquals(true, e.getMessage().startsWith(empty + ": "), e.getMessage());
  }

  private static String error(String json) {
    return assertThrows(UserException.class, () -> Json.parse(json, TrainSpec.class, "s.json"))
        .getMessage();
  }
}

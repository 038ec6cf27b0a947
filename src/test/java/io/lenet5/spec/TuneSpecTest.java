package io.lenet5.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.Json;
import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.model.Pooling;
import io.lenet5.train.LearningRateSchedule;
import io.lenet5.train.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TuneSpecTest {
  private static final String SPACE =
      "\"searchSpace\": [{\"name\": \"learningRate\", \"type\": \"float\", \"min\": 0.0001,"
          + " \"max\": 0.01, \"sampling\": \"log\"}]";
  private static final String REST =
      "\"tuner\": {\"maxEpochs\": 10}, \"output\": {\"directory\": \"runs/x\"}";

  @Test
  void everySpecInTuningSpecsParses() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("tuning-specs"))) {
      List<Path> specs = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertTrue(specs.size() >= 3, "specs: " + specs);
      for (Path f : specs) {
        Class<?> type =
            f.getFileName().toString().endsWith("-train.json") ? TrainSpec.class : TuneSpec.class;
        Object spec = Json.read(f, type);
        assertEquals(spec, Json.parse(Json.write(spec), type, f.toString()), f.toString());
      }
    }
  }

  @Test
  void bundledSearchSpecTunesTheSeedsKnobsAndMore() {
    TuneSpec spec = Json.read(Path.of("tuning-specs/lenet5-hyperband.json"), TuneSpec.class);
    assertEquals(
        List.of("learningRate", "batchSize", "pooling", "augmentShift"),
        spec.searchSpace().stream().map(SearchParameter::name).toList());
    assertEquals(27, spec.tuner().maxEpochs());
    assertEquals(3, spec.tuner().factor());
    assertEquals(Metric.VAL_ACCURACY, spec.objective().metric());
    assertTrue(spec.objective().maximize());
  }

  @Test
  void trialSpecAppliesKnobsAndTheTunersHorizon() {
    TuneSpec spec = Json.read(Path.of("tuning-specs/lenet5-hyperband.json"), TuneSpec.class);
    TrainSpec trial =
        spec.trialSpec(
            Map.of(
                "learningRate", 0.003, "batchSize", 64L, "pooling", "average", "augmentShift", 1L),
            9);
    assertEquals(0.003, trial.training().learningRate());
    assertEquals(64, trial.training().batchSize());
    assertEquals(9, trial.training().epochs());
    assertEquals(27, trial.training().decayEpochs());
    assertEquals(1, trial.training().augmentShift());
    assertEquals(LearningRateSchedule.COSINE, trial.training().schedule());
    assertEquals(Pooling.AVERAGE, trial.model().pooling());
  }

  @Test
  void samplingIsSeededAndWithinBounds() {
    FloatParameter rate = new FloatParameter("learningRate", 1e-4, 1e-2, Sampling.LOG, null);
    IntParameter shift = new IntParameter("augmentShift", 0, 4, Sampling.LINEAR, 2);
    ChoiceParameter batch = new ChoiceParameter("batchSize", List.of(32, 64, 128));
    SplittableRandom a = new SplittableRandom(1);
    SplittableRandom b = new SplittableRandom(1);
    int below1e3 = 0;
    for (int i = 0; i < 2000; i++) {
      double r = (Double) rate.sample(a);
      assertEquals(r, rate.sample(b));
      assertTrue(r >= 1e-4 && r <= 1e-2, "rate " + r);
      below1e3 += r < 1e-3 ? 1 : 0;
      long s = (Long) shift.sample(a);
      assertEquals(s, shift.sample(b));
      assertTrue(s == 0 || s == 2 || s == 4, "shift " + s);
      assertTrue(List.of(32L, 64L, 128L).contains(batch.sample(a)));
      batch.sample(b);
    }
    // log sampling puts half the draws below the geometric middle, 1e-3
    assertEquals(1000, below1e3, 100);
  }

  @Test
  void negativeMinimumForLogSampling() {
    assertEquals(
        "s.json: searchSpace[0].min: must be > 0 for log sampling, got -0.001",
        error(
            "\"searchSpace\": [{\"name\": \"learningRate\", \"type\": \"float\", \"min\": -0.001,"
                + " \"max\": 0.01, \"sampling\": \"log\"}], "
                + REST));
  }

  @Test
  void unknownKnobSuggestsTheNearest() {
    String message =
        error(
            "\"searchSpace\": [{\"name\": \"learning_rate\", \"type\": \"float\","
                + " \"min\": 0.001, \"max\": 0.01}], "
                + REST);
    assertTrue(
        message.startsWith(
            "s.json: searchSpace[0].name: unknown knob 'learning_rate';"
                + " did you mean 'learningRate'?"),
        message);
  }

  @Test
  void choiceValueTheKnobRejects() {
    assertEquals(
        "s.json: searchSpace[0] (batchSize = 0): training.batchSize: must be in 1..65536, got 0",
        error(
            "\"searchSpace\": [{\"name\": \"batchSize\", \"type\": \"choice\", \"values\": [0, 32]}], "
                + REST));
    assertEquals(
        "s.json: searchSpace[0] (pooling = min): model.pooling: expected one of average, max, got 'min'",
        error(
            "\"searchSpace\": [{\"name\": \"pooling\", \"type\": \"choice\", \"values\": [\"max\", \"min\"]}], "
                + REST));
  }

  @Test
  void unknownParameterTypeAndUnknownField() {
    String message =
        error("\"searchSpace\": [{\"name\": \"batchSize\", \"type\": \"list\"}], " + REST);
    assertTrue(message.startsWith("s.json: "), message);
    assertTrue(message.contains("list"), message);
    assertTrue(message.contains("searchSpace[0]"), message);
    assertEquals(
        "s.json: unknown field 'tuner.factr'; did you mean 'factor'?"
            + " (known: algorithm, factor, iterations, maxEpochs, maxTrials, maxWallSeconds, sampler)",
        error(
            SPACE
                + ", \"tuner\": {\"maxEpochs\": 10, \"factr\": 3}, \"output\": {\"directory\": \"x\"}"));
    // A typo in a required field reads as the field missing: the creator runs first.
    assertEquals(
        "s.json: tuner.maxEpochs: expected an integer >= 1, got nothing",
        error(SPACE + ", \"tuner\": {\"maxEpoch\": 10}, \"output\": {\"directory\": \"x\"}"));
  }

  @Test
  void tunerAndObjectiveAndOutputChecks() {
    assertEquals(
        "s.json: tuner.factor: must be >= 2, got 1",
        error(
            SPACE
                + ", \"tuner\": {\"maxEpochs\": 10, \"factor\": 1}, \"output\": {\"directory\": \"x\"}"));
    assertEquals(
        "s.json: objective.metric: expected one of val_accuracy, val_loss, got 'accuracy'",
        error(SPACE + ", " + REST + ", \"objective\": {\"metric\": \"accuracy\"}"));
    assertEquals(
        "s.json: output.ifExists: expected one of resume, overwrite, fail, got 'keep'",
        error(
            SPACE
                + ", \"tuner\": {\"maxEpochs\": 10}, \"output\": {\"directory\": \"x\", \"ifExists\": \"keep\"}"));
  }

  @Test
  void fingerprintIgnoresWhereFilesAreButNotWhatIsSearched() {
    TuneSpec spec = Json.read(Path.of("tuning-specs/lenet5-hyperband.json"), TuneSpec.class);
    String fingerprint = spec.fingerprint();
    assertEquals(64, fingerprint.length());
    assertEquals(fingerprint, spec.withData(spec.data().withDir("/elsewhere")).fingerprint());
    assertEquals(
        fingerprint,
        spec.withOutput(new OutputSettings("other", OutputSettings.IfExists.FAIL)).fingerprint());
    assertNotEquals(fingerprint, spec.withData(spec.data().withMaxTrainImages(100)).fingerprint());
  }

  @Test
  void fingerprintOfTheBundledSpecIsPinned() {
    // A search folder records this value; if it changes, no earlier search can be resumed.
    TuneSpec spec = Json.read(Path.of("tuning-specs/lenet5-hyperband.json"), TuneSpec.class);
    assertEquals(
        "14ee0c6fe633e93c0bcdf00a7207e50f97beb87e601f2bc1b6e04fbb70b82fb5", spec.fingerprint());
  }

  @Test
  void copiesReplaceOneSectionAndKeepTheRest() {
    TuneSpec spec = Json.read(Path.of("tuning-specs/lenet5-hyperband.json"), TuneSpec.class);
    OutputSettings output = new OutputSettings("other", OutputSettings.IfExists.FAIL);
    ExecutionSettings execution = new ExecutionSettings(2, "spark", 3);
    DataConfig data = spec.data().withMaxTrainImages(100);
    assertEquals(output, spec.withOutput(output).output());
    assertEquals(execution, spec.withExecution(execution).execution());
    assertEquals(data, spec.withData(data).data());
    assertEquals(
        spec,
        spec.withOutput(output)
            .withExecution(execution)
            .withData(data)
            .withOutput(spec.output())
            .withExecution(spec.execution())
            .withData(spec.data()));
  }

  @Test
  void fingerprintIgnoresTheEngineAndRetriesButNotParallelTrials() {
    TuneSpec spec = Json.read(Path.of("tuning-specs/lenet5-hyperband.json"), TuneSpec.class);
    String fingerprint = spec.fingerprint();
    assertEquals(
        fingerprint,
        spec.withExecution(new ExecutionSettings(null, "spark", 3)).fingerprint(),
        "a search resumes on another engine");
    assertNotEquals(
        fingerprint, spec.withExecution(new ExecutionSettings(2, "spark", 3)).fingerprint());
  }

  @Test
  void executionNamesAKnownEngineAndRetriesDefaultByEngine() {
    assertEquals(
        "s.json: execution.engine: expected one of local, spark, got 'ray'",
        error(SPACE + ", " + REST + ", \"execution\": {\"engine\": \"ray\"}"));
    assertEquals(
        "s.json: execution.maxRetriesPerTrial: must be >= 0, got -1",
        error(SPACE + ", " + REST + ", \"execution\": {\"maxRetriesPerTrial\": -1}"));
    assertEquals(0, ExecutionSettings.DEFAULT.retries());
    assertEquals(
        ExecutionSettings.DEFAULT_SPARK_RETRIES,
        ExecutionSettings.DEFAULT.withEngine("spark").retries());
    assertEquals(0, new ExecutionSettings(null, "spark", 0).retries());
    TuneSpec parsed =
        Json.parse(
            "{\"specVersion\": 1, "
                + SPACE
                + ", "
                + REST
                + ", \"execution\": {\"engine\": \"spark\", \"maxRetriesPerTrial\": 1}}",
            TuneSpec.class,
            "s.json");
    assertEquals(new ExecutionSettings(null, "spark", 1), parsed.execution());
    assertEquals(parsed, Json.parse(Json.write(parsed), TuneSpec.class, "again"));
  }

  private static String error(String body) {
    UserException e =
        assertThrows(
            UserException.class,
            () -> Json.parse("{\"specVersion\": 1, " + body + "}", TuneSpec.class, "s.json"));
    return e.getMessage();
  }
}

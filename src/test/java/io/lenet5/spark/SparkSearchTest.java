package io.lenet5.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lenet5.ChildJvm;
import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.UserException;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.DeviceRequest;
import io.lenet5.tune.EngineContext;
import io.lenet5.tune.SearchListener;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialExecutor;
import io.lenet5.tune.TrialTask;
import io.lenet5.tune.Tuner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Searches on a two-executor local cluster against the same search run locally: same trials, same
 * scores and metrics bit for bit (each trial single-threaded), also when an executor JVM is killed
 * while it trains.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSearchTest {
  /** maxEpochs 3, factor 3: 6 trials, 11 epochs on 400 images, two at a time. */
  private static final String SPEC =
      """
      {
        "specVersion": 1,
        "seed": 5,
        "data": { "validationSize": 200, "maxTrainImages": 400 },
        "searchSpace": [
          { "name": "learningRate", "type": "float", "min": 0.001, "max": 0.01, "sampling": "log" },
          { "name": "batchSize", "type": "choice", "values": [50, 100] }
        ],
        "tuner": { "maxEpochs": 3, "factor": 3 },
        "output": { "directory": "%s" },
        "execution": { "parallelTrials": 2 }
      }
      """;

  /**
   * A random search with TPE sampling: 8 one-epoch trials, two at a time; the settings let the
   * model draw trial 7 from the 6 trials reported before it.
   */
  private static final String TPE_SPEC =
      """
      {
        "specVersion": 1,
        "seed": 5,
        "data": { "validationSize": 200, "maxTrainImages": 400 },
        "training": { "epochs": 1 },
        "searchSpace": [
          { "name": "learningRate", "type": "float", "min": 0.001, "max": 0.01, "sampling": "log" },
          { "name": "batchSize", "type": "choice", "values": [50, 100] }
        ],
        "tuner": {
          "algorithm": "random",
          "maxTrials": 8,
          "sampler": { "type": "tpe", "quantile": 0.5, "randomFraction": 0, "minPoints": 1 }
        },
        "output": { "directory": "%s" },
        "execution": { "parallelTrials": 2 }
      }
      """;

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir static Path dir;
  private LocalCluster cluster;
  private Map<String, String> local;

  @BeforeAll
  void startClusterAndSearchLocally() throws Exception {
    cluster = LocalCluster.start();
    local = searchInAFreshJvm(SPEC, dir.resolve("local"));
    assertEquals(12, local.size(), "6 trials and 6 histories: " + local.keySet());
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aSearchOnTheClusterEqualsTheSameSearchRunLocally() throws Exception {
    assertEquals(local, search(SPEC, dir.resolve("spark"), cluster.context()));
  }

  @Test
  void aLearningSearchOnTheClusterEqualsTheSameSearchRunLocally() throws Exception {
    Map<String, String> tpeLocal = searchInAFreshJvm(TPE_SPEC, dir.resolve("tpe-local"));
    assertEquals(16, tpeLocal.size(), "8 trials and 8 histories: " + tpeLocal.keySet());
    assertEquals(tpeLocal, search(TPE_SPEC, dir.resolve("tpe-spark"), cluster.context()));
  }

  @Test
  void aTimeBudgetStopsTheSameBracketsOnTheClusterAsLocally() throws Exception {
    // Two iterations, but a budget that the first bracket alone overruns: its 4 trials only.
    String budgeted =
        SPEC.replace(
            "\"tuner\": { \"maxEpochs\": 3, \"factor\": 3 }",
            "\"tuner\": { \"maxEpochs\": 3, \"factor\": 3, \"iterations\": 2,"
                + " \"maxWallSeconds\": 0.2 }");
    Map<String, String> budgetLocal = searchInAFreshJvm(budgeted, dir.resolve("budget-local"));
    assertEquals(8, budgetLocal.size(), "4 trials and 4 histories: " + budgetLocal.keySet());
    Path out = dir.resolve("budget-spark");
    assertEquals(budgetLocal, search(budgeted, out, cluster.context()));
    JsonNode stopped = Json.MAPPER.readTree(out.resolve("oracle.json").toFile()).path("budget");
    assertEquals(0, stopped.path("stoppedBefore").path("bracket").asInt(-1), stopped.toString());
    assertTrue(Files.exists(out.resolve("results.csv")));
    // Resumed, the recorded decision stands: nothing more trains.
    assertEquals(budgetLocal, search(budgeted, out, cluster.context()));
  }

  @Test
  void anExecutorKilledMidTrialLosesNothing() throws Exception {
    SparkContext spark = cluster.context();
    KillSecondTask killer = new KillSecondTask();
    spark.addSparkListener(killer);
    Map<String, String> searched;
    try {
      searched = search(SPEC, dir.resolve("killed"), spark);
    } finally {
      spark.removeSparkListener(killer);
    }
    assertNotNull(killer.killedPid, "an executor was killed");
    assertTrue(
        ProcessHandle.of(killer.killedPid).map(p -> !p.isAlive()).orElse(true),
        "the killed executor is gone");
    assertTrue(killer.failedTasks.get() >= 1, "Spark saw the lost task");
    assertEquals(local, searched);
  }

  @Test
  void aUserMistakeOnAnExecutorComesBackAsItsOneLine() throws Exception {
    TuneSpec spec = Json.parse(SPEC.formatted(dir.resolve("unused")), TuneSpec.class, "spec");
    Trial child =
        Json.MAPPER
            .copy()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .readValue(dir.resolve("local/trials/trial_0004.json").toFile(), Trial.class);
    assertNotNull(child.parentId(), "trial 0004 continues a parent");
    TrialTask task =
        new TrialTask(
            child,
            spec.trialSpec(child.hyperparameters(), child.epochs()),
            "not a checkpoint".getBytes(StandardCharsets.UTF_8));
    EngineContext context = new EngineContext(spec, TestData.mnist(), DeviceRequest.CPU, 1, QUIET);
    try (SparkTrialExecutor executor = new SparkTrialExecutor(context, cluster.context())) {
      UserException e = assertThrows(UserException.class, () -> executor.run(task));
      assertEquals(
          "trial "
              + child.parentId()
              + "'s checkpoint: not a lenet5 checkpoint (expected the bytes LENET5CK at the"
              + " start)",
          e.getMessage());
    }
  }

  /** Kills the executor JVM (SIGKILL) that starts the search's second task. */
  private static final class KillSecondTask extends SparkListener {
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger failedTasks = new AtomicInteger();
    volatile Long killedPid;

    @Override
    public void onTaskStart(SparkListenerTaskStart event) {
      if (started.incrementAndGet() == 2) {
        LocalCluster.executorProcess(event.taskInfo().executorId())
            .ifPresent(
                p -> {
                  killedPid = p.pid();
                  p.destroyForcibly();
                });
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      if (!event.taskInfo().successful()) {
        failedTasks.incrementAndGet();
      }
    }
  }

  /**
   * The local search as a user runs it, {@code tune --threads 1}, in a JVM of its own: TensorFlow
   * sizes its process-wide thread pools for the first session a JVM opens, so sessions of earlier
   * tests in this JVM would change the local trials' sums, as they cannot on the fresh executors.
   */
  private static Map<String, String> searchInAFreshJvm(String specText, Path out) throws Exception {
    Path spec =
        Files.writeString(dir.resolve(out.getFileName() + "-spec.json"), specText.formatted(out));
    ChildJvm.Result local =
        ChildJvm.run(
            dir,
            out.getFileName().toString(),
            ChildJvm.lenet5(
                "tune",
                "--spec",
                spec.toString(),
                "--device",
                "cpu",
                "--threads",
                "1",
                "--data-dir",
                TestData.dir().toString()),
            300);
    assertEquals(0, local.status(), local.err());
    return results(out);
  }

  /** Runs the search into {@code out} on {@code spark}; see {@link #results}. */
  private static Map<String, String> search(String specText, Path out, SparkContext spark)
      throws Exception {
    TuneSpec spec = Json.parse(specText.formatted(out), TuneSpec.class, "spec");
    EngineContext context = new EngineContext(spec, TestData.mnist(), DeviceRequest.CPU, 1, QUIET);
    Tuner tuner = Tuner.open(spec, context.data(), false, false, QUIET);
    try (TrialExecutor executor = new SparkTrialExecutor(context, spark)) {
      tuner.run(executor, SearchListener.NONE);
    }
    return results(out);
  }

  /** Each trial's record and each history's metrics (timings left out), by file. */
  private static Map<String, String> results(Path out) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (Path trial : list(out.resolve("trials"))) {
      files.put("trials/" + trial.getFileName(), Files.readString(trial));
    }
    for (Path history : list(out.resolve("histories"))) {
      ArrayNode metrics = Json.MAPPER.createArrayNode();
      for (JsonNode epoch : Json.MAPPER.readTree(history.toFile()).get("history")) {
        metrics
            .addObject()
            .setAll(
                Map.of(
                    "trainLoss", epoch.get("trainLoss"),
                    "trainAccuracy", epoch.get("trainAccuracy"),
                    "valLoss", epoch.get("valLoss"),
                    "valAccuracy", epoch.get("valAccuracy")));
      }
      files.put("histories/" + history.getFileName(), metrics.toString());
    }
    return files;
  }

  private static List<Path> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }
}

package io.lenet5.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.ChildJvm;
import io.lenet5.Json;
import io.lenet5.TestData;
import io.lenet5.UserException;
import io.lenet5.cli.Main;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.DeviceRequest;
import io.lenet5.tune.EngineContext;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine asked for where it cannot run: one line saying how to run it, no files. */
class WithoutSparkTest {
  private static final String MISSING =
      "error: tune --engine spark: Spark is not on the classpath; run the jar with"
          + " spark-submit (see README, Running on a Spark cluster)";

  @Test
  void theJarWithoutSparkOnItsClasspathSaysToUseSparkSubmit(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("run");
    List<String> err =
        tuneWithoutSpark(
            dir.resolve("logs"),
            "--spec",
            "tuning-specs/lenet5-hyperband-small.json",
            "--out",
            out.toString(),
            "--engine",
            "spark");
    assertEquals(List.of(MISSING), err);
    assertFalse(Files.exists(out), "nothing written before the engine is known to load");
  }

  @Test
  void theSpecsEngineIsCheckedLikeTheFlag(@TempDir Path dir) throws Exception {
    String small = Files.readString(Path.of("tuning-specs/lenet5-hyperband-small.json"));
    Path spec =
        Files.writeString(
            dir.resolve("spec.json"),
            small.replace(
                "\"searchSpace\"", "\"execution\": {\"engine\": \"spark\"},\n  \"searchSpace\""));
    Path out = dir.resolve("run");
    assertEquals(
        List.of(MISSING),
        tuneWithoutSpark(dir.resolve("logs"), "--spec", spec.toString(), "--out", out.toString()));
    assertFalse(Files.exists(out));
  }

  /**
   * Runs {@code tune ARGS} in a JVM with this one's classpath less Spark, as `java -jar` has it.
   */
  private static List<String> tuneWithoutSpark(Path logs, String... args) throws Exception {
    String classPath =
        Arrays.stream(ChildJvm.classpath().split(File.pathSeparator))
            .filter(entry -> !entry.contains("/org/apache/spark/"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command =
        ChildJvm.command(
            classPath,
            List.of(),
            Main.class.getName(),
            Stream.concat(Stream.of("tune"), Stream.of(args)).toList());
    ChildJvm.Result r = ChildJvm.run(logs, "tune", command, 60);
    assertEquals(Main.USER_ERROR, r.status(), r.err());
    return r.err().lines().toList();
  }

  @Test
  void withoutAMasterTheExecutorSaysToStartTheJarWithSparkSubmit() {
    EngineContext context = smallSearch();
    UserException e = assertThrows(UserException.class, () -> new SparkTrialExecutor(context));
    assertEquals(
        "tune --engine spark: no Spark master is set (spark.master); start the jar with"
            + " spark-submit --master URL --class io.lenet5.cli.Main lenet5.jar tune ... (see"
            + " README, Running on a Spark cluster)",
        e.getMessage());
  }

  @Test
  void aMasterThatCannotStartIsOneLine() {
    EngineContext context = smallSearch();
    System.setProperty("spark.master", "bogus-master");
    try {
      UserException e = assertThrows(UserException.class, () -> new SparkTrialExecutor(context));
      assertTrue(
          e.getMessage().startsWith("tune --engine spark: Spark did not start: "), e.getMessage());
      assertTrue(e.getMessage().contains("bogus-master"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    } finally {
      System.clearProperty("spark.master");
    }
  }

  /** The small bundled search on the CPU, printing nothing. */
  private static EngineContext smallSearch() {
    TuneSpec spec = Json.read(Path.of("tuning-specs/lenet5-hyperband-small.json"), TuneSpec.class);
    return new EngineContext(
        spec,
        TestData.mnist(),
        DeviceRequest.CPU,
        0,
        new PrintStream(OutputStream.nullOutputStream()));
  }
}

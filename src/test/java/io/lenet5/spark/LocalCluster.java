package io.lenet5.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * A real multi-process Spark cluster on this machine for tests: {@code local-cluster[2,1,1024]},
 * two executor JVMs of one core each, started by workers inside this JVM. Executors build their
 * classpath from {@code $SPARK_HOME/jars} (the Maven build copies Spark's jars to {@code
 * target/spark-home} and sets SPARK_HOME and SPARK_SCALA_VERSION for the tests); this project's
 * classes and libraries reach them through {@code spark.executor.extraClassPath}.
 */
final class LocalCluster implements AutoCloseable {
  private final SparkContext context;

  private LocalCluster(SparkContext context) {
    this.context = context;
  }

  /** Starts the cluster; fails with what to do when the build did not prepare a Spark home. */
  static LocalCluster start() {
    String home = System.getenv("SPARK_HOME");
    Path jars = home == null ? null : Path.of(home, "jars");
    if (jars == null || !Files.isDirectory(jars)) {
      throw new IllegalStateException(
          "SPARK_HOME: expected a folder with Spark's jars/, got "
              + home
              + "; run the Spark tests through Maven, which builds target/spark-home");
    }
    SparkConf conf =
        new SparkConf()
            .setMaster("local-cluster[2,1,1024]")
            .setAppName("lenet5 tests")
            .set("spark.executor.extraClassPath", projectClassPath(jars))
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false");
    return new LocalCluster(new SparkContext(conf));
  }

  /** This JVM's classpath less Spark's own jars, which executors take from the Spark home. */
  private static String projectClassPath(Path sparkJars) {
    Set<String> spark;
    try (Stream<Path> files = Files.list(sparkJars)) {
      spark = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !spark.contains(Path.of(entry).getFileName().toString()))
        .collect(Collectors.joining(File.pathSeparator));
  }

  SparkContext context() {
    return context;
  }

  /** The JVM of executor {@code executorId}, a child of this one in local-cluster mode. */
  static Optional<ProcessHandle> executorProcess(String executorId) {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p -> {
              String[] args = p.info().arguments().orElse(new String[0]);
              for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("--executor-id") && args[i + 1].equals(executorId)) {
                  return true;
                }
              }
              return false;
            })
        .findFirst();
  }

  @Override
  public void close() {
    context.stop();
  }
}

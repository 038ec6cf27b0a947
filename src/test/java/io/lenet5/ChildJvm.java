package io.lenet5;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the tool, or another main class of the tests, in a separate JVM: for what one process
 * cannot show about itself (a kill -9, a file size limit, a second writer, its stderr's first
 * line).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Exit status and output of a finished child. */
  public record Result(int status, String out, String err) {}

  /** The classpath of the tests: surefire's, else this JVM's. */
  public static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** {@code java [jvmOptions] -cp <tests> mainClass args}, as a command line. */
  public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    return command(classpath(), jvmOptions, mainClass, args);
  }

  /** Like {@link #command(List, String, List)} on another classpath. */
  public static List<String> command(
      String classpath, List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // Short runs whose work is native: the quick compiler and a small collector start fastest.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** {@code lenet5 args} in a child JVM, its output going to files in {@code logs}. */
  public static Process start(Path logs, String name, List<String> command) throws IOException {
    return start(logs, name, command, Map.of());
  }

  /** Like {@link #start(Path, String, List)} with {@code env} added to the environment. */
  public static Process start(Path logs, String name, List<String> command, Map<String, String> env)
      throws IOException {
    Files.createDirectories(logs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    return builder
        .redirectOutput(logs.resolve(name + ".out").toFile())
        .redirectError(logs.resolve(name + ".err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /** Runs {@code command} to its end (at most {@code seconds}) and returns what it printed. */
  public static Result run(Path logs, String name, List<String> command, int seconds)
      throws IOException, InterruptedException {
    return run(logs, name, command, Map.of(), seconds);
  }

  /** Like {@link #run(Path, String, List, int)} with {@code env} added to the environment. */
  public static Result run(
      Path logs, String name, List<String> command, Map<String, String> env, int seconds)
      throws IOException, InterruptedException {
    Process process = start(logs, name, command, env);
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(name + ": did not end within " + seconds + " s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(logs.resolve(name + ".out"), StandardCharsets.UTF_8),
        Files.readString(logs.resolve(name + ".err"), StandardCharsets.UTF_8));
  }

  /** The tool's command line in a child JVM. */
  public static List<String> lenet5(String... args) {
    return command(List.of(), "io.lenet5.cli.Main", List.of(args));
  }
}

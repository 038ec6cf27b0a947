package io.lenet5.tune;

import io.lenet5.SpecNames;
import io.lenet5.UserException;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * The registered engines: each names an executor class with a public {@code (EngineContext)}
 * constructor, loaded by name so that a missing engine library (Spark) is a one-line error, not a
 * crash. A new engine is one constant here and its class.
 */
public enum Engine {
  /** Trials in threads of this JVM. */
  LOCAL("io.lenet5.tune.LocalTrialExecutor", "the local engine is missing from this build"),
  /** Trials as Spark jobs on a cluster. */
  SPARK(
      "io.lenet5.spark.SparkTrialExecutor",
      "Spark is not on the classpath; run the jar with spark-submit (see README, Running on a Spark"
          + " cluster)");

  private final String executorClass;
  private final String whenMissing;

  Engine(String executorClass, String whenMissing) {
    this.executorClass = executorClass;
    this.whenMissing = whenMissing;
  }

  /** The name users write, e.g. {@code local}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an engine name; the error lists the accepted ones. */
  public static Engine parse(String value) {
    return SpecNames.parse(values(), Engine::specName, value);
  }

  /** Builds this engine's executor; the caller closes it. */
  public TrialExecutor open(EngineContext context) throws Exception {
    return open(executorClass, missing(), context);
  }

  /**
   * Fails with this engine's one-line message when its classes cannot load (Spark absent), before
   * any data is read or any file written.
   */
  public void checkAvailable() {
    try {
      // Resolving the constructors loads the library classes their parameters name.
      Class.forName(executorClass).getConstructors();
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UserException(missing(), e);
    }
  }

  private String missing() {
    return "tune --engine " + specName() + ": " + whenMissing;
  }

  /** Loads {@code className} and calls its {@code (EngineContext)} constructor. */
  static TrialExecutor open(String className, String whenMissing, EngineContext context)
      throws Exception {
    try {
      return Class.forName(className)
          .asSubclass(TrialExecutor.class)
          .getConstructor(EngineContext.class)
          .newInstance(context);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UserException(whenMissing, e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof LinkageError missing) {
        throw new UserException(whenMissing, missing);
      }
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}

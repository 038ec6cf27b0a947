package io.lenet5;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.tensorflow.TensorFlow;

/** Versions of this build and of what it runs on, for provenance in every output. */
public final class BuildInfo {
  private static final Properties BUILD = load();

  private BuildInfo() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /**
   * The commit this jar was built from ({@code git rev-parse HEAD} at build time), or null when it
   * was built outside a git checkout or without git.
   */
  public static String gitCommit() {
    String commit = BUILD.getProperty("gitCommit", "").trim();
    return commit.matches("[0-9a-f]{40}") ? commit : null;
  }

  /**
   * Whether the checkout had changes not in {@link #gitCommit()} when this jar was built (tracked
   * or untracked files, ignored ones aside), or null without a commit.
   */
  public static Boolean gitDirty() {
    return gitCommit() == null ? null : Boolean.valueOf(BUILD.getProperty("gitDirty", "true"));
  }

  /** Project, TensorFlow Java, native TensorFlow and Java versions. */
  public static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("lenet5", BUILD.getProperty("version", "unknown"));
    v.put("tensorflowJava", BUILD.getProperty("tensorflowJava", "unknown"));
    v.put("tensorflow", TensorFlow.version());
    v.put("natives", BUILD.getProperty("nativeClassifier", "unknown"));
    v.put("java", System.getProperty("java.version"));
    return v;
  }
}

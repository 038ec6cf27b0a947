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

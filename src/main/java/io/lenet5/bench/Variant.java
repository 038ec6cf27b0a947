package io.lenet5.bench;

import io.lenet5.train.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * One configuration to measure: {@code sessions} independent training sessions running at once in
 * this JVM (as parallel tuning trials would), each on {@code device}.
 */
public record Variant(String name, int sessions, Device device) {
  /**
   * The default configuration first, then each alternative worth comparing on a machine whose
   * default uses {@code threads} intra-op threads: TensorFlow's stock inter-op pool, a single
   * thread, and parallel sessions splitting the threads between them.
   */
  public static List<Variant> standard(int threads) {
    Device base = new Device("cpu", threads);
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("default", 1, base));
    if (threads > 1) {
      variants.add(new Variant("inter-op " + threads, 1, base.withInterOpThreads(threads)));
      variants.add(new Variant("1 thread", 1, base.withThreads(1)));
      for (int k = 2; k <= threads; k *= 2) {
        variants.add(new Variant(k + " sessions", k, base.withThreads(threads / k)));
      }
    }
    return variants;
  }

  /** Sessions, threads and inter-op threads in words. */
  public String describe() {
    return sessions
        + " session"
        + (sessions == 1 ? "" : "s")
        + " x "
        + device.threads()
        + " thread"
        + (device.threads() == 1 ? "" : "s")
        + ", inter-op "
        + device.interOpThreads();
  }
}

package io.lenet5.bench;

import io.lenet5.model.ModelConfig;
import io.lenet5.train.Device;
import io.lenet5.train.StepLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One configuration to measure: {@code sessions} independent training sessions running at once in
 * this JVM (as parallel tuning trials would), each on {@code device} with the graph layout {@code
 * graph}.
 */
public record Variant(String name, int sessions, Device device, StepLayout graph) {
  /**
   * The default configuration first, then each alternative worth comparing on a machine whose
   * default uses {@code threads} intra-op threads: one step per run where the default chains steps,
   * the ordinary graph and four tied groups instead of the default layout, TensorFlow's stock
   * inter-op pool, a single thread on a thread of its own, and parallel sessions as parallel tuning
   * trials run them (as many as threads, and the tuner's default of one more), with the default
   * layout, with one step per run and with the ordinary graph. Where the default is the ordinary
   * graph (a wide model), two tied groups take the ordinary variant's place.
   */
  public static List<Variant> standard(int threads, int batchSize, ModelConfig model) {
    Device base = new Device(Device.Kind.CPU, threads);
    StepLayout layout = StepLayout.forDevice(base, batchSize, model);
    // Every single graph chains as many steps per run as a session of one graph would.
    int chain =
        StepLayout.forDevice(new Device(Device.Kind.CPU, 1), batchSize, model).stepsPerRun();
    StepLayout oneGraph = new StepLayout(layout.groups(), 1, chain);
    StepLayout ordinary = new StepLayout(1, 1, chain);
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("default", 1, base, layout));
    if (layout.stepsPerRun() > 1) {
      variants.add(new Variant("unchained", 1, base, unchained(layout)));
    }
    if (layout.replicas() > 1) {
      variants.add(new Variant("1 graph", 1, base, oneGraph));
    }
    if (layout.groups() == 1) {
      variants.add(new Variant("2 groups", 1, base, new StepLayout(2, 1, chain)));
    } else {
      variants.add(new Variant("ordinary", 1, base, ordinary));
    }
    variants.add(new Variant("4 groups", 1, base, new StepLayout(4, 1, chain)));
    if (threads > 1) {
      variants.add(
          new Variant("inter-op " + threads, 1, base.withInterOpThreads(threads), oneGraph));
      variants.add(
          new Variant("1 thread", 1, new Device(Device.Kind.CPU, 1, Device.OWN_THREAD), oneGraph));
      Device unset = new Device(Device.Kind.CPU, 0);
      for (int k = threads; k <= threads + 1; k++) {
        Device shared = unset.sharedBy(k, threads);
        variants.add(
            new Variant(
                k + " sessions", k, shared, StepLayout.forDevice(shared, batchSize, model)));
      }
      Device tunerDefault = unset.sharedBy(threads + 1, threads);
      StepLayout tunerLayout = StepLayout.forDevice(tunerDefault, batchSize, model);
      if (tunerLayout.stepsPerRun() > 1) {
        variants.add(
            new Variant(
                threads + 1 + " unchained", threads + 1, tunerDefault, unchained(tunerLayout)));
      }
      for (int k = threads; k <= threads + 1; k++) {
        variants.add(new Variant(k + " ordinary", k, unset.sharedBy(k, threads), ordinary));
      }
    }
    return variants;
  }

  private static StepLayout unchained(StepLayout layout) {
    return new StepLayout(layout.groups(), layout.replicas());
  }

  /** Sessions, threads, inter-op threads and graph layout in words. */
  public String describe() {
    Device each = graph.replicaDevice(device);
    return sessions
        + " session"
        + (sessions == 1 ? "" : "s")
        + (graph.replicas() == 1 ? "" : " of " + graph.replicas() + " replicas")
        + " x "
        + each.threads()
        + " thread"
        + (each.threads() == 1 ? "" : "s")
        + (each.interOpThreads() == Device.OWN_THREAD
            ? ", on a thread of its own"
            : ", inter-op " + each.interOpThreads())
        + ", "
        + graph.describe();
  }
}

package io.lenet5.bench;

import io.lenet5.BuildInfo;
import io.lenet5.ProcessMemory;
import io.lenet5.data.Split;
import io.lenet5.model.LeNet5;
import io.lenet5.train.Trainer;
import io.lenet5.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Measures training and inference throughput of LeNet-5 for each {@link Variant}, interleaved:
 * every repeat runs all variants in turn, so that other load on the machine hits them alike and
 * their ratios hold even when the absolute numbers swing.
 */
public final class Bench {
  /**
   * Environment variables that change the CPU kernels TensorFlow runs or how it runs them; a figure
   * is only comparable with figures measured under the same ones. TensorFlow reads them once, so
   * only the process's own environment counts.
   */
  public static final List<String> SPEED_SETTINGS =
      List.of(
          "ONEDNN_DEFAULT_FPMATH_MODE",
          "ONEDNN_MAX_CPU_ISA",
          "TF_ENABLE_ONEDNN_OPTS",
          "TF_MKL_OPTIMIZE_PRIMITIVE_MEMUSE",
          "TF_ONEDNN_THREADPOOL_USE_CALLER_THREAD",
          "TF_ONEDNN_USE_SYSTEM_ALLOCATOR");

  private static final int GEMM_PRODUCTS = 10;
  private static final int AUGMENTATION_WARMUP = 3;

  private final BenchConfig config;
  private final Consumer<String> log;

  /** A benchmark; {@code log} hears progress, one line per repeat. */
  public Bench(BenchConfig config, Consumer<String> log) {
    this.config = config;
    this.log = log;
  }

  /** Runs every variant on {@code data}'s training images and evaluates on its validation set. */
  public BenchReport run(Split data) throws InterruptedException {
    TrainingConfig training = TrainingConfig.DEFAULT.withBatchSize(config.batchSize());
    PeakFlops peak = PeakFlops.detect(config.fmaUnits(), config.clockGhz());
    List<Variant> variants = Variant.standard(config.threads(), config.batchSize(), config.model());
    if (!config.allVariants()) {
      variants = variants.subList(0, 1);
    }
    double[][] samples = new double[variants.size()][config.repeats()];
    double[][] cpu = new double[variants.size()][config.repeats()];
    double loadBefore = ProcessCpu.loadAverage();
    double[] inference = new double[config.repeats()];
    double[] gemm = new double[config.repeats()];
    double[][] augmentation = new double[AugmentationCost.SETTINGS.size()][config.repeats()];
    AugmentationCost augmentationCost = new AugmentationCost(data.train(), config.seed());
    int evalBatch = Math.min(Trainer.EVAL_BATCH_SIZE, data.validation().size());
    StepProfile profile = null;
    List<VariantRunner> runners = new ArrayList<>();
    GemmProbe gemmProbe = null;
    try {
      // The default's sessions first: TensorFlow sizes its CPU kernel pool from the first session.
      for (Variant v : variants) {
        runners.add(new VariantRunner(v, config.model(), training, data.train(), config.seed()));
      }
      gemmProbe = new GemmProbe(variants.get(0).device().cores());
      gemmProbe.gflops(2);
      for (VariantRunner r : runners) {
        r.train(config.warmupSteps());
      }
      // Untimed passes for the JIT, which compiles the augmentations' loops on the first.
      for (int i = 0; i < AUGMENTATION_WARMUP; i++) {
        augmentationCost.microsPerImage();
      }
      VariantRunner base = runners.get(0);
      base.first().evaluate(data.validation(), evalBatch);
      for (int round = 0; round < config.repeats(); round++) {
        StringBuilder line =
            new StringBuilder("repeat " + (round + 1) + "/" + config.repeats() + ":");
        for (int v = 0; v < runners.size(); v++) {
          VariantRunner.Sample sample = runners.get(v).train(config.steps());
          samples[v][round] = sample.imagesPerSecond();
          cpu[v][round] = sample.cpuMicrosPerImage();
          line.append(String.format(" %s %.0f,", variants.get(v).name(), samples[v][round]));
        }
        long start = System.nanoTime();
        base.first().evaluate(data.validation(), evalBatch);
        inference[round] = data.validation().size() / ((System.nanoTime() - start) / 1e9);
        gemm[round] = gemmProbe.gflops(GEMM_PRODUCTS);
        double[] augment = augmentationCost.microsPerImage();
        for (int a = 0; a < augment.length; a++) {
          augmentation[a][round] = augment[a];
        }
        log.accept(
            line.append(
                    String.format(
                        " inference %.0f img/s, GEMM %.0f GFLOP/s, augmentation %s us/img",
                        inference[round],
                        gemm[round],
                        Arrays.stream(augment)
                            .mapToObj(a -> String.format(Locale.ROOT, "%.1f", a))
                            .collect(Collectors.joining("/"))))
                .toString());
      }
      if (config.profileSteps() > 0) {
        profile =
            StepProfile.measure(
                base.first(),
                base.firstFeeder(),
                config.profileSteps(),
                (float) training.learningRate());
      }
    } finally {
      runners.forEach(VariantRunner::close);
      if (gemmProbe != null) {
        gemmProbe.close();
      }
    }
    double peakRss = ProcessMemory.peakResidentMib();
    double loadAfter = ProcessCpu.loadAverage();
    SessionChurn churn =
        config.churnSessions() == 0
            ? null
            : SessionChurn.measure(
                config.churnSessions(),
                config.model(),
                training,
                variants.get(0).device(),
                data.train(),
                data.validation());

    Stats gemmCeiling = Stats.of(gemm);
    List<BenchReport.VariantResult> results = new ArrayList<>();
    for (int v = 0; v < variants.size(); v++) {
      Variant variant = variants.get(v);
      Stats ips = Stats.of(samples[v]);
      double gflops = ips.median() * FlopModel.training(new LeNet5(config.model())) / 1e9;
      results.add(
          new BenchReport.VariantResult(
              variant.name(),
              variant.describe(),
              variant.sessions(),
              variant.device().threads(),
              variant.device().interOpThreads(),
              ips,
              Stats.of(cpu[v]).median(),
              gflops,
              gflops / peak.gflops(),
              gflops / gemmCeiling.median()));
    }
    double stepMicrosPerImage = 1e6 / results.get(0).imagesPerSecond().median();
    List<BenchReport.AugmentationResult> augmentations = new ArrayList<>();
    for (int a = 0; a < augmentation.length; a++) {
      AugmentationCost.Setting setting = AugmentationCost.SETTINGS.get(a);
      Stats micros = Stats.of(augmentation[a]);
      augmentations.add(
          new BenchReport.AugmentationResult(
              setting.name(), setting.describe(), micros, micros.median() / stepMicrosPerImage));
    }
    Stats infer = Stats.of(inference);
    int trainImages = data.train().size();
    int validationImages = data.validation().size();
    double epoch =
        trainImages / results.get(0).imagesPerSecond().median() + validationImages / infer.median();
    return new BenchReport(
        config,
        BuildInfo.versions(),
        speedSettings(),
        loadBefore,
        loadAfter,
        FlopModel.describe(new LeNet5(config.model())),
        peak,
        gemmCeiling,
        results,
        augmentations,
        evalBatch,
        infer,
        trainImages,
        validationImages,
        epoch,
        peakRss,
        profile,
        churn);
  }

  /** Those of {@link #SPEED_SETTINGS} set for this process, by name. */
  private static Map<String, String> speedSettings() {
    Map<String, String> set = new TreeMap<>();
    for (String name : SPEED_SETTINGS) {
      String value = System.getenv(name);
      if (value != null) {
        set.put(name, value);
      }
    }
    return set;
  }
}

package io.lenet5.tune;

import io.lenet5.spec.ChoiceParameter;
import io.lenet5.spec.FixedParameter;
import io.lenet5.spec.FloatParameter;
import io.lenet5.spec.IntParameter;
import io.lenet5.spec.SamplerSettings;
import io.lenet5.spec.Sampling;
import io.lenet5.spec.SearchParameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * BOHB's model (Falkner et al., ICML 2018, after its reference implementation in hpbandster): at
 * the largest budget (epochs) with enough scored trials, the best {@code quantile} of them fit a
 * "good" kernel density and the rest a "bad" one; candidates are drawn around the good trials, and
 * the one with the highest good/bad density ratio is kept. A fraction of configurations, and every
 * one before a model can be fitted, is drawn at random as {@link SearchParameter#sample} does.
 *
 * <p>Each searched hyperparameter is one dimension of the unit cube: a float linearly or in log
 * space, an int the same way with each value owning an equal slice (hpbandster's ordinal kernel is
 * not used), and a choice as a category with Aitchison and Aitken's kernel. Kernel bandwidths
 * follow the normal reference rule, {@code 1.06 sigma n^(-1/(4+d))}, floored by {@code
 * bandwidthFloor}.
 */
public final class TpeSampler implements Sampler {
  /** Keeps the ratio finite where a density vanishes, as hpbandster does. */
  private static final double DENSITY_FLOOR = 1e-32;

  private final List<SearchParameter> space;
  private final List<Dimension> dimensions = new ArrayList<>();
  private final Objective objective;
  private final double quantile;
  private final double randomFraction;
  private final int candidates;
  private final double bandwidthFactor;
  private final double bandwidthFloor;
  private final int minPoints;

  /** A sampler over {@code space} that ranks trials by {@code objective}. */
  public TpeSampler(List<SearchParameter> space, SamplerSettings settings, Objective objective) {
    this.space = List.copyOf(space);
    this.objective = objective;
    for (SearchParameter p : space) {
      if (!(p instanceof FixedParameter)) {
        dimensions.add(Dimension.of(p));
      }
    }
    this.quantile = settings.quantileOrDefault();
    this.randomFraction = settings.randomFractionOrDefault();
    this.candidates = settings.candidatesOrDefault();
    this.bandwidthFactor = settings.bandwidthFactorOrDefault();
    this.bandwidthFloor = settings.bandwidthFloorOrDefault();
    this.minPoints = settings.minPointsOrDefault(dimensions.size());
  }

  @Override
  public boolean readsHistory() {
    return true;
  }

  @Override
  public Map<String, Object> sample(RandomGenerator rng, List<Observation> history) {
    // The first draw decides, so a configuration drawn at random uses the generator as always.
    boolean atRandom = rng.nextDouble() < randomFraction;
    Model model = atRandom || dimensions.isEmpty() ? null : fit(history);
    if (model == null) {
      Map<String, Object> values = new LinkedHashMap<>();
      space.forEach(p -> values.put(p.name(), p.sample(rng)));
      return values;
    }
    double[] best = null;
    double bestRatio = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < candidates; i++) {
      double[] candidate = model.good().draw(rng, bandwidthFactor);
      double ratio =
          Math.max(DENSITY_FLOOR, model.good().density(candidate))
              / Math.max(DENSITY_FLOOR, model.bad().density(candidate));
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = candidate;
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    int k = 0;
    for (SearchParameter p : space) {
      if (p instanceof FixedParameter f) {
        values.put(p.name(), f.value());
      } else {
        values.put(p.name(), dimensions.get(k).decode(best[k]));
        k++;
      }
    }
    return values;
  }

  /** The two densities at the largest budget that has enough scored trials, or null. */
  private Model fit(List<Observation> history) {
    TreeMap<Integer, List<Observation>> byBudget = new TreeMap<>(Comparator.reverseOrder());
    for (Observation o : history) {
      byBudget.computeIfAbsent(o.epochs(), e -> new ArrayList<>()).add(o);
    }
    for (List<Observation> observed : byBudget.values()) {
      int n = observed.size();
      if (n <= minPoints) {
        continue;
      }
      int goodCount = Math.max(minPoints, (int) Math.floor(quantile * n));
      int badCount = Math.max(minPoints, n - goodCount);
      // A stable sort: ties keep hand-out order, so the split is reproducible.
      List<Observation> ranked =
          observed.stream()
              .sorted(Comparator.comparing(Observation::score, objective.bestFirst()))
              .toList();
      List<Observation> good = ranked.subList(0, goodCount);
      List<Observation> bad = ranked.subList(goodCount, Math.min(n, goodCount + badCount));
      int d = dimensions.size();
      if (good.size() <= d || bad.size() <= d) {
        continue;
      }
      return new Model(density(good), density(bad));
    }
    return null;
  }

  private Density density(List<Observation> observations) {
    int n = observations.size();
    int d = dimensions.size();
    double[][] points = new double[n][d];
    for (int i = 0; i < n; i++) {
      int k = 0;
      for (SearchParameter p : space) {
        if (!(p instanceof FixedParameter)) {
          points[i][k] =
              dimensions.get(k).encode(observations.get(i).hyperparameters().get(p.name()));
          k++;
        }
      }
    }
    double[] bandwidths = new double[d];
    for (int k = 0; k < d; k++) {
      double mean = 0;
      for (double[] point : points) {
        mean += point[k] / n;
      }
      double variance = 0;
      for (double[] point : points) {
        variance += (point[k] - mean) * (point[k] - mean) / n;
      }
      double normalReference = 1.06 * Math.sqrt(variance) * Math.pow(n, -1.0 / (4 + d));
      bandwidths[k] = dimensions.get(k).clampBandwidth(Math.max(bandwidthFloor, normalReference));
    }
    return new Density(points, bandwidths, dimensions);
  }

  private record Model(Density good, Density bad) {}

  /** A product-kernel density over the unit cube. */
  private record Density(double[][] points, double[] bandwidths, List<Dimension> dimensions) {
    double density(double[] x) {
      double sum = 0;
      for (double[] point : points) {
        double product = 1;
        for (int k = 0; k < x.length; k++) {
          product *= dimensions.get(k).kernel(x[k], point[k], bandwidths[k]);
        }
        sum += product;
      }
      return sum / points.length;
    }

    /** A point near one of the data, each coordinate drawn from its kernel, widened by factor. */
    double[] draw(RandomGenerator rng, double factor) {
      double[] centre = points[rng.nextInt(points.length)];
      double[] x = new double[centre.length];
      for (int k = 0; k < x.length; k++) {
        x[k] = dimensions.get(k).draw(rng, centre[k], bandwidths[k], factor);
      }
      return x;
    }
  }

  /** One searched hyperparameter as a coordinate: in [0, 1], or a category index. */
  private interface Dimension {
    double encode(Object value);

    Object decode(double coordinate);

    double kernel(double x, double centre, double bandwidth);

    double draw(RandomGenerator rng, double centre, double bandwidth, double factor);

    default double clampBandwidth(double bandwidth) {
      return bandwidth;
    }

    static Dimension of(SearchParameter p) {
      if (p instanceof FloatParameter f) {
        return new Continuous(f.min(), f.max(), f.sampling() == Sampling.LOG, f.step(), null);
      }
      if (p instanceof IntParameter i) {
        return new Continuous(i.min(), i.max(), i.sampling() == Sampling.LOG, null, i.step());
      }
      if (p instanceof ChoiceParameter c) {
        return new Category(c.values());
      }
      throw new IllegalArgumentException("parameter: expected float, int or choice, received " + p);
    }
  }

  /**
   * A float, or an int when {@code intStep} is set, mapped linearly or in log space onto [0, 1]. An
   * int's value {@code v} owns the slice from {@code v} to {@code v + step}, as uniform sampling
   * gives it.
   */
  private record Continuous(double min, double max, boolean log, Double floatStep, Long intStep)
      implements Dimension {
    private double upper() {
      return intStep == null ? max : min + (Math.floor((max - min) / intStep) + 1) * intStep;
    }

    private double scale(double v) {
      return log ? Math.log(v) : v;
    }

    @Override
    public double encode(Object value) {
      double v = ((Number) value).doubleValue() + (intStep == null ? 0 : intStep / 2.0);
      double width = scale(upper()) - scale(min);
      return width == 0 ? 0.5 : Math.min(1, Math.max(0, (scale(v) - scale(min)) / width));
    }

    @Override
    public Object decode(double u) {
      double width = scale(upper()) - scale(min);
      double raw = scale(min) + u * width;
      double v = log ? Math.exp(raw) : raw;
      if (intStep != null) {
        long count = (long) Math.floor((max - min) / intStep) + 1;
        long index = Math.min(count - 1, Math.max(0, (long) Math.floor((v - min) / intStep)));
        return (long) min + index * intStep;
      }
      v = Math.min(max, Math.max(min, v));
      if (floatStep != null) {
        v = Math.min(max, min + Math.floor((v - min) / floatStep) * floatStep);
      }
      return v;
    }

    @Override
    public double kernel(double x, double centre, double bandwidth) {
      double z = (x - centre) / bandwidth;
      return Math.exp(-0.5 * z * z) / (bandwidth * Math.sqrt(2 * Math.PI));
    }

    /** A normal draw truncated to [0, 1], by rejection, as hpbandster's {@code truncnorm}. */
    @Override
    public double draw(RandomGenerator rng, double centre, double bandwidth, double factor) {
      double sd = bandwidth * factor;
      for (int attempt = 0; attempt < 100; attempt++) {
        double x = centre + sd * rng.nextGaussian();
        if (x >= 0 && x <= 1) {
          return x;
        }
      }
      return centre;
    }
  }

  /** A choice: keep the centre's value with probability 1 - bandwidth, else any value. */
  private record Category(List<Object> values) implements Dimension {
    @Override
    public double encode(Object value) {
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).equals(value) || values.get(i).toString().equals(String.valueOf(value))) {
          return i;
        }
      }
      throw new IllegalArgumentException(
          "value: expected one of " + values + ", received " + value);
    }

    @Override
    public Object decode(double coordinate) {
      return values.get((int) coordinate);
    }

    @Override
    public double clampBandwidth(double bandwidth) {
      // Above (c - 1) / c the kernel would favour the other values over the centre's own.
      return values.size() == 1 ? 0 : Math.min(bandwidth, (values.size() - 1.0) / values.size());
    }

    @Override
    public double kernel(double x, double centre, double bandwidth) {
      return x == centre ? 1 - bandwidth : bandwidth / (values.size() - 1);
    }

    @Override
    public double draw(RandomGenerator rng, double centre, double bandwidth, double factor) {
      return rng.nextDouble() < 1 - bandwidth ? centre : rng.nextInt(values.size());
    }
  }
}

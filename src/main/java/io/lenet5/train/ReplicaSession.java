package io.lenet5.train;

import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.WeightSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * One replica's training graph and the TensorFlow session that runs it: a training step,
 * evaluation, and the full state (weights, optimizer slots, step counter) as plain arrays for
 * checkpoints. A replica of a {@link TrainingSession} instead computes its share of a batch's
 * gradients and applies gradients it is fed, so that several replicas take the same step.
 *
 * <p>One thread at a time per instance (it reuses its input tensors from step to step); separate
 * instances share nothing and may run concurrently in one JVM.
 */
final class ReplicaSession implements AutoCloseable {

  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> learningRate;
  private final Operand<TFloat32> lossSum;
  private final Operand<TFloat32> correct;
  private final Operand<TFloat32> evalLossSum;
  private final Operand<TFloat32> evalCorrect;
  private final Optional<DropoutSeed> dropout;
  private long dropoutBase;
  private long stepCount;
  private final Op update;
  private final LeNet5 net;
  private final List<Operand<TFloat32>> gradients = new ArrayList<>();
  private final Optional<Chain> chain;
  private final Optional<FedGradients> fed;
  private final Operand<TFloat32> gradientNorms;
  private final Operand<TInt32> predictions;
  private final List<StateVariable> state = new ArrayList<>();
  private final List<Placeholder<TFloat32>> loadValues = new ArrayList<>();
  private final List<Op> loadOps = new ArrayList<>();
  private final StepLayout layout;
  private TFloat32 learningRateTensor;
  private BatchTensors batch;
  private BatchTensors chainBatch;
  private float learningRateValue = Float.NaN;

  /** The seed of a step's dropout masks, fed at each run, where the model has dropout. */
  private record DropoutSeed(Placeholder<TInt64> input, TInt64 value) {}

  /** The ops of {@link StepLayout#stepsPerRun} steps in one run, where the layout chains them. */
  private record Chain(
      Placeholder<TFloat32> images,
      Placeholder<TInt32> labels,
      Operand<TFloat32> lossSums,
      Operand<TFloat32> correct,
      Op update) {}

  /**
   * What a replica of several needs: the update applies the gradients it is fed, and the gradients
   * it computes are read out into {@code values}.
   */
  private record FedGradients(
      List<Placeholder<TFloat32>> inputs, float[][] values, List<TFloat32> tensors) {}

  /**
   * Builds the graph and opens a session on {@code device}.
   *
   * @param replica whether the update applies fed gradients ({@link #computeGradients}, {@link
   *     #apply}) instead of its own ({@link #step})
   */
  ReplicaSession(
      ModelConfig model,
      TrainingConfig training,
      Device device,
      StepLayout layout,
      boolean replica) {
    this.layout = layout;
    net = new LeNet5(model);
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      images =
          tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(imageShape(net)));
      labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
      Placeholder<TInt64> dropoutSeed =
          model.dropout() > 0
              ? tf.withName("dropout_seed")
                  .placeholder(TInt64.class, Placeholder.shape(Shape.of(2)))
              : null;
      List<StateVariable> weights = new ArrayList<>();
      List<Variable<TFloat32>> weightOperands = new ArrayList<>();
      for (WeightSpec w : net.weights()) {
        int slash = w.name().indexOf('/');
        Variable<TFloat32> v =
            tf.withSubScope(w.name().substring(0, slash))
                .withName(w.name().substring(slash + 1))
                .variable(Shape.of(w.shape()), TFloat32.class);
        weights.add(new StateVariable(w.name(), v, w.shape()));
        weightOperands.add(v);
      }
      StepOps one = stepOps(tf, images, labels, weightOperands, net, layout.groups(), dropoutSeed);
      lossSum = one.scores().lossSum();
      correct = one.scores().correct();
      // Evaluation and prediction run without dropout: a forward pass of their own where it has.
      Scores inference =
          dropoutSeed == null
              ? one.scores()
              : scores(
                  tf.withSubScope("inference"),
                  images,
                  labels,
                  weightOperands,
                  net,
                  layout.groups(),
                  null);
      evalLossSum = inference.lossSum();
      evalCorrect = inference.correct();
      gradients.addAll(one.gradients());
      gradientNorms = norms(tf.withSubScope("gradient_norms"), gradients);
      // From the padded logits, so that predicting needs no labels; predict() keeps the real rows.
      Ops metrics = tf.withSubScope("metrics");
      predictions =
          metrics
              .withName("predictions")
              .math
              .argMax(inference.paddedLogits(), metrics.constant(1), TInt32.class);
      Optimizer optimizer = Optimizer.of(training);
      List<Operand<TFloat32>> applied = gradients;
      List<Placeholder<TFloat32>> fedInputs = new ArrayList<>();
      if (replica) {
        Ops fedScope = tf.withSubScope("fed_gradients");
        for (StateVariable w : weights) {
          fedInputs.add(
              fedScope.placeholder(TFloat32.class, Placeholder.shape(Shape.of(w.shape()))));
        }
        applied = List.copyOf(fedInputs);
      }
      update = optimizer.build(tf.withSubScope("optimizer"), weights, applied, learningRate);
      chain =
          layout.stepsPerRun() > 1
              ? Optional.of(
                  chain(tf, weights, weightOperands, optimizer, learningRate, dropoutSeed))
              : Optional.empty();
      state.addAll(weights);
      state.addAll(optimizer.slots());
      Ops load = tf.withSubScope("load");
      for (int i = 0; i < state.size(); i++) {
        Placeholder<TFloat32> value = load.withName("value_" + i).placeholder(TFloat32.class);
        loadValues.add(value);
        loadOps.add(load.withName("assign_" + i).assign(state.get(i).variable(), value));
      }
      session = new Session(graph, device.sessionConfig());
      dropout =
          dropoutSeed == null
              ? Optional.empty()
              : Optional.of(new DropoutSeed(dropoutSeed, TInt64.vectorOf(0, 0)));
      fed =
          replica
              ? Optional.of(
                  new FedGradients(
                      List.copyOf(fedInputs),
                      weightShapes().stream()
                          .map(shape -> new float[(int) Shape.of(shape).size()])
                          .toArray(float[][]::new),
                      new ArrayList<>()))
              : Optional.empty();
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Builds {@link StepLayout#stepsPerRun} steps that run one after another in one run, each on its
   * share of the fed images and each reading the weights the step before it updated.
   */
  private Chain chain(
      Ops tf,
      List<StateVariable> weights,
      List<Variable<TFloat32>> weightOperands,
      Optimizer optimizer,
      Operand<TFloat32> learningRate,
      Operand<TInt64> dropoutSeed) {
    Ops chain = tf.withSubScope("chain");
    Placeholder<TFloat32> chainImages =
        chain.withName("images").placeholder(TFloat32.class, Placeholder.shape(imageShape(net)));
    Placeholder<TInt32> chainLabels =
        chain.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    int steps = layout.stepsPerRun();
    Operand<TInt32> axis0 = chain.constant(0);
    List<Output<TFloat32>> stepImages = chain.split(axis0, chainImages, (long) steps).output();
    List<Output<TInt32>> stepLabels = chain.split(axis0, chainLabels, (long) steps).output();
    List<Operand<TFloat32>> lossSums = new ArrayList<>();
    List<Operand<TFloat32>> corrects = new ArrayList<>();
    Op previous = null;
    for (int k = 0; k < steps; k++) {
      Ops scope = chain.withSubScope("step_" + k);
      // Each step reads the weights after the step before it updated them.
      Ops reads = previous == null ? scope : scope.withControlDependencies(List.of(previous));
      List<Operand<TFloat32>> read = new ArrayList<>();
      for (Variable<TFloat32> w : weightOperands) {
        read.add(reads.identity(w));
      }
      Operand<TInt64> seed =
          dropoutSeed == null
              ? null
              : scope.math.add(dropoutSeed, scope.constant(new long[] {0, k}));
      StepOps ops =
          stepOps(scope, stepImages.get(k), stepLabels.get(k), read, net, layout.groups(), seed);
      lossSums.add(ops.scores().lossSum());
      corrects.add(ops.scores().correct());
      previous =
          optimizer.build(scope.withSubScope("optimizer"), weights, ops.gradients(), learningRate);
    }
    return new Chain(
        chainImages,
        chainLabels,
        chain.withName("loss_sums").stack(lossSums),
        chain.withName("correct").stack(corrects),
        previous);
  }

  /**
   * Runs one training step on {@code count} images held in {@code pixels} (count*h*w floats).
   *
   * @return the summed loss and the number of correct predictions, both before the update
   */
  TrainingSession.StepResult step(float[] pixels, int[] batchLabels, int count, float rate) {
    try (Result r = trainingRunner(pixels, batchLabels, 0, count, rate).run()) {
      stepCount++;
      return new TrainingSession.StepResult(
          ((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat());
    }
  }

  /**
   * Runs {@link StepLayout#stepsPerRun()} training steps in one run, on as many full batches of
   * {@code count} images held one after another in {@code pixels} and {@code batchLabels}.
   *
   * @return each step's summed loss and number of correct predictions, before its update
   */
  TrainingSession.StepResult[] steps(float[] pixels, int[] batchLabels, int count, float rate) {
    int steps = layout.stepsPerRun();
    if (chainBatch == null || chainBatch.count() != count) {
      if (chainBatch != null) {
        chainBatch.close();
      }
      chainBatch =
          new BatchTensors(
              count, layout.paddedCount(count), steps, net.imageHeight(), net.imageWidth());
    }
    chainBatch.fill(pixels, batchLabels, 0);
    Chain ops = chain.orElseThrow();
    try (Result r =
        withDropoutSeed(session.runner())
            .feed(ops.images(), chainBatch.images())
            .feed(ops.labels(), chainBatch.labels())
            .feed(learningRate, rateTensor(rate))
            .addTarget(ops.update())
            .fetch(ops.lossSums())
            .fetch(ops.correct())
            .run()) {
      stepCount += steps;
      TFloat32 losses = (TFloat32) r.get(0);
      TFloat32 right = (TFloat32) r.get(1);
      TrainingSession.StepResult[] results = new TrainingSession.StepResult[steps];
      for (int k = 0; k < steps; k++) {
        results[k] = new TrainingSession.StepResult(losses.getFloat(k), right.getFloat(k));
      }
      return results;
    }
  }

  /**
   * A replica's share of a step: the mean loss gradient of images {@code first} to {@code
   * first+count-1} of the batch, left in {@link #gradientValues()}, without updating anything.
   *
   * @return the share's summed loss and number of correct predictions
   */
  TrainingSession.StepResult computeGradients(
      float[] pixels, int[] batchLabels, int first, int count) {
    Session.Runner runner = inputs(pixels, batchLabels, first, count).fetch(lossSum).fetch(correct);
    gradients.forEach(runner::fetch);
    float[][] values = fed.orElseThrow().values();
    try (Result r = runner.run()) {
      for (int i = 0; i < values.length; i++) {
        ((TFloat32) r.get(2 + i)).copyTo(DataBuffers.of(values[i], false, false));
      }
      return new TrainingSession.StepResult(
          ((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat());
    }
  }

  /** The gradients the last {@link #computeGradients} computed, one array per weight. */
  float[][] gradientValues() {
    return fed.orElseThrow().values();
  }

  /**
   * A replica's update: applies {@code values}, one array per weight, at learning rate {@code
   * rate}.
   */
  void apply(float[][] values, float rate) {
    FedGradients inputs = fed.orElseThrow();
    List<TFloat32> gradientTensors = inputs.tensors();
    if (gradientTensors.isEmpty()) {
      for (int i = 0; i < values.length; i++) {
        gradientTensors.add(TFloat32.tensorOf(Shape.of(weightShapes().get(i))));
      }
    }
    Session.Runner runner = session.runner().feed(learningRate, rateTensor(rate)).addTarget(update);
    for (int i = 0; i < values.length; i++) {
      gradientTensors.get(i).asRawTensor().data().asFloats().write(values[i]);
      runner.feed(inputs.inputs().get(i), gradientTensors.get(i));
    }
    runner.run().close();
    stepCount++;
  }

  /**
   * Runs {@link #step}, or a replica's {@link #computeGradients} on the first {@code count} images,
   * with TensorFlow's full trace on, for profiling: the metadata's step stats time every kernel.
   */
  RunMetadata tracedStep(float[] pixels, int[] batchLabels, int count, float rate) {
    RunOptions trace =
        RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    boolean replica = fed.isPresent();
    Session.Runner runner =
        replica
            ? inputs(pixels, batchLabels, 0, count).fetch(lossSum).fetch(correct)
            : trainingRunner(pixels, batchLabels, 0, count, rate);
    if (replica) {
      gradients.forEach(runner::fetch);
    }
    try (Result r = runner.setOptions(trace).runAndFetchMetadata()) {
      if (!replica) {
        stepCount++;
      }
      return r.getMetadata().orElseThrow();
    }
  }

  private Session.Runner trainingRunner(
      float[] pixels, int[] batchLabels, int first, int count, float rate) {
    return inputs(pixels, batchLabels, first, count)
        .feed(learningRate, rateTensor(rate))
        .addTarget(update)
        .fetch(lossSum)
        .fetch(correct);
  }

  /** A runner fed images {@code first} to {@code first+count-1} of the batch and their labels. */
  private Session.Runner inputs(float[] pixels, int[] batchLabels, int first, int count) {
    // Refill the last step's tensors instead of allocating two native tensors per step; only
    // an epoch's short last batch changes the shape.
    if (batch == null || batch.count() != count) {
      if (batch != null) {
        batch.close();
      }
      batch =
          new BatchTensors(count, layout.paddedCount(count), net.imageHeight(), net.imageWidth());
    }
    batch.fill(pixels, batchLabels, first);
    return withDropoutSeed(session.runner())
        .feed(images, batch.images())
        .feed(labels, batch.labels());
  }

  /**
   * Feeds this step's dropout seed, where the model has dropout: the epoch's seed and the number of
   * steps taken since {@link #seedDropout}. Runs resume at an epoch's start, so a resumed run draws
   * the masks an uninterrupted one would.
   */
  private Session.Runner withDropoutSeed(Session.Runner runner) {
    if (dropout.isEmpty()) {
      return runner;
    }
    TInt64 value = dropout.get().value();
    value.setLong(dropoutBase, 0);
    value.setLong(stepCount, 1);
    return runner.feed(dropout.get().input(), value);
  }

  /** Starts the dropout masks of an epoch: they derive from {@code seed} and the step count. */
  void seedDropout(long seed) {
    dropoutBase = seed;
    stepCount = 0;
  }

  private TFloat32 rateTensor(float rate) {
    if (rate != learningRateValue) {
      if (learningRateTensor != null) {
        learningRateTensor.close();
      }
      learningRateTensor = TFloat32.scalarOf(rate);
      learningRateValue = rate;
    }
    return learningRateTensor;
  }

  /**
   * Loss and accuracy on images {@code first} to {@code first+n-1} of a dataset, in batches of
   * {@code batchSize}, without updates.
   */
  TrainingSession.Evaluation evaluate(Dataset data, int first, int n, int batchSize) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = first + i;
    }
    if (!net.config().fits(data)) {
      throw new IllegalArgumentException(
          "data: expected " + net.config().describeShape() + ", got " + data.describe());
    }
    float[] pixels = new float[batchSize * data.imagePixels()];
    int[] batchLabels = new int[batchSize];
    double loss = 0;
    double right = 0;
    for (int from = 0; from < n; from += batchSize) {
      int count = Math.min(batchSize, n - from);
      data.fillBatch(order, from, count, pixels, batchLabels);
      try (TFloat32 x = imageTensor(pixels, count);
          TInt32 y = labelTensor(batchLabels, count);
          Result r =
              session
                  .runner()
                  .feed(images, x)
                  .feed(labels, y)
                  .fetch(evalLossSum)
                  .fetch(evalCorrect)
                  .run()) {
        loss += ((TFloat32) r.get(0)).getFloat();
        right += ((TFloat32) r.get(1)).getFloat();
      }
    }
    return new TrainingSession.Evaluation(loss / n, right / n, n);
  }

  /**
   * Sets the weights to Glorot-uniform values from {@code seed} and the optimizer state to zero.
   */
  void initialize(long seed) {
    Map<String, float[]> values = new LinkedHashMap<>(net.initialWeights(seed));
    for (StateVariable v : state) {
      values.putIfAbsent(v.name(), new float[(int) Shape.of(v.shape()).size()]);
    }
    load(values);
  }

  /** Every state variable by checkpoint name: weights first, then optimizer state. */
  Map<String, float[]> state() {
    Session.Runner runner = session.runner();
    state.forEach(v -> runner.fetch(v.variable()));
    Map<String, float[]> values = new LinkedHashMap<>();
    try (Result r = runner.run()) {
      for (int i = 0; i < state.size(); i++) {
        TFloat32 t = (TFloat32) r.get(i);
        float[] array = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(array, false, false));
        values.put(state.get(i).name(), array);
      }
    }
    return values;
  }

  /** The shape of every state variable, keyed and ordered as {@link #state()}. */
  Map<String, long[]> shapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    state.forEach(v -> shapes.put(v.name(), v.shape()));
    return shapes;
  }

  /** The model weights only, by Keras name, in {@link LeNet5#weights} order. */
  Map<String, float[]> weights() {
    Map<String, float[]> all = state();
    Map<String, float[]> weights = new LinkedHashMap<>();
    net.weights().forEach(w -> weights.put(w.name(), all.get(w.name())));
    return weights;
  }

  /**
   * Sets every state variable; {@code values} must hold each one with its exact size (a checkpoint
   * of another model or optimizer is a user error).
   */
  void load(Map<String, float[]> values) {
    Session.Runner runner = session.runner();
    List<TFloat32> tensors = new ArrayList<>();
    try {
      for (int i = 0; i < state.size(); i++) {
        StateVariable v = state.get(i);
        float[] value = values.get(v.name());
        Shape shape = Shape.of(v.shape());
        if (value == null || value.length != shape.size()) {
          throw new UserException(
              "checkpoint: expected tensor '"
                  + v.name()
                  + "' with "
                  + shape.size()
                  + " values, got "
                  + (value == null ? "none" : value.length + " values")
                  + " (was it written for another optimizer?)");
        }
        TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(value, true, false));
        tensors.add(t);
        runner.feed(loadValues.get(i), t).addTarget(loadOps.get(i));
      }
      runner.run().close();
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }

  /**
   * The L2 norm of the loss's gradient for each weight tensor ({@link LeNet5#weights} order) on one
   * batch, without updating anything: for monitoring, not for the step loop.
   */
  float[] gradientNorms(float[] pixels, int[] batchLabels, int count) {
    try (TFloat32 x = imageTensor(pixels, count);
        TInt32 y = labelTensor(batchLabels, count);
        Result r =
            withDropoutSeed(session.runner())
                .feed(images, x)
                .feed(labels, y)
                .fetch(gradientNorms)
                .run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] norms = new float[(int) t.size()];
      t.copyTo(DataBuffers.of(norms, false, false));
      return norms;
    }
  }

  /** The predicted digit of each of {@code count} images in {@code pixels}. */
  int[] predict(float[] pixels, int count) {
    try (TFloat32 x = imageTensor(pixels, count);
        Result r = session.runner().feed(images, x).fetch(predictions).run()) {
      TInt32 t = (TInt32) r.get(0);
      int[] digits = new int[(int) t.size()];
      t.copyTo(DataBuffers.of(digits, false, false));
      return Arrays.copyOf(digits, count);
    }
  }

  /** The shapes of the weights, in {@link LeNet5#weights} order. */
  private List<long[]> weightShapes() {
    return net.weights().stream().map(WeightSpec::shape).toList();
  }

  /** The ops of one forward pass's logits, summed loss, mean loss and accuracy. */
  private record Scores(
      Operand<TFloat32> paddedLogits,
      Operand<TFloat32> lossSum,
      Operand<TFloat32> loss,
      Operand<TFloat32> correct) {}

  /** The ops of one step's scores and gradients, before any update. */
  private record StepOps(Scores scores, List<Operand<TFloat32>> gradients) {}

  /**
   * Builds the forward pass of {@code images} with {@code weights}, the scores against {@code
   * labels}, and the mean loss's gradient for each weight.
   */
  private static StepOps stepOps(
      Ops tf,
      Operand<TFloat32> images,
      Operand<TInt32> labels,
      List<? extends Operand<TFloat32>> weights,
      LeNet5 net,
      int groups,
      Operand<TInt64> dropoutSeed) {
    Scores scores = scores(tf, images, labels, weights, net, groups, dropoutSeed);
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    tf.gradients(scores.loss(), weights).forEach(g -> gradients.add(asFloat(g)));
    return new StepOps(scores, gradients);
  }

  /** Builds the forward pass and its scores; with a null seed, without dropout. */
  private static Scores scores(
      Ops tf,
      Operand<TFloat32> images,
      Operand<TInt32> labels,
      List<? extends Operand<TFloat32>> weights,
      LeNet5 net,
      int groups,
      Operand<TInt64> dropoutSeed) {
    Operand<TFloat32> paddedLogits = net.logits(tf, images, weights, groups, dropoutSeed);
    Ops metrics = tf.withSubScope("metrics");
    Operand<TFloat32> logits = paddedLogits;
    if (groups > 1) {
      // The images are padded to a multiple of the groups; the labels say how many are real.
      logits =
          metrics.slice(
              paddedLogits,
              metrics.constant(new int[] {0, 0}),
              metrics.stack(
                  List.of(metrics.size(labels, TInt32.class), metrics.constant(net.classes()))));
    }
    Operand<TFloat32> oneHot =
        metrics.oneHot(
            labels, metrics.constant(net.classes()), metrics.constant(1f), metrics.constant(0f));
    Operand<TFloat32> perExample = metrics.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
    Operand<TInt32> axis0 = metrics.constant(0);
    Operand<TFloat32> lossSum = metrics.withName("loss_sum").sum(perExample, axis0);
    Operand<TFloat32> loss = metrics.withName("loss").math.mean(perExample, axis0);
    Operand<TFloat32> correct =
        metrics
            .withName("correct")
            .sum(
                metrics.dtypes.cast(
                    metrics.math.equal(
                        metrics.math.argMax(logits, metrics.constant(1), TInt32.class), labels),
                    TFloat32.class),
                axis0);
    return new Scores(paddedLogits, lossSum, loss, correct);
  }

  private static Operand<TFloat32> norms(Ops tf, List<Operand<TFloat32>> gradients) {
    Operand<TInt32> flat = tf.constant(new int[] {-1});
    Operand<TInt32> axis0 = tf.constant(0);
    List<Operand<TFloat32>> norms = new ArrayList<>();
    for (Operand<TFloat32> g : gradients) {
      norms.add(tf.math.sqrt(tf.sum(tf.math.square(tf.reshape(g, flat)), axis0)));
    }
    return tf.stack(norms);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> asFloat(Operand<?> gradient) {
    return (Operand<TFloat32>) gradient;
  }

  /** The first {@code count} images of {@code pixels}, padded with blank images for the layout. */
  private TFloat32 imageTensor(float[] pixels, int count) {
    int padded = layout.paddedCount(count);
    int size = net.imagePixels();
    TFloat32 t = TFloat32.tensorOf(Shape.of(padded, net.imageHeight(), net.imageWidth(), 1));
    FloatDataBuffer data = t.asRawTensor().data().asFloats();
    data.write(pixels, 0, count * size);
    if (padded > count) {
      data.offset((long) count * size).write(new float[(padded - count) * size]);
    }
    return t;
  }

  /** The images placeholder's shape: any batch of the network's images. */
  private static Shape imageShape(LeNet5 net) {
    return Shape.of(-1, net.imageHeight(), net.imageWidth(), 1);
  }

  private static TInt32 labelTensor(int[] values, int count) {
    return TInt32.tensorOf(Shape.of(count), DataBuffers.of(values, true, false).narrow(count));
  }

  /** The network this graph trains. */
  LeNet5 net() {
    return net;
  }

  /** The graph's definition, for tests that pin the model's structure. */
  org.tensorflow.proto.GraphDef graphDef() {
    return graph.toGraphDef();
  }

  @Override
  public void close() {
    if (learningRateTensor != null) {
      learningRateTensor.close();
    }
    if (batch != null) {
      batch.close();
    }
    if (chainBatch != null) {
      chainBatch.close();
    }
    fed.ifPresent(f -> f.tensors().forEach(TFloat32::close));
    dropout.ifPresent(d -> d.value().close());
    session.close();
    graph.close();
  }
}

package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.TrustModels;
import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** The size limits of the op check, against the exports they must let through. */
class GraphLimitsTest {
  private static final String TOO_LARGE =
      ": refused: the graph is larger than an inference model needs: ";
  private static final String TRUST = "; pass --trust-model only if you trust it";

  @TempDir Path dir;

  @Test
  void exportsAreWellWithinTheLimits() throws Exception {
    Path ours = dir.resolve("ours");
    SavedModelWriter.write(LeNet5.STRICT.initialWeights(1), ModelConfig.DEFAULT, ours);
    GraphSize export = new GraphSize(47, 0, 165, 4);
    assertEquals(export, GraphSize.of(SavedModelFile.read(ours)));
    assertEquals(export, GraphSize.of(SavedModelFile.read(Path.of("saved-models/lenet5-mnist"))));
    GraphSize keras = GraphSize.of(SavedModelFile.read(TrustModels.get(TrustModels.KERAS)));
    assertEquals(new GraphSize(334, 2, 4276, 4), keras);
    // margins: the largest figure times 4 (rank: 2) still within each limit
    assertTrue(4 * keras.nodes() <= GraphLimits.MAX_NODES);
    assertTrue(4 * keras.callDepth() <= GraphLimits.MAX_CALL_DEPTH);
    assertTrue(4 * keras.constantBytes() <= GraphLimits.MAX_CONSTANT_BYTES);
    assertTrue(2 * keras.maxRank() <= GraphLimits.MAX_RANK);
  }

  @Test
  void callsDeeperThanTheLimitAreRefused() throws Exception {
    int limit = GraphLimits.MAX_CALL_DEPTH;
    SavedModelClassifier.inspect(
        CraftedModels.chainedFunctions(dir.resolve("at-limit"), limit), TrustOptions.DEFAULT);
    Path deeper = CraftedModels.chainedFunctions(dir.resolve("deeper"), limit + 1);
    assertEquals(deeper + TOO_LARGE + "function calls 9 deep (at most 8)" + TRUST, refusal(deeper));
  }

  @Test
  void tenThousandIdentitiesAreRefusedBeforeTensorFlowSeesThem() throws Exception {
    // TensorFlow ends the process with SIGSEGV on this model; inspect never loads it
    Path model = CraftedModels.identityChain(dir.resolve("chain"), 10_000);
    assertEquals(
        model + TOO_LARGE + "10,047 nodes with the function calls inlined (at most 2,000)" + TRUST,
        refusal(model));
    // trusted, the op check and its limits are skipped: the model would be loaded as it is
    SavedModelClassifier.inspect(model, new TrustOptions(true, Duration.ofSeconds(5)));
  }

  @Test
  void theLargestGraphTheLimitAllowsRuns() throws Exception {
    // 3,000 chained Identity nodes run, 5,000 crash TensorFlow: the limit stays below both
    int chain = (int) GraphLimits.MAX_NODES - 47;
    Path model = CraftedModels.identityChain(dir.resolve("chain"), chain);
    assertEquals(GraphLimits.MAX_NODES, GraphSize.of(SavedModelFile.read(model)).nodes());
    try (SavedModelClassifier classifier = SavedModelClassifier.open(model)) {
      float[] p = classifier.probabilities(new float[784], 1);
      assertEquals(10, p.length);
    }
  }

  @Test
  void functionsCountOncePerCall() {
    // f0 holds 300 nodes; f1, f2 and f3 each call the one below twice: 2,400 nodes once inlined
    GraphDef.Builder doubling = GraphDef.newBuilder().addNode(node("top", "f3"));
    FunctionDef.Builder f0 =
        FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName("f0"));
    for (int i = 0; i < 300; i++) {
      f0.addNodeDef(node("i" + i, "Identity"));
    }
    doubling.getLibraryBuilder().addFunction(f0);
    for (int k = 1; k <= 3; k++) {
      String below = "f" + (k - 1);
      doubling
          .getLibraryBuilder()
          .addFunction(
              FunctionDef.newBuilder()
                  .setSignature(OpDef.newBuilder().setName("f" + k))
                  .addNodeDef(node("a", below))
                  .addNodeDef(node("b", below)));
    }
    MetaGraphDef graph = MetaGraphDef.newBuilder().setGraphDef(doubling).build();
    assertEquals(new GraphSize(1 + 8 * 300 + 14, 4, 0, 0), GraphSize.of(graph));
    assertEquals(
        "m" + TOO_LARGE + "2,415 nodes with the function calls inlined (at most 2,000)" + TRUST,
        refusal(doubling));
  }

  private static NodeDef node(String name, String op) {
    return NodeDef.newBuilder().setName(name).setOp(op).build();
  }

  @Test
  void recursionHugeConstantsAndHighRanksAreRefused() {
    FunctionDef loop =
        FunctionDef.newBuilder()
            .setSignature(OpDef.newBuilder().setName("loop"))
            .addNodeDef(NodeDef.newBuilder().setName("again").setOp("loop"))
            .build();
    GraphDef.Builder recursive = GraphDef.newBuilder();
    recursive.getLibraryBuilder().addFunction(loop);
    assertEquals(
        "m" + TOO_LARGE + "recursive function calls (at most 8 deep)" + TRUST, refusal(recursive));

    // one stored float that TensorFlow repeats over 100,000 x 100,000: 40 GB in memory
    TensorProto fill =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(shape(100_000, 100_000))
            .addFloatVal(0)
            .build();
    GraphDef.Builder huge =
        GraphDef.newBuilder()
            .addNode(
                NodeDef.newBuilder()
                    .setName("c")
                    .setOp("Const")
                    .putAttr("value", AttrValue.newBuilder().setTensor(fill).build()));
    assertEquals(
        "m" + TOO_LARGE + "40,000,000,000 bytes of constants (at most 1,048,576)" + TRUST,
        refusal(huge));

    GraphDef.Builder rank9 =
        GraphDef.newBuilder()
            .addNode(
                NodeDef.newBuilder()
                    .setName("x")
                    .setOp("Placeholder")
                    .putAttr(
                        "shape",
                        AttrValue.newBuilder().setShape(shape(1, 1, 1, 1, 1, 1, 1, 1, 1)).build()));
    assertEquals("m" + TOO_LARGE + "a shape of rank 9 (at most 8)" + TRUST, refusal(rank9));
  }

  private static TensorShapeProto shape(long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }

  private static String refusal(Path model) {
    return assertThrows(
            UserException.class, () -> SavedModelClassifier.inspect(model, TrustOptions.DEFAULT))
        .getMessage();
  }

  private static String refusal(GraphDef.Builder graph) {
    MetaGraphDef meta = MetaGraphDef.newBuilder().setGraphDef(graph).build();
    return assertThrows(UserException.class, () -> OpAllowList.check(Path.of("m"), meta))
        .getMessage();
  }
}

package io.lenet5.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lenet5.TrustModels;
import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/** The op check on real SavedModels and on small hand-built graphs. */
class OpAllowListTest {
  @TempDir Path dir;

  @Test
  void inferenceModelsPass() throws Exception {
    Path ours = dir.resolve("ours");
    SavedModelWriter.write(LeNet5.STRICT.initialWeights(1), ModelConfig.DEFAULT, ours);
    for (Path model :
        new Path[] {
          Path.of("saved-models", "lenet5-mnist"), TrustModels.get(TrustModels.KERAS), ours
        }) {
      assertEquals(Map.of(), OpAllowList.offending(SavedModelFile.read(model)), model.toString());
    }
  }

  @Test
  void maliciousModelsAreNamedWithWhenTheirOpsRun() {
    assertEquals(
        Map.of("WriteFile", "when called"), offending(TrustModels.get(TrustModels.WRITES_FILE)));
    assertEquals(
        Map.of("WriteFile", "when loaded"),
        offending(TrustModels.get(TrustModels.INIT_WRITES_FILE)));
    assertEquals(
        Map.of("GreaterEqual", "when called", "StatelessWhile", "when called"),
        offending(TrustModels.get(TrustModels.ENDLESS_LOOP)));
  }

  @Test
  void refusalIsOneLineNamingTheOps() {
    Path model = TrustModels.get(TrustModels.WRITES_FILE);
    UserException e =
        assertThrows(
            UserException.class, () -> OpAllowList.check(model, SavedModelFile.read(model)));
    assertEquals(
        model
            + ": refused: the model uses ops outside the allow-list of inference ops: WriteFile"
            + " (when called); pass --trust-model only if you trust it, as it runs with this"
            + " program's file access",
        e.getMessage());
  }

  @Test
  void saveOpsPassOnlyWhereNothingRunsThem() {
    NodeDef save = node("save", "SaveV2", "prefix");
    NodeDef prefix = node("prefix", "Placeholder");
    NodeDef x = node("x", "Placeholder");
    NodeDef y = node("y", "Softmax", "x", "^save");
    MetaGraphDef unused = graph(GraphDef.newBuilder().addNode(x).addNode(prefix).addNode(save));
    assertEquals(Map.of(), OpAllowList.offending(withSignature(unused, "x:0")));
    MetaGraphDef called =
        graph(GraphDef.newBuilder().addNode(x).addNode(prefix).addNode(save).addNode(y));
    assertEquals(
        Map.of("SaveV2", "when called"), OpAllowList.offending(withSignature(called, "y:0")));
    MetaGraphDef restore =
        unused.toBuilder().setSaverDef(SaverDef.newBuilder().setRestoreOpName("save")).build();
    assertEquals(Map.of("SaveV2", "when loaded"), OpAllowList.offending(restore));
  }

  @Test
  void functionsAreFollowedThroughCallsAndAttributes() {
    // serving calls outer by op type; outer names inner in a while loop's body attribute; inner
    // names a bare op in another attribute, which TensorFlow would run as a one-op function.
    NodeDef loop =
        node("loop", "PartitionedCall").toBuilder()
            .putAttr("f", func("inner"))
            .putAttr(
                "g",
                AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName("outer")).build())
            .build();
    FunctionDef outer = function("outer", loop);
    FunctionDef inner =
        function(
            "inner", node("deeper", "Identity").toBuilder().putAttr("f", func("ReadFile")).build());
    GraphDef.Builder g =
        GraphDef.newBuilder().addNode(node("x", "Placeholder")).addNode(node("y", "outer", "x"));
    g.getLibraryBuilder().addFunction(outer).addFunction(inner);
    assertEquals(
        Map.of("ReadFile", "when called"), OpAllowList.offending(withSignature(graph(g), "y")));
  }

  @Test
  void hundredThousandNestedFunctionsAreWalkedWithoutRecursion() throws Exception {
    // each function calls the next: a recursive walk overflows the stack long before the end
    Path model = CraftedModels.chainedFunctions(dir.resolve("deep"), 100_000);
    assertEquals(Map.of(), OpAllowList.offending(SavedModelFile.read(model)));
  }

  @Test
  void unusedFunctionsAreChecked() {
    GraphDef.Builder g = GraphDef.newBuilder().addNode(node("x", "Placeholder"));
    g.getLibraryBuilder().addFunction(function("spare", node("w", "WriteFile")));
    assertEquals(Map.of("WriteFile", "unused"), OpAllowList.offending(graph(g)));
  }

  private static Map<String, String> offending(Path model) {
    return OpAllowList.offending(SavedModelFile.read(model));
  }

  private static NodeDef node(String name, String op, String... inputs) {
    return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).build();
  }

  private static AttrValue func(String name) {
    return AttrValue.newBuilder()
        .setList(AttrValue.ListValue.newBuilder().addFunc(NameAttrList.newBuilder().setName(name)))
        .build();
  }

  private static FunctionDef function(String name, NodeDef... nodes) {
    return FunctionDef.newBuilder()
        .setSignature(OpDef.newBuilder().setName(name))
        .addAllNodeDef(List.of(nodes))
        .build();
  }

  private static MetaGraphDef graph(GraphDef.Builder graph) {
    return MetaGraphDef.newBuilder().setGraphDef(graph).build();
  }

  private static MetaGraphDef withSignature(MetaGraphDef graph, String output) {
    return graph.toBuilder()
        .putSignatureDef(
            "serving_default",
            SignatureDef.newBuilder()
                .putOutputs("output_0", TensorInfo.newBuilder().setName(output).build())
                .build())
        .build();
  }
}

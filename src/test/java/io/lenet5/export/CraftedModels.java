package io.lenet5.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * SavedModels crafted from the bundled one by editing its graph with the proto classes: each keeps
 * the classifier's signature and allowed ops, so only the checks that come after the op list can
 * stop it.
 */
public final class CraftedModels {
  private static final Path BUNDLED = Path.of("saved-models", "lenet5-mnist");
  private static final String OUTPUT = "output_0";

  private CraftedModels() {}

  /**
   * The bundled model whose output also waits for a call of function {@code f0}, which calls {@code
   * f1}, and so on to {@code f<count - 1>}: calls nested {@code count} deep.
   */
  public static Path chainedFunctions(Path dir, int count) throws IOException {
    return write(
        dir,
        graph -> {
          GraphDef.Builder g = graph.getGraphDef().toBuilder();
          for (int i = 0; i < count; i++) {
            String next = i + 1 < count ? "f" + (i + 1) : "NoOp";
            g.getLibraryBuilder()
                .addFunction(
                    FunctionDef.newBuilder()
                        .setSignature(OpDef.newBuilder().setName("f" + i))
                        .addNodeDef(NodeDef.newBuilder().setName("call").setOp(next)));
          }
          g.addNode(NodeDef.newBuilder().setName("deep").setOp("f0"));
          NodeDef output = node(g, OUTPUT);
          g.setNode(g.getNodeList().indexOf(output), output.toBuilder().addInput("^deep"));
          return graph.toBuilder().setGraphDef(g).build();
        });
  }

  /** The bundled model with {@code count} Identity nodes chained between its softmax and output. */
  public static Path identityChain(Path dir, int count) throws IOException {
    return write(
        dir,
        graph -> {
          GraphDef.Builder g = graph.getGraphDef().toBuilder();
          NodeDef softmax = node(g, OUTPUT);
          g.setNode(g.getNodeList().indexOf(softmax), softmax.toBuilder().setName("softmax"));
          AttrValue floats = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
          String previous = "softmax";
          for (int i = 0; i < count; i++) {
            String name = i + 1 < count ? "chain/" + i : OUTPUT;
            g.addNode(
                NodeDef.newBuilder()
                    .setName(name)
                    .setOp("Identity")
                    .addInput(previous)
                    .putAttr("T", floats));
            previous = name;
          }
          return graph.toBuilder().setGraphDef(g).build();
        });
  }

  /**
   * The bundled model plus an int32 tensor, {@code as_int:0} (the softmax cast to integers), with
   * its signatures' output naming {@code tensor} while still declaring float32 [-1, 10].
   */
  public static Path outputNamed(Path dir, String tensor) throws IOException {
    return write(
        dir,
        graph -> {
          GraphDef.Builder g = graph.getGraphDef().toBuilder();
          g.addNode(
              NodeDef.newBuilder()
                  .setName("as_int")
                  .setOp("Cast")
                  .addInput(OUTPUT)
                  .putAttr("SrcT", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                  .putAttr("DstT", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                  .putAttr("Truncate", AttrValue.newBuilder().setB(false).build()));
          MetaGraphDef.Builder b = graph.toBuilder().setGraphDef(g);
          for (String key : graph.getSignatureDefMap().keySet()) {
            SignatureDef s = graph.getSignatureDefMap().get(key);
            TensorInfo out = s.getOutputsMap().get(OUTPUT);
            if (out != null) {
              b.putSignatureDef(
                  key,
                  s.toBuilder()
                      .putOutputs(OUTPUT, out.toBuilder().setName(tensor).build())
                      .build());
            }
          }
          return b.build();
        });
  }

  private static NodeDef node(GraphDef.Builder g, String name) {
    return g.getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The bundled model's folder, its variables copied, with its serve graph edited by {@code edit}.
   */
  private static Path write(Path dir, UnaryOperator<MetaGraphDef> edit) throws IOException {
    SavedModel bundled =
        SavedModel.parseFrom(Files.readAllBytes(BUNDLED.resolve(SavedModelFile.PB)));
    SavedModel crafted =
        bundled.toBuilder().setMetaGraphs(0, edit.apply(bundled.getMetaGraphs(0))).build();
    Files.createDirectories(dir.resolve("variables"));
    Files.write(dir.resolve(SavedModelFile.PB), crafted.toByteArray());
    try (var files = Files.list(BUNDLED.resolve("variables"))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve("variables").resolve(f.getFileName()));
      }
    }
    return dir;
  }
}

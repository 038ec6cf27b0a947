package io.lenet5.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import io.lenet5.UserException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * The parts of a SavedModel folder that can be checked in Java before TensorFlow loads it: the
 * graph that the {@code serve} tag selects, and the presence of the variables it restores.
 */
final class SavedModelFile {
  static final String PB = "saved_model.pb";
  static final String PBTXT = "saved_model.pbtxt";

  /** The signature key under which TensorFlow's loader finds the init op; it is no function. */
  static final String INIT_SIGNATURE = "__saved_model_init_op";

  /** The checkpoint index that the restore op reads; its data files lie beside it. */
  static final String VARIABLES_INDEX = "variables/variables.index";

  /** Op types that hold a variable, which the loader must restore from {@code variables/}. */
  private static final Set<String> VARIABLE_OPS = Set.of("VarHandleOp", "VariableV2", "Variable");

  private SavedModelFile() {}

  /**
   * Reads the MetaGraphDef tagged {@code serve} from {@code dir}, checking that the variables it
   * needs are present.
   *
   * @throws UserException if {@code dir} is not a SavedModel folder, its graph file cannot be read
   *     or parsed, it has no graph tagged {@code serve}, or its variables are missing
   */
  static MetaGraphDef read(Path dir) {
    if (!Files.isDirectory(dir)) {
      String found = Files.exists(dir) ? "a file" : "nothing";
      throw new UserException(dir + ": expected a SavedModel folder, found " + found);
    }
    Path pb = dir.resolve(PB);
    Path pbtxt = dir.resolve(PBTXT);
    boolean binary = Files.exists(pb);
    if (!binary && !Files.exists(pbtxt)) {
      throw new UserException(dir + ": not a SavedModel (expected " + PB + " in it)");
    }
    MetaGraphDef graph = serveGraph(binary ? pb : pbtxt, parse(binary ? pb : pbtxt, binary));
    checkVariables(dir, graph);
    return graph;
  }

  private static SavedModel parse(Path file, boolean binary) {
    if (!Files.isRegularFile(file)) {
      throw new UserException(file + ": expected a file, found a folder");
    }
    try {
      if (binary) {
        try (InputStream in = Files.newInputStream(file)) {
          return SavedModel.parseFrom(in);
        }
      }
      SavedModel.Builder model = SavedModel.newBuilder();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        TextFormat.merge(in, model);
      }
      return model.build();
    } catch (InvalidProtocolBufferException | TextFormat.ParseException e) {
      throw new UserException(
          file + ": not a SavedModel graph (" + firstLine(e.getMessage()) + ")", e);
    } catch (IOException e) {
      throw new UserException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The graph TensorFlow's loader picks: the one whose tags are exactly {@code serve}. */
  private static MetaGraphDef serveGraph(Path file, SavedModel model) {
    Set<String> wanted = Set.of(SavedModelBundle.DEFAULT_TAG);
    for (MetaGraphDef graph : model.getMetaGraphsList()) {
      if (Set.copyOf(graph.getMetaInfoDef().getTagsList()).equals(wanted)) {
        return graph;
      }
    }
    List<List<String>> found =
        model.getMetaGraphsList().stream()
            .map(g -> List.copyOf(g.getMetaInfoDef().getTagsList()))
            .toList();
    throw new UserException(
        "%s: expected a graph tagged [%s], found tags %s"
            .formatted(file, SavedModelBundle.DEFAULT_TAG, found));
  }

  /**
   * Without its checkpoint the loader skips the restore silently and the first call fails on an
   * uninitialized variable; say so up front instead.
   */
  private static void checkVariables(Path dir, MetaGraphDef graph) {
    long variables =
        graph.getGraphDef().getNodeList().stream()
            .map(NodeDef::getOp)
            .filter(VARIABLE_OPS::contains)
            .count();
    Path index = dir.resolve(VARIABLES_INDEX);
    if (variables > 0 && !Files.isRegularFile(index)) {
      throw new UserException(
          "%s: the model has %d variables but no %s; copy the whole SavedModel folder"
              .formatted(dir, variables, VARIABLES_INDEX));
    }
  }

  static String firstLine(String message) {
    String m = message == null ? "" : message.strip();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }
}

package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import io.lenet5.model.Pooling;
import io.lenet5.spec.Knobs;
import io.lenet5.spec.TrainSpec;
import io.lenet5.train.OptimizerKind;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;

/** Flags for every field of the model and training sections, validated by the records. */
class HyperparameterFlagsTest {
  private static CommandLine parse(String... args) throws Exception {
    return new DefaultParser().parse(HyperparameterFlags.addOptions(new Options()), args);
  }

  @Test
  void everyFieldHasAFlagWithHelp() {
    Options options = HyperparameterFlags.addOptions(new Options());
    for (Knobs.Field field : Knobs.fields().values()) {
      String flag = HyperparameterFlags.flag(field.name());
      assertTrue(
          options.getOption(flag).getDescription().matches("[a-z].+ \\(default .+\\)"), flag);
    }
    assertEquals(
        "learning rate (default 0.001)", options.getOption("learning-rate").getDescription());
    assertEquals("adam|sgd", options.getOption("optimizer").getArgName());
    assertEquals("N", options.getOption("batch-size").getArgName());
  }

  @Test
  void flagsOverlayTheSpec() throws Exception {
    TrainSpec spec =
        HyperparameterFlags.apply(
            TrainSpec.DEFAULT,
            parse("--optimizer", "sgd", "--momentum", "0.5", "--pooling", "max", "--epochs", "3"));
    assertEquals(OptimizerKind.SGD, spec.training().optimizer());
    assertEquals(0.5, spec.training().momentum());
    assertEquals(Pooling.MAX, spec.model().pooling());
    assertEquals(3, spec.training().epochs());
    assertEquals(TrainSpec.DEFAULT.training().learningRate(), spec.training().learningRate());
  }

  @Test
  void errorsNameTheFlag() throws Exception {
    UserException e =
        assertThrows(
            UserException.class,
            () -> HyperparameterFlags.apply(TrainSpec.DEFAULT, parse("--momentum", "1.5")));
    assertEquals("--momentum: must be in [0, 1), got 1.5", e.getMessage());
  }
}

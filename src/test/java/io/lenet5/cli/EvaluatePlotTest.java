package io.lenet5.cli;

import static io.lenet5.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lenet5.TestData;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --plot FILE} on the bundled model. */
class EvaluatePlotTest {
  @Test
  void drawsTheConfusionMatrix(@TempDir Path dir) throws Exception {
    Path plot = dir.resolve("plots").resolve("confusion.png");
    MainTest.Run r =
        run(
            "evaluate",
            "--model",
            Path.of("saved-models", "lenet5-mnist").toString(),
            "--data-dir",
            TestData.dir().toString(),
            "--plot",
            plot.toString());
    assertEquals(0, r.status(), r.err());
    assertEquals(620, ImageIO.read(plot.toFile()).getWidth());
  }
}

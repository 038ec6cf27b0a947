package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.board.EventFiles;
import io.lenet5.board.LearningCurves;
import io.lenet5.board.Scalars;
import io.lenet5.board.TrainingBoard;
import io.lenet5.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}'s TensorBoard logs and learning-curve plot, as a user runs it. */
class TrainBoardTest {
  @TempDir Path dir;

  private static List<Double> scalars(Path run, String tag) {
    return EventFiles.read(run).stream()
        .filter(e -> e.tag().equals(tag))
        .map(EventFiles.Entry::scalar)
        .toList();
  }

  private static List<Long> steps(Path run, String tag) {
    return EventFiles.read(run).stream()
        .filter(e -> e.tag().equals(tag))
        .map(EventFiles.Entry::step)
        .toList();
  }

  private static void assertMatches(
      List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> metric, List<Double> logged) {
    assertEquals(history.size(), logged.size(), "logged " + logged);
    for (int i = 0; i < history.size(); i++) {
      double expected = metric.applyAsDouble(history.get(i));
      assertEquals(expected, logged.get(i), 1e-6 * Math.max(1, Math.abs(expected)));
    }
  }

  @Test
  void logsEveryEpochAndAResumeAppendsWithoutRepeatingSteps() throws Exception {
    Path out = dir.resolve("run");
    MainTest.Run first = TestRuns.tinyTrain(out, 2);
    assertEquals(0, first.status(), first.err());
    MainTest.Run resumed = TestRuns.tinyTrain(out, 3, "--resume");
    assertEquals(0, resumed.status(), resumed.err());

    List<EpochMetrics> history =
        Json.read(out.resolve(TrainCommand.METRICS), TrainReport.class).history();
    Path trainRun = out.resolve("logs").resolve(TrainingBoard.TRAIN_RUN);
    Path validationRun = out.resolve("logs").resolve(TrainingBoard.VALIDATION_RUN);
    assertEquals(List.of(1L, 2L, 3L), steps(trainRun, Scalars.LOSS));
    assertEquals(2, EventFiles.files(trainRun).size(), "one event file per session");
    assertMatches(history, EpochMetrics::trainLoss, scalars(trainRun, Scalars.LOSS));
    assertMatches(history, EpochMetrics::trainAccuracy, scalars(trainRun, Scalars.ACCURACY));
    assertMatches(
        history, EpochMetrics::imagesPerSecond, scalars(trainRun, Scalars.IMAGES_PER_SECOND));
    assertMatches(history, EpochMetrics::valLoss, scalars(validationRun, Scalars.LOSS));
    assertMatches(history, EpochMetrics::valAccuracy, scalars(validationRun, Scalars.ACCURACY));
    assertMatches(history, m -> 0.001, scalars(trainRun, Scalars.LEARNING_RATE));

    List<EventFiles.Entry> entries = EventFiles.read(trainRun);
    for (String tag : List.of("weights/dense_2/kernel", "gradient_norm/conv2d/kernel")) {
      assertEquals(
          List.of(1L, 2L, 3L),
          entries.stream().filter(e -> e.tag().equals(tag)).map(e -> e.step()).toList(),
          tag);
    }
    List<EventFiles.Entry> images =
        EventFiles.read(validationRun).stream()
            .filter(e -> e.tag().startsWith("misclassified/"))
            .toList();
    assertFalse(images.isEmpty(), "no misclassified digits logged");
    // At the end of each session: epoch 2, then epoch 3 after the resume.
    assertEquals(
        List.of(2L, 3L), images.stream().map(EventFiles.Entry::step).distinct().sorted().toList());

    BufferedImage plot = ImageIO.read(out.resolve(LearningCurves.FILE).toFile());
    assertEquals(1280, plot.getWidth());
  }

  @Test
  void aResumeWritesTheEpochsTheLogsMiss() throws Exception {
    Path out = dir.resolve("run");
    assertEquals(0, TestRuns.tinyTrain(out, 1).status());
    Path logs = out.resolve("logs");
    AtomicFiles.deleteRecursively(logs); // as if killed after the checkpoint, before the logs
    MainTest.Run resumed = TestRuns.tinyTrain(out, 2, "--resume");
    assertEquals(0, resumed.status(), resumed.err());
    Path trainRun = logs.resolve(TrainingBoard.TRAIN_RUN);
    assertEquals(List.of(1L, 2L), steps(trainRun, Scalars.LOSS));
    List<EpochMetrics> history =
        Json.read(out.resolve(TrainCommand.METRICS), TrainReport.class).history();
    assertMatches(history, EpochMetrics::trainLoss, scalars(trainRun, Scalars.LOSS));
  }

  @Test
  void logsGoWhereAskedOrNowhere() {
    Path elsewhere = dir.resolve("board");
    MainTest.Run moved =
        TestRuns.tinyTrain(dir.resolve("a"), 1, "--tensorboard", elsewhere.toString());
    assertEquals(0, moved.status(), moved.err());
    assertEquals(1, EventFiles.files(elsewhere.resolve(TrainingBoard.TRAIN_RUN)).size());
    assertFalse(Files.exists(dir.resolve("a").resolve("logs")));

    MainTest.Run none = TestRuns.tinyTrain(dir.resolve("b"), 1, "--no-tensorboard");
    assertEquals(0, none.status(), none.err());
    assertFalse(Files.exists(dir.resolve("b").resolve("logs")));
    assertTrue(Files.exists(dir.resolve("b").resolve(LearningCurves.FILE)));

    MainTest.Run both =
        TestRuns.tinyTrain(dir.resolve("c"), 1, "--no-tensorboard", "--tensorboard", "x");
    assertEquals(2, both.status());
    assertEquals(
        "error: --tensorboard: expected either --tensorboard DIR or --no-tensorboard, received"
            + " both\n",
        both.err());
    assertFalse(Files.exists(dir.resolve("c")));
  }
}

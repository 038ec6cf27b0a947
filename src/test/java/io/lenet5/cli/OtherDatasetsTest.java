package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.Json;
import io.lenet5.SyntheticImages;
import io.lenet5.TestData;
import io.lenet5.data.Dataset;
import io.lenet5.data.KnownDataset;
import io.lenet5.export.ModelExporter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data sets other than MNIST end to end through the jar's commands: a 26-class IDX folder of 20x20
 * images and a folder of PNGs with three named classes train, export, evaluate and predict with
 * their own class count, size and names.
 */
class OtherDatasetsTest {
  private static final List<String> ANIMALS = List.of("cat", "dog", "emu");

  @TempDir static Path dir;
  private static Path idx;
  private static Path idxModel;
  private static Path folder;
  private static Path folderModel;

  @BeforeAll
  static void trainBoth() throws Exception {
    idx = dir.resolve("letters");
    SyntheticImages.writeIdx(
        idx,
        TestData.TRAIN_IMAGES,
        TestData.TRAIN_LABELS,
        SyntheticImages.of(3000, 20, 20, 26, 1),
        false,
        0);
    SyntheticImages.writeIdx(
        idx,
        TestData.TEST_IMAGES,
        TestData.TEST_LABELS,
        SyntheticImages.of(520, 20, 20, 26, 2),
        false,
        0);
    idxModel = trainAndExport("idx", "--data-dir", idx.toString(), "--skip-verify");

    folder = dir.resolve("animals");
    SyntheticImages.writeFolder(folder, "train", SyntheticImages.of(600, 28, 28, 3, 3), ANIMALS);
    SyntheticImages.writeFolder(folder, "test", SyntheticImages.of(90, 28, 28, 3, 4), ANIMALS);
    folderModel =
        trainAndExport("folder", "--data-dir", folder.toString(), "--data-format", "folder");
  }

  private static Path trainAndExport(String name, String... data) throws Exception {
    Path run = dir.resolve(name + "-run");
    Path spec =
        Files.writeString(
            dir.resolve(name + "-spec.json"),
            "{\"specVersion\": 1, \"seed\": 3, \"data\": {\"validationSize\": 100},"
                + " \"training\": {\"epochs\": 2, \"batchSize\": 32, \"learningRate\": 0.003}}");
    List<String> args =
        new ArrayList<>(
            List.of(
                "train", "--spec", spec.toString(), "--device", "cpu", "--out", run.toString()));
    args.addAll(List.of(data));
    MainTest.Run train = MainTest.run(args.toArray(String[]::new));
    assertEquals(0, train.status(), train.err());
    Path model = dir.resolve(name + "-model");
    MainTest.Run export =
        MainTest.run(
            "export",
            "--checkpoint",
            run.resolve("checkpoint.ckpt").toString(),
            "--out",
            model.toString());
    assertEquals(0, export.status(), export.err());
    return model;
  }

  @Test
  void twentySixClassesGoThroughEveryCommand() throws Exception {
    JsonNode metadata =
        Json.MAPPER.readTree(idxModel.resolve(ModelExporter.METADATA_FILE).toFile());
    assertEquals(26, metadata.get("model").get("classes").asInt());
    assertEquals(20, metadata.get("model").get("imageHeight").asInt());
    assertEquals("idx", metadata.get("dataset").asText());
    assertEquals(
        KnownDataset.numbers(26), Json.MAPPER.convertValue(metadata.get("classNames"), List.class));
    assertEquals("[-1,20,20,1]", metadata.get("input").get("shape").toString());
    assertEquals("[-1,26]", metadata.get("output").get("shape").toString());

    Path npy = dir.resolve("letters.npy");
    MainTest.Run evaluate =
        MainTest.run(
            "evaluate",
            "--model",
            idxModel.toString(),
            "--data-dir",
            idx.toString(),
            "--skip-verify",
            "--json",
            "--predictions-out",
            npy.toString());
    assertEquals(0, evaluate.status(), evaluate.err());
    JsonNode report = Json.MAPPER.readTree(evaluate.out());
    assertEquals(520, report.get("images").asInt());
    assertEquals(26, report.get("confusionMatrix").size());
    assertEquals(26, report.get("confusionMatrix").get(0).size());
    assertEquals(26, report.get("perClassAccuracy").size());
    assertTrue(report.get("accuracy").asDouble() > 0.9, evaluate.out());
    assertEquals(128 + 520 * 26 * 4, Files.size(npy), "a 520 x 26 float32 .npy");
    String text =
        MainTest.run(
                "evaluate",
                "--model",
                idxModel.toString(),
                "--data-dir",
                idx.toString(),
                "--skip-verify")
            .out();
    assertTrue(text.contains("confusion matrix: 26x26, in --json and --plot"), text);
  }

  @Test
  void aModelIsRefusedOnDataOfAnotherShape() {
    MainTest.Run r =
        MainTest.run(
            "evaluate", "--model", idxModel.toString(), "--data-dir", TestData.dir().toString());
    assertEquals(2, r.status());
    assertEquals(
        "error: "
            + idxModel
            + ": the model takes 20x20 images of 26 classes, the test set of mnist has 28x28, 10"
            + " classes\n",
        r.err());
  }

  @Test
  void aFolderOfImagesGoesEndToEndWithItsClassNames() throws Exception {
    MainTest.Run evaluate =
        MainTest.run(
            "evaluate",
            "--model",
            folderModel.toString(),
            "--data-dir",
            folder.toString(),
            "--data-format",
            "folder");
    assertEquals(0, evaluate.status(), evaluate.err());
    assertTrue(evaluate.out().contains("per class:  cat "), evaluate.out());
    assertTrue(evaluate.out().contains("  emu "), evaluate.out());

    // A dog: its class's square, drawn as the training images have it, on a clean background.
    Dataset dogs = SyntheticImages.of(40, 28, 28, 3, 5);
    int index = 0;
    while (dogs.label(index) != 1) {
      index++;
    }
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int r = 0; r < 28; r++) {
      for (int c = 0; c < 28; c++) {
        image.getRaster().setSample(c, r, 0, dogs.pixel(index, r, c));
      }
    }
    Path png = dir.resolve("dog.png");
    ImageIO.write(image, "png", png.toFile());
    MainTest.Run predict =
        MainTest.run("predict", "--model", folderModel.toString(), png.toString());
    assertEquals(0, predict.status(), predict.err());
    assertTrue(predict.out().startsWith(png + ": dog (probability "), predict.out());
    assertTrue(!predict.out().contains("inverted"), "a folder model takes images as they are");
  }
}

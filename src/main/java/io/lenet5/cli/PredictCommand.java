package io.lenet5.cli;

import io.lenet5.UserException;
import io.lenet5.data.DataConfig;
import io.lenet5.export.DigitImage;
import io.lenet5.export.ExportMetadata;
import io.lenet5.export.SavedModelClassifier;
import io.lenet5.export.TrustOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code predict}: the class of each of a few image files, with its probability. */
final class PredictCommand extends Command {
  PredictCommand() {
    super(
        "predict",
        "classify images (PNG) with a SavedModel",
        "lenet5 predict --model DIR IMAGE.png [IMAGE.png ...]",
        "Prints the class of each image, by the name the model's metadata gives it, and its"
            + " probability. Images are square, the model's size (28x28 for MNIST) to "
            + DigitImage.MAX_SIDE
            + "x"
            + DigitImage.MAX_SIDE
            + " (larger ones are resized), gray or colour (made gray). For a model of IDX data,"
            + " light on a dark background as in MNIST: a mostly light image is taken for dark on"
            + " light and inverted. A model of a folder of images takes them as they are.");
  }

  @Override
  Options options() {
    return ModelFlags.addTo(new Options())
        .addOption(
            Flags.valued(
                "model",
                "DIR",
                "SavedModel folder (serving_default: float32 [-1,H,W,1] -> [-1,N])"));
  }

  @Override
  boolean takesArguments() {
    return true;
  }

  @Override
  int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
    if (!line.hasOption("model")) {
      throw new UserException("predict: --model DIR is required");
    }
    List<String> files = line.getArgList();
    if (files.isEmpty()) {
      throw new UserException(
          "predict: expected one or more image files after the options, got none");
    }
    TrustOptions trust = ModelFlags.of(line, err);
    Path modelDir = Path.of(line.getOptionValue("model"));
    SavedModelClassifier.Inspected inspected = SavedModelClassifier.inspect(modelDir, trust);
    int side = inspected.imageHeight();
    if (inspected.imageWidth() != side) {
      throw new UserException(
          "%s: the model takes %dx%d images; predict reads square ones only"
              .formatted(modelDir, side, inspected.imageWidth()));
    }
    ExportMetadata.Classes classes = ExportMetadata.classesOf(modelDir, inspected.classes());
    boolean invertLight = !DataConfig.FOLDER.equals(classes.dataset());
    // Every image is read before the model is loaded, so a bad file fails fast.
    List<DigitImage> images = new ArrayList<>();
    for (String file : files) {
      images.add(DigitImage.read(Path.of(file), side, invertLight));
    }
    int size = side * side;
    float[] pixels = new float[images.size() * size];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i).pixels(), 0, pixels, i * size, size);
    }
    try (SavedModelClassifier model = inspected.load()) {
      float[] probabilities = model.probabilities(pixels, images.size());
      for (int i = 0; i < images.size(); i++) {
        int best = SavedModelClassifier.best(probabilities, i, model.classes());
        DigitImage image = images.get(i);
        out.printf(
            Locale.ROOT,
            "%s: %s (probability %.4f)%s%n",
            files.get(i),
            classes.names().get(best),
            probabilities[i * model.classes() + best],
            image.inverted() ? " [inverted: dark on a light background]" : "");
      }
    }
    return 0;
  }
}

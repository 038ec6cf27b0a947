package io.lenet5.cli;

import io.lenet5.UserException;
import io.lenet5.data.Dataset;
import io.lenet5.export.DigitImage;
import io.lenet5.export.SavedModelClassifier;
import io.lenet5.export.TrustOptions;
import io.lenet5.model.LeNet5;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code predict}: the digit in each of a few image files, with its probability. */
final class PredictCommand extends Command {
  PredictCommand() {
    super(
        "predict",
        "classify digit images (PNG) with a SavedModel",
        "lenet5 predict --model DIR IMAGE.png [IMAGE.png ...]",
        "Prints the digit in each image and its probability. Images are square, 28x28 to "
            + DigitImage.MAX_SIDE
            + "x"
            + DigitImage.MAX_SIDE
            + " (larger than 28x28 are resized), gray or colour (made gray), a light digit on a"
            + " dark background as in MNIST; a mostly light image is taken for a dark digit on"
            + " light and inverted.");
  }

  @Override
  Options options() {
    return ModelFlags.addTo(new Options())
        .addOption(
            Flags.valued(
                "model",
                "DIR",
                "SavedModel folder (serving_default: float32 [-1,28,28,1] -> [-1,10])"));
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
    // Every image is read before the model is loaded, so a bad file fails fast.
    List<DigitImage> images = new ArrayList<>();
    for (String file : files) {
      images.add(DigitImage.read(Path.of(file)));
    }
    float[] pixels = new float[images.size() * Dataset.PIXELS];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i).pixels(), 0, pixels, i * Dataset.PIXELS, Dataset.PIXELS);
    }
    try (SavedModelClassifier model =
        SavedModelClassifier.open(Path.of(line.getOptionValue("model")), trust)) {
      float[] probabilities = model.probabilities(pixels, images.size());
      for (int i = 0; i < images.size(); i++) {
        int digit = SavedModelClassifier.digit(probabilities, i);
        DigitImage image = images.get(i);
        out.printf(
            Locale.ROOT,
            "%s: %d (probability %.4f)%s%n",
            files.get(i),
            digit,
            probabilities[i * LeNet5.CLASSES + digit],
            image.inverted() ? " [inverted: dark digit on light background]" : "");
      }
    }
    return 0;
  }
}

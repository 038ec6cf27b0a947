package io.lenet5.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.OutputLock;
import io.lenet5.UserException;
import io.lenet5.data.KnownDataset;
import io.lenet5.export.ExportMetadata;
import io.lenet5.export.ModelExporter;
import io.lenet5.export.Provenance;
import io.lenet5.spec.TrainSpec;
import io.lenet5.train.Checkpoint;
import io.lenet5.train.EpochMetrics;
import io.lenet5.train.LegacyCheckpoints;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code export}: turns the checkpoint of a {@code train} run into a SavedModel, a Keras archive
 * and {@code metadata.json}, taking provenance from the run's {@code spec.json} and {@code
 * metrics.json} when they lie beside the checkpoint.
 */
final class ExportCommand extends Command {
  ExportCommand() {
    super(
        "export",
        "export a train run's checkpoint as SavedModel + .keras + metadata.json",
        "lenet5 export --checkpoint FILE --out DIR",
        "Writes DIR/saved_model.pb + variables/ (SavedModel), DIR/model.keras (Keras 3) and"
            + " DIR/metadata.json (provenance).");
  }

  @Override
  Options options() {
    return new Options()
        .addOption(Flags.valued("checkpoint", "FILE", "checkpoint.ckpt written by train"))
        .addOption(Flags.valued("out", "DIR", "new or empty folder for the export"));
  }

  @Override
  int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
    for (String required : List.of("checkpoint", "out")) {
      if (!line.hasOption(required)) {
        throw new UserException("export: --" + required + " is required");
      }
    }
    Path file = Path.of(line.getOptionValue("checkpoint"));
    Path outDir = Flags.outputFolder("--out", line.getOptionValue("out"));
    // The export replaces its folder by a rename, so the lock lies beside it.
    try (OutputLock lock = OutputLock.acquireBeside(outDir, "export")) {
      AtomicFiles.removeLeftoversOf(outDir);
      return export(file, outDir, out, err);
    }
  }

  private static int export(Path file, Path outDir, PrintStream out, PrintStream err) {
    Checkpoint checkpoint = LegacyCheckpoints.read(file, err);
    TrainReport metrics = metrics(file, checkpoint, err);
    Provenance provenance = provenance(file, checkpoint, metrics);
    boolean named = metrics != null && metrics.classNames() != null;
    ExportMetadata metadata =
        ModelExporter.export(
            checkpoint.tensors(),
            checkpoint.model(),
            named ? metrics.dataset() : null,
            named ? metrics.classNames() : KnownDataset.numbers(checkpoint.model().classes()),
            provenance,
            outDir);
    Double test = metadata.provenance().testAccuracy();
    out.printf(
        Locale.ROOT,
        "exported epoch %d of %s to %s (SavedModel, %s, %s)%s%n",
        checkpoint.epoch(),
        file,
        outDir,
        ModelExporter.KERAS_FILE,
        ModelExporter.METADATA_FILE,
        test == null ? "" : String.format(Locale.ROOT, "; test accuracy %.4f", test));
    return 0;
  }

  /**
   * The run's {@code metrics.json} if it describes this checkpoint; null if absent, or if it was
   * written for another number of epochs (a resumed run stopped before its end).
   */
  private static TrainReport metrics(Path file, Checkpoint checkpoint, PrintStream err) {
    Path path = file.resolveSibling(TrainCommand.METRICS);
    if (!Files.exists(path)) {
      err.println("note: no " + path + "; the export records no test accuracy");
      return null;
    }
    TrainReport report = Json.read(path, TrainReport.class);
    if (report.history().size() != checkpoint.epoch()) {
      err.printf(
          "note: %s covers %d epochs, the checkpoint %d; the export records no test accuracy%n",
          path, report.history().size(), checkpoint.epoch());
      return null;
    }
    return report;
  }

  private static Provenance provenance(Path file, Checkpoint checkpoint, TrainReport metrics) {
    Path specFile = file.resolveSibling(TrainCommand.SPEC);
    TrainSpec spec =
        metrics != null
            ? metrics.spec()
            : Files.exists(specFile) ? Json.read(specFile, TrainSpec.class) : null;
    JsonNode specJson = spec == null ? null : Json.MAPPER.valueToTree(spec);
    // The last epoch's validation accuracy was measured on the checkpoint's weights.
    List<EpochMetrics> history = checkpoint.history();
    Double validation = history.isEmpty() ? null : history.get(history.size() - 1).valAccuracy();
    return new Provenance(
        "train run, epoch " + checkpoint.epoch(),
        specJson,
        checkpoint.seed(),
        Provenance.hyperparameters(checkpoint.model(), checkpoint.training()),
        checkpoint.epoch(),
        metrics == null ? Map.of() : metrics.dataSha256(),
        validation,
        metrics == null ? null : metrics.testAccuracy());
  }
}

package io.lenet5.tune;

import static io.lenet5.OwnedFiles.Layout.ANY;
import static io.lenet5.OwnedFiles.Layout.FILE;
import static io.lenet5.OwnedFiles.Layout.folder;

import io.lenet5.AtomicFiles;
import io.lenet5.OwnedFiles;
import io.lenet5.OwnedFiles.Layout;
import io.lenet5.UserException;
import io.lenet5.board.SearchBoard;
import io.lenet5.data.DataRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files a search writes into its folder, told apart from anything else there: a search deletes
 * or replaces only these, {@code --overwrite} refuses when the folder holds something the tool
 * never wrote, and a new search starts only in a folder that holds nothing of anyone else's.
 */
public final class TuneFiles {
  /** Where {@code best/} is rebuilt before it replaces the old one; resumable, so kept. */
  static final String BEST_STAGING = ".best.next";

  private static final Layout BEST =
      folder(
          "checkpoint\\.ckpt", FILE,
          "retrained\\.ckpt", FILE,
          "trial\\.json", FILE,
          "metrics\\.json", FILE,
          "model", ANY);

  /** Temporary files of the release before transient names, found in its killed searches. */
  private static final String LEGACY_TEMP = "\\.trial_\\d+\\.(json|ckpt)\\d+\\.tmp";

  /** Names a search writes at the top of its folder, claimed before the first is written. */
  static final List<String> NAMES =
      List.of(
          "spec.json",
          "oracle.json",
          "results.json",
          "results.csv",
          DataRecord.FILE,
          "trials",
          "checkpoints",
          "histories",
          "best",
          BEST_STAGING,
          "logs",
          "trial_curves.png",
          "hyperparameters.png");

  static final Layout LAYOUT =
      folder(
          "spec\\.json",
          FILE,
          "oracle\\.json",
          FILE,
          "results\\.json",
          FILE,
          "results\\.csv",
          FILE,
          Pattern.quote(DataRecord.FILE),
          FILE,
          "trials",
          folder("trial_\\d+\\.json", FILE, LEGACY_TEMP, FILE),
          "checkpoints",
          folder("trial_\\d+\\.ckpt", FILE, LEGACY_TEMP, FILE),
          "histories",
          folder("trial_\\d+\\.json", FILE, LEGACY_TEMP, FILE),
          "best",
          BEST,
          "\\.best\\.next",
          BEST,
          "logs",
          SearchBoard.LAYOUT,
          "trial_curves\\.png",
          FILE,
          "hyperparameters\\.png",
          FILE,
          // What the release before transient names left in a killed search.
          "\\.(spec\\.json|oracle\\.json|results\\.json|results\\.csv|trial_curves\\.png"
              + "|hyperparameters\\.png)\\d+\\.tmp",
          FILE,
          "\\.logs\\.staging",
          folder("trial_\\d+", ANY),
          "\\.best\\.old",
          BEST);

  private TuneFiles() {}

  /** The folder {@code best/} is rebuilt in. */
  public static Path bestStaging(TuneLayout layout) {
    return layout.directory().resolve(BEST_STAGING);
  }

  /** What the search owns in its folder, by the folder's manifest. */
  static OwnedFiles owned(TuneLayout layout) {
    return OwnedFiles.of(layout.directory(), LAYOUT);
  }

  /**
   * Deletes the search's files for a fresh start. Unless {@code besideForeign}, refuses if anything
   * else is in the folder; either way, refuses if a search's folder holds a file of anyone else's.
   * The lock file and the manifest stay.
   */
  static void deleteOurs(OwnedFiles files, TuneLayout layout, boolean besideForeign) {
    String why =
        "a search does not write; --overwrite deletes only a search's own files, so move it away"
            + " or choose another folder";
    if (!besideForeign) {
      files
          .firstForeign()
          .ifPresent(
              path -> {
                throw new UserException(layout.directory() + ": holds " + path + ", which " + why);
              });
    }
    files.deleteOwned(why);
  }

  /**
   * Refuses a new search in a folder that holds what it did not write: anything at all, or with
   * {@code besideForeign} only what the search would replace.
   */
  static void checkFresh(OwnedFiles files, TuneLayout layout, boolean besideForeign) {
    Optional<Path> foreign =
        besideForeign ? files.firstClash(NAMES::contains) : files.firstForeign();
    foreign.ifPresent(
        path -> {
          throw new UserException(
              layout.directory()
                  + ": holds "
                  + path
                  + ", which a search did not write; "
                  + (besideForeign
                      ? "the search would replace it, so move it away or choose another folder"
                      : "start a search in a new or empty folder, or pass --allow-foreign-files"
                          + " to write beside other files"));
        });
  }

  /** Cleans what a killed run left: temporary files, staging folders, a half-swapped best/. */
  static void removeLeftovers(TuneLayout layout) {
    for (String dir : List.of("", "trials", "checkpoints", "histories", "best", BEST_STAGING)) {
      AtomicFiles.removeLeftovers(layout.directory().resolve(dir));
    }
  }
}

package io.lenet5.data;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.UserException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a run was trained on: the SHA-256 of the decompressed content of each of the data set's
 * files (or of a folder of images), kept in {@value #FILE} in the run's folder so that a resume on
 * other data is refused. The content is recorded, not the folder, so the data may move.
 *
 * @param formatVersion {@link #FORMAT}
 * @param sha256 decompressed-file name to hex SHA-256, as {@link ImageData#sha256()}
 */
public record DataRecord(int formatVersion, Map<String, String> sha256) {
  /** The file's name in a run's folder. */
  public static final String FILE = "data.json";

  /** Bumped when the file changes incompatibly; readers refuse others. */
  static final int FORMAT = 1;

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Sorts the names, so the file reads the same whatever map it came from. */
  public DataRecord {
    sha256 = Collections.unmodifiableMap(new TreeMap<>(sha256 == null ? Map.of() : sha256));
  }

  /** Writes the record of {@code data} into {@code dir}, atomically. */
  public static void write(Path dir, ImageData data) {
    AtomicFiles.writeString(dir.resolve(FILE), Json.write(new DataRecord(FORMAT, data.sha256())));
  }

  /**
   * Refuses {@code data} if it differs from the record in {@code dir}. A folder without a record,
   * written by a release that kept none, is accepted, and the record starts with this data.
   *
   * @param run the run the folder holds, as messages name it ("the search in DIR")
   * @param hint what the user may do instead, appended to the refusal
   * @throws UserException naming the first file whose content differs from the record, or a record
   *     that cannot be read
   */
  public static void requireSameOrRecord(
      Path dir, ImageData data, String run, String hint, PrintStream log) {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      log.println("no record of the data " + run + " was trained on; recording this data");
      write(dir, data);
      return;
    }
    Map<String, String> recorded = read(file).sha256();
    if (!recorded.keySet().equals(data.sha256().keySet())) {
      throw new UserException(
          "this data ("
              + String.join(", ", new TreeMap<>(data.sha256()).keySet())
              + ") differs from the data "
              + run
              + " was trained on ("
              + String.join(", ", recorded.keySet())
              + ", recorded in "
              + file
              + "); "
              + hint);
    }
    for (String name : data.sha256().keySet()) {
      String found = data.sha256().get(name);
      if (!recorded.get(name).equals(found)) {
        throw new UserException(
            data.files().get(name)
                + ": differs from the data "
                + run
                + " was trained on (sha256 "
                + abbreviated(recorded.get(name))
                + " recorded in "
                + file
                + ", "
                + abbreviated(found)
                + " found); "
                + hint);
      }
    }
  }

  private static DataRecord read(Path file) {
    DataRecord record = Json.read(file, DataRecord.class);
    if (record.formatVersion() != FORMAT) {
      throw new UserException(
          file + ": expected formatVersion " + FORMAT + ", received " + record.formatVersion());
    }
    if (record.sha256().isEmpty()
        || !record.sha256().values().stream()
            .allMatch(v -> v != null && HEX_SHA256.matcher(v).matches())) {
      throw new UserException(
          file
              + ": expected sha256 to give a 64-digit hex SHA-256 for each file of the data,"
              + " received "
              + UserException.shown(record.sha256()));
    }
    return record;
  }

  private static String abbreviated(String sha256) {
    return sha256.substring(0, 12) + "...";
  }
}

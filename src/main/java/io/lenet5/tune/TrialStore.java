package io.lenet5.tune;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.UserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A tuning run's directory: {@code oracle.json} holds the settings, written once when the run
 * starts; {@code trials/trial_NNNN.json} holds one trial each and is rewritten, atomically, on
 * every change of that trial. The trial files are the whole state: every oracle state change
 * touches exactly one of them, so no crash leaves two files out of step.
 */
public final class TrialStore {
  /** Bumped when the layout or a record changes incompatibly. */
  private static final int FORMAT_VERSION = 1;

  private static final String ORACLE_FILE = "oracle.json";
  private static final String TRIALS_DIR = "trials";
  private static final Pattern TRIAL_FILE = Pattern.compile("trial_(\\d{4,})\\.json");

  /** Null for a store that keeps nothing. */
  private final Path directory;

  private TrialStore(Path directory) {
    this.directory = directory;
  }

  /** The store in {@code directory}, which need not exist yet. */
  public static TrialStore at(Path directory) {
    return new TrialStore(Objects.requireNonNull(directory, "directory"));
  }

  /** A store that writes nothing, for an oracle run on a simulated clock. */
  static TrialStore discarding() {
    return new TrialStore(null);
  }

  /** The run's directory. */
  public Path directory() {
    return directory;
  }

  /** Whether a run was started here. */
  public boolean exists() {
    return Files.isRegularFile(directory.resolve(ORACLE_FILE));
  }

  /** The file a trial is kept in. */
  public Path trialFile(String trialId) {
    return directory.resolve(TRIALS_DIR).resolve("trial_" + trialId + ".json");
  }

  /** Starts a run here: creates the directories and writes {@code oracle.json}. */
  void create(StoredOracle oracle) {
    if (directory == null) {
      return;
    }
    Path file = directory.resolve(ORACLE_FILE);
    if (exists()) {
      throw new UserException(
          file
              + ": expected no earlier tuning run in "
              + directory
              + ", found one; resume it or choose another directory");
    }
    try {
      Files.createDirectories(directory.resolve(TRIALS_DIR));
      write(file, oracle);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /**
   * A time budget as {@code oracle.json} keeps it.
   *
   * @param startedAtMillis when the search started counting, in milliseconds since the epoch
   * @param stoppedBefore the first bracket the budget kept from opening; null while none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record BudgetRecord(long startedAtMillis, BracketId stoppedBefore) {}

  /** The time budget recorded here, or null; a store that keeps nothing has none. */
  BudgetRecord readBudget() {
    return directory == null ? null : readOracle().budget();
  }

  /** Records the time budget in {@code oracle.json}, replacing it atomically. */
  void writeBudget(BudgetRecord budget) {
    if (directory == null) {
      return;
    }
    StoredOracle stored = readOracle();
    Path file = directory.resolve(ORACLE_FILE);
    try {
      write(
          file,
          new StoredOracle(stored.formatVersion(), stored.algorithm(), stored.config(), budget));
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** The algorithm of the run here, as {@code oracle.json} names it. */
  String readAlgorithm() {
    return readOracle().algorithmName();
  }

  /** Reads the run's settings from {@code oracle.json}, which must be of this kind. */
  <T> T readConfig(Class<T> type) {
    Path file = directory.resolve(ORACLE_FILE);
    StoredOracle stored = readOracle();
    String expected = StoredOracle.algorithmOf(type);
    if (!expected.equals(stored.algorithmName())) {
      throw new UserException(
          file + ": expected a " + expected + " search, received " + stored.algorithmName());
    }
    try {
      return Json.MAPPER.treeToValue(stored.config(), type);
    } catch (JacksonException e) {
      throw new UserException(
          file + ": expected the tuning run's settings, received " + e.getOriginalMessage(), e);
    }
  }

  private StoredOracle readOracle() {
    Path file = directory.resolve(ORACLE_FILE);
    if (!exists()) {
      throw new UserException(file + ": expected a tuning run's oracle.json, found no such file");
    }
    StoredOracle stored = read(file, StoredOracle.class, "the tuning run's settings");
    if (stored.formatVersion() != FORMAT_VERSION) {
      throw new UserException(
          file
              + ": expected formatVersion "
              + FORMAT_VERSION
              + ", received "
              + stored.formatVersion());
    }
    return stored;
  }

  /** Writes one trial's file, replacing the previous version atomically. */
  void write(Trial trial) {
    if (directory == null) {
      return;
    }
    Path file = trialFile(trial.id());
    try {
      write(file, trial);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** Reads every trial, in hand-out order; the files must be numbered 0, 1, 2... without gaps. */
  List<Trial> readTrials() {
    Path trialsDir = directory.resolve(TRIALS_DIR);
    TreeMap<Integer, Path> files = new TreeMap<>();
    try (Stream<Path> listing = Files.list(trialsDir)) {
      // Leftover temporary files of an interrupted write do not match and are ignored.
      listing.forEach(
          path -> {
            Matcher m = TRIAL_FILE.matcher(path.getFileName().toString());
            if (m.matches()) {
              files.put(Integer.parseInt(m.group(1)), path);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + trialsDir, e);
    }
    List<Trial> trials = new ArrayList<>();
    for (var entry : files.entrySet()) {
      int index = trials.size();
      if (entry.getKey() != index) {
        throw new UserException(
            trialsDir
                + ": expected trial files numbered from 0 without gaps, missing "
                + trialFile(Trial.idOf(index)).getFileName());
      }
      Trial trial = read(entry.getValue(), Trial.class, "a trial record");
      if (!entry.getValue().getFileName().equals(trialFile(trial.id()).getFileName())) {
        throw new UserException(
            entry.getValue() + ": expected id " + Trial.idOf(index) + ", received " + trial.id());
      }
      trials.add(trial);
    }
    return trials;
  }

  private static void write(Path file, Object value) throws IOException {
    byte[] content = Json.write(value).getBytes(StandardCharsets.UTF_8);
    try {
      AtomicFiles.write(file, out -> out.write(content));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static <T> T read(Path file, Class<T> type, String expected) {
    try {
      return Json.MAPPER.readValue(file.toFile(), type);
    } catch (JacksonException e) {
      throw new UserException(
          file + ": expected " + expected + ", received invalid content: " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /**
   * What {@code oracle.json} holds.
   *
   * @param formatVersion the layout version, {@link #FORMAT_VERSION}
   * @param algorithm the search algorithm; left out for Hyperband, the default
   * @param config the run's settings, of the algorithm's own type
   * @param budget a time budget's start and decision; left out for a search without one
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StoredOracle(int formatVersion, String algorithm, JsonNode config, BudgetRecord budget) {
    private static final String HYPERBAND = "hyperband";
    private static final String RANDOM = "random";

    /** Requires the settings. */
    StoredOracle {
      Objects.requireNonNull(config, "config");
    }

    static StoredOracle of(HyperbandConfig config) {
      return new StoredOracle(FORMAT_VERSION, null, Json.MAPPER.valueToTree(config), null);
    }

    static StoredOracle of(RandomSearchConfig config) {
      return new StoredOracle(FORMAT_VERSION, RANDOM, Json.MAPPER.valueToTree(config), null);
    }

    String algorithmName() {
      return algorithm == null ? HYPERBAND : algorithm;
    }

    static String algorithmOf(Class<?> configType) {
      return configType == RandomSearchConfig.class ? RANDOM : HYPERBAND;
    }
  }
}

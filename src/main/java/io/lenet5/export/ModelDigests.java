package io.lenet5.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * SHA-256 digests of a SavedModel's files ({@code saved_model.pb} and everything under {@code
 * variables/}), which {@code metadata.json} records: a folder whose files were replaced, such as
 * another model's {@code variables/} copied in, no longer matches the accuracy its metadata states.
 */
public final class ModelDigests {
  /**
   * Where {@code metadata.json} keeps the digests: {@link
   * ExportMetadata.Layout#savedModelSha256()}.
   */
  static final String POINTER = "/files/savedModelSha256";

  private ModelDigests() {}

  /**
   * The digest of each file of the SavedModel in {@code dir}, by its path relative to {@code dir}
   * with {@code /} separators, in name order.
   *
   * @throws UncheckedIOException if a file cannot be read
   */
  static SortedMap<String, String> of(Path dir) {
    SortedMap<String, String> digests = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    for (String graph : List.of(SavedModelFile.PB, SavedModelFile.PBTXT)) {
      if (Files.isRegularFile(dir.resolve(graph))) {
        files.add(dir.resolve(graph));
      }
    }
    try {
      Path variables = dir.resolve("variables");
      if (Files.isDirectory(variables)) {
        try (Stream<Path> walk = Files.walk(variables)) {
          walk.filter(Files::isRegularFile).forEach(files::add);
        }
      }
      for (Path file : files) {
        digests.put(relative(dir, file), sha256(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return digests;
  }

  /**
   * The one-line warning for a model in {@code dir} whose files differ from the digests its {@code
   * metadata.json} records; empty without {@code metadata.json} or without digests in it (exports
   * older than the digests).
   */
  public static Optional<String> warning(Path dir) {
    Path metadata = dir.resolve(ModelExporter.METADATA_FILE);
    if (!Files.isRegularFile(metadata)) {
      return Optional.empty();
    }
    JsonNode recorded;
    try {
      recorded = Json.MAPPER.readTree(metadata.toFile()).at(POINTER);
    } catch (IOException e) {
      return Optional.of(
          "warning: %s: cannot compare the model's files with it: %s"
              .formatted(metadata, SavedModelFile.firstLine(e.getMessage())));
    }
    if (recorded.isMissingNode()) {
      return Optional.empty();
    }
    Map<String, String> actual;
    try {
      actual = of(dir);
    } catch (UncheckedIOException e) {
      return Optional.of(
          "warning: %s: cannot compare the model's files with it: %s"
              .formatted(metadata, e.getCause().getMessage()));
    }
    TreeSet<String> differ = new TreeSet<>(actual.keySet());
    recorded.fieldNames().forEachRemaining(differ::add);
    differ.removeIf(name -> recorded.path(name).asText().equals(actual.get(name)));
    if (differ.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ("warning: %s: the model's files differ from the SHA-256 digests it records (%s); the"
                + " figures it records may be another model's")
            .formatted(metadata, String.join(", ", differ)));
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace(dir.getFileSystem().getSeparator(), "/");
  }

  private static String sha256(Path file) throws IOException {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}

package io.lenet5.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.lenet5.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a spec: SHA-256 of its canonical JSON ({@link Json#canonical}). Two specs that
 * differ only in key order or formatting have the same fingerprint.
 */
public final class SpecFingerprint {
  private SpecFingerprint() {}

  /** Hex SHA-256 of {@link Json#canonical(JsonNode)} in UTF-8. */
  public static String sha256(JsonNode spec) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(Json.canonical(spec).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }
}

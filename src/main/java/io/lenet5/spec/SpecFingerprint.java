package io.lenet5.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a spec: SHA-256 of its canonical JSON, that is object keys sorted at every
 * level, no whitespace, numbers as Jackson writes them. Two specs that differ only in key order or
 * formatting have the same fingerprint.
 */
public final class SpecFingerprint {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private SpecFingerprint() {}

  /** The canonical JSON text of {@code spec}. */
  public static String canonical(JsonNode spec) {
    try {
      // Key ordering applies to maps, not to JSON trees, hence the detour through plain objects.
      return CANONICAL.writeValueAsString(CANONICAL.convertValue(spec, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Hex SHA-256 of {@link #canonical(JsonNode)} in UTF-8. */
  public static String sha256(JsonNode spec) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(canonical(spec).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }
}

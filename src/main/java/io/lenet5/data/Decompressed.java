package io.lenet5.data;

import io.lenet5.UserException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Reads the decompressed content of a file that may be gzip-compressed, hashing it with SHA-256 on
 * the way so that the digest costs no second pass. Gzip is told by the magic bytes 1f 8b, not by
 * the file name.
 */
final class Decompressed {
  private static final int BUFFER = 1 << 16;

  private Decompressed() {}

  /** Reads the decompressed content of a file from a stream that updates a SHA-256 digest. */
  @FunctionalInterface
  interface ContentReader<T> {
    T read(DigestInputStream content) throws IOException;
  }

  /**
   * Opens {@code file}, hands its decompressed content to {@code reader} and returns its result.
   *
   * @throws UserException if the file is missing, unreadable or not valid gzip
   */
  static <T> T read(Path file, ContentReader<T> reader) {
    boolean gzip = false;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      gzip = isGzip(raw);
      try (InputStream content = gzip ? new GZIPInputStream(raw, BUFFER) : raw) {
        return reader.read(new DigestInputStream(content, newSha256()));
      }
    } catch (NoSuchFileException e) {
      throw new UserException(file + ": file not found", e);
    } catch (AccessDeniedException e) {
      throw new UserException(file + ": cannot read, permission denied", e);
    } catch (IOException e) {
      String what = gzip ? "expected valid gzip data but found corrupt data" : "cannot read";
      throw new UserException(file + ": " + what + " (" + e.getMessage() + ")", e);
    }
  }

  /** Hex SHA-256 of the decompressed content of {@code file}, streamed without keeping it. */
  static String sha256(Path file) {
    return read(
        file,
        content -> {
          content.transferTo(OutputStream.nullOutputStream());
          return hex(content);
        });
  }

  /** The hex digest of everything read so far from {@code content}. */
  static String hex(DigestInputStream content) {
    return HexFormat.of().formatHex(content.getMessageDigest().digest());
  }

  private static boolean isGzip(InputStream in) throws IOException {
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    return gzip;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must provide SHA-256", e);
    }
  }
}

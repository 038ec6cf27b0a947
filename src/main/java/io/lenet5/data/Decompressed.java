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

  /** Reads the decompressed content of a file. */
  @FunctionalInterface
  interface ContentReader<T> {
    T read(Content content) throws IOException;
  }

  /**
   * The hex SHA-256 of a file's decompressed content and of the file as stored (the same for an
   * uncompressed file).
   */
  record Digests(String content, String file) {}

  /** A file's decompressed content, and its digests once read to the end. */
  static final class Content {
    private final DigestInputStream content;
    private final DigestInputStream file;
    private final InputStream buffered;

    private Content(DigestInputStream content, DigestInputStream file, InputStream buffered) {
      this.content = content;
      this.file = file;
      this.buffered = buffered;
    }

    /** The decompressed bytes. */
    InputStream stream() {
      return content;
    }

    /**
     * The digests of everything read so far, after reading the rest of the file as stored (gzip may
     * end before the file does).
     */
    Digests digests() throws IOException {
      buffered.transferTo(OutputStream.nullOutputStream());
      return new Digests(hex(content), hex(file));
    }
  }

  /**
   * Opens {@code file}, hands its decompressed content to {@code reader} and returns its result.
   *
   * @throws UserException if the file is missing, unreadable or not valid gzip
   */
  static <T> T read(Path file, ContentReader<T> reader) {
    boolean gzip = false;
    try (DigestInputStream stored = new DigestInputStream(Files.newInputStream(file), newSha256());
        InputStream raw = new BufferedInputStream(stored, BUFFER)) {
      gzip = isGzip(raw);
      try (InputStream content = gzip ? new GZIPInputStream(raw, BUFFER) : raw) {
        return reader.read(new Content(new DigestInputStream(content, newSha256()), stored, raw));
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

  /** The digests of {@code file}, streamed without keeping it. */
  static Digests sha256(Path file) {
    return read(
        file,
        content -> {
          content.stream().transferTo(OutputStream.nullOutputStream());
          return content.digests();
        });
  }

  private static String hex(DigestInputStream content) {
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

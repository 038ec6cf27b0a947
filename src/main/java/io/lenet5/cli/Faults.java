package io.lenet5.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns an input/output fault of the environment (disk full, file size limit, permissions, a file
 * where a folder belongs) into the one line {@code <path>: <cause in words>}.
 */
final class Faults {
  private Faults() {}

  /** The first I/O fault in {@code error}'s causes, or null if it has none. */
  static IOException ioCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return null;
  }

  /**
   * {@code <path>: <cause in words>} for an I/O fault; {@code context} is the message of the
   * exception that wrapped it, which names the file when the fault itself does not.
   */
  static String describe(IOException fault, String context) {
    String path = null;
    String reason = fault.getMessage();
    if (fault instanceof FileSystemException fs) {
      path = fs.getFile();
      reason = fs.getReason();
    }
    String words = words(fault, reason);
    if (path != null) {
      return path + ": " + words;
    }
    if (context != null && !context.isBlank() && !context.equals(fault.toString())) {
      // "cannot write X: No space left on device" -> "cannot write X: disk full (...)"
      String stem =
          reason != null && context.endsWith(reason)
              ? context.substring(0, context.length() - reason.length())
              : context + ": ";
      return stripTrailing(stem) + " " + words;
    }
    return words;
  }

  private static String stripTrailing(String stem) {
    String s = stem.strip();
    return s.endsWith(":") ? s : s + ":";
  }

  private static String words(IOException fault, String reason) {
    String r = reason == null ? "" : reason;
    String lower = r.toLowerCase(Locale.ROOT);
    if (lower.contains("no space left")) {
      return "disk full (" + r + ")";
    }
    if (lower.contains("file too large")) {
      return "file size limit reached, e.g. ulimit -f (" + r + ")";
    }
    if (lower.contains("quota")) {
      return "disk quota exceeded (" + r + ")";
    }
    if (lower.contains("read-only file system")) {
      return "read-only file system, cannot write";
    }
    if (fault instanceof AccessDeniedException || lower.contains("permission denied")) {
      return "permission denied";
    }
    if (fault instanceof NoSuchFileException) {
      return "not found";
    }
    if (fault instanceof FileAlreadyExistsException) {
      return "expected a folder or nothing, found a file";
    }
    if (fault instanceof NotDirectoryException || lower.contains("not a directory")) {
      return "expected a folder, found a file";
    }
    if (fault instanceof DirectoryNotEmptyException || lower.contains("is a directory")) {
      return "expected a file, found a folder";
    }
    return r.isEmpty() ? fault.getClass().getSimpleName() : r;
  }

  /** The message of an exception that wraps an I/O fault; null if there is none. */
  static String context(Throwable error, IOException fault) {
    return error == fault ? null : error.getMessage();
  }
}

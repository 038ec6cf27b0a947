package io.lenet5;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Writes files so that a reader (or a killed run) sees the old content or the new, never half. */
public final class AtomicFiles {
  /** Writes the content of one output stream. */
  @FunctionalInterface
  public interface Writer {
    /** Writes everything to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  private static final String OLD = ".old";

  private AtomicFiles() {}

  /** Writes {@code target} through a temporary file in the same directory, then renames it. */
  public static void write(Path target, Writer writer) {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      // a rename would replace an empty folder silently and fail on a full one
      throw new UserException(target + ": expected a file to write, found a folder");
    }
    Path temp = null;
    try {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
      try (FileOutputStream file = new FileOutputStream(temp.toFile());
          OutputStream out = new BufferedOutputStream(file, 1 << 16)) {
        writer.writeTo(out);
        out.flush();
        file.getChannel().force(true); // on disk before the rename makes it visible
      }
      readableByAll(temp);
      Files.move(
          temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // the move succeeded or the original error says more
        }
      }
    }
  }

  /**
   * Cleans what a killed run left in {@code dir}: temporary files of {@link #write}, staging
   * folders ({@code .NAME.tmp-*}) of folders built beside their target, and the old copy ({@code
   * .NAME.old}) of a folder {@link #replaceFolder} was swapping, which is put back when its
   * replacement never arrived. The targets themselves are intact. A missing folder is fine.
   */
  public static void removeLeftovers(Path dir) {
    removeLeftovers(dir, name -> true);
  }

  /**
   * Like {@link #removeLeftovers(Path)} for the one folder {@code target}: cleans only its staging
   * folders and its old copy beside it, leaving the rest of the parent folder alone.
   */
  public static void removeLeftoversOf(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    String prefix = "." + absolute.getFileName() + ".";
    removeLeftovers(
        absolute.getParent(), name -> name.startsWith(prefix) && !name.endsWith(".tmp"));
  }

  private static void removeLeftovers(Path dir, Predicate<String> selected) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (!name.startsWith(".") || !selected.test(name)) {
          continue;
        }
        if (name.endsWith(".tmp") && Files.isRegularFile(f)) {
          Files.deleteIfExists(f);
        } else if (name.contains(".tmp-") && Files.isDirectory(f)) {
          deleteTree(f);
        } else if (name.endsWith(OLD) && Files.isDirectory(f)) {
          Path target = f.resolveSibling(name.substring(1, name.length() - OLD.length()));
          if (Files.exists(target)) {
            deleteTree(f);
          } else {
            Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the folder {@code target} by {@code staged}, a complete folder beside it, with two
   * renames: the old folder goes to {@code .NAME.old}, the new one takes its name, the old one is
   * deleted. A kill in between leaves the old folder under {@code .NAME.old}, which {@link
   * #removeLeftovers} puts back; there is always a whole folder to find.
   */
  public static void replaceFolder(Path staged, Path target) {
    Path old = target.resolveSibling("." + target.getFileName() + OLD);
    try {
      deleteTree(old);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + target + ": " + e.getMessage(), e);
    }
  }

  /** Deletes {@code dir} and everything in it; a missing folder is fine. */
  public static void deleteRecursively(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a file or a folder with everything in it; nothing to do if it does not exist. */
  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Temp files are created owner-only; outputs are meant to be shared like any other file. */
  private static void readableByAll(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  /** Writes a UTF-8 string atomically. */
  public static void writeString(Path target, String content) {
    write(target, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
  }
}

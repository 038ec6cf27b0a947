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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Writes files so that a reader (or a killed run) sees the old content or the new, never half. */
public final class AtomicFiles {
  /** Writes the content of one output stream. */
  @FunctionalInterface
  public interface Writer {
    /** Writes everything to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Prefix of every name the tool gives to a file or folder of its own beside a user's files: the
   * lock ({@code .lenet5.lock}), the manifest and the transient names below. No person picks it.
   */
  public static final String PREFIX = ".lenet5";

  /**
   * A transient name: {@code .lenet5-tmp-PID-NAME...} for a temporary file or staging folder,
   * {@code .lenet5-old-PID-NAME} for the old copy of a folder being replaced. The process id tells
   * a leftover of a dead run from the work of a live one.
   */
  private static final Pattern TRANSIENT = Pattern.compile("\\.lenet5-(tmp|old)-(\\d+)-(.+)");

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
      temp = Files.createTempFile(dir, transientName("tmp", absolute) + ".", ".tmp");
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
   * Creates an empty staging folder beside {@code target}, under a transient name that {@link
   * #removeLeftovers} cleans once this process is gone.
   */
  public static Path stagingFolderFor(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    return Files.createTempDirectory(absolute.getParent(), transientName("tmp", absolute) + ".");
  }

  /** The transient name of this process's staging folder for {@code target}, beside it. */
  public static Path stagingPathFor(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    return absolute.resolveSibling(transientName("tmp", absolute) + ".staging");
  }

  private static String transientName(String kind, Path target) {
    return PREFIX + "-" + kind + "-" + ProcessHandle.current().pid() + "-" + target.getFileName();
  }

  /**
   * Cleans what a killed run left in {@code dir}: the tool's own transient files and folders
   * (temporary files, staging folders) of processes that are gone, and the old copy of a folder
   * {@link #replaceFolder} was swapping, which is put back when its replacement never arrived.
   * Nothing without the tool's transient names is touched. A missing folder is fine. Call it under
   * the folder's lock.
   */
  public static void removeLeftovers(Path dir) {
    removeLeftovers(dir, name -> true);
  }

  /**
   * Like {@link #removeLeftovers(Path)} for the one folder {@code target}: cleans only the
   * transient files and folders named after it, leaving the rest of the parent folder alone.
   */
  public static void removeLeftoversOf(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    String name = absolute.getFileName().toString();
    removeLeftovers(absolute.getParent(), n -> n.equals(name) || n.startsWith(name + "."));
  }

  private static void removeLeftovers(Path dir, Predicate<String> selected) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        Matcher m = TRANSIENT.matcher(f.getFileName().toString());
        if (!m.matches() || !selected.test(m.group(3)) || alive(Long.parseLong(m.group(2)))) {
          continue;
        }
        Path target = f.resolveSibling(m.group(3));
        if (m.group(1).equals("old") && Files.isDirectory(f) && !Files.exists(target)) {
          Files.move(f, target, StandardCopyOption.ATOMIC_MOVE);
        } else {
          deleteTree(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean alive(long pid) {
    return pid != ProcessHandle.current().pid()
        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Replaces the folder {@code target} by {@code staged}, a complete folder beside it, with two
   * renames: the old folder moves to a transient name, the new one takes its name, the old one is
   * deleted. A kill in between leaves the old folder under its transient name, which {@link
   * #removeLeftovers} puts back; there is always a whole folder to find.
   */
  public static void replaceFolder(Path staged, Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    Path old = absolute.resolveSibling(transientName("old", absolute));
    try {
      deleteTree(old);
      if (Files.exists(absolute)) {
        Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staged, absolute, StandardCopyOption.ATOMIC_MOVE);
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

package io.lenet5;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One writer per output folder: an exclusive operating-system lock on a small file that says who
 * holds it (pid, host, command, start time). The operating system releases the lock when the
 * process ends, however it ends, so a killed run never blocks the next one. The file itself stays;
 * it is part of the folder's layout.
 */
public final class OutputLock implements AutoCloseable {
  /** Name of the lock file inside a locked folder. */
  public static final String FILE = ".lenet5.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code folder}, creating it if needed, for {@code command}.
   *
   * @throws UserException if another process (or another run in this one) holds the folder, or the
   *     folder cannot be created or locked
   */
  public static OutputLock acquire(Path folder, String command) {
    createFolder(folder);
    return acquireFile(folder.resolve(FILE), folder, command, null);
  }

  /**
   * Locks {@code folder} as {@link #acquire} does, but while another process holds it, says so on
   * {@code log} and waits: for a folder that processes share, such as the download cache, where the
   * holder is doing the work this process needs. A holder in this JVM is still refused.
   */
  public static OutputLock acquireWaiting(Path folder, String command, PrintStream log) {
    createFolder(folder);
    return acquireFile(folder.resolve(FILE), folder, command, log);
  }

  /**
   * Locks the place of {@code target}, a folder that is replaced as a whole by a rename, through
   * the file {@code .lenet5-NAME.lock} beside it.
   */
  public static OutputLock acquireBeside(Path target, String command) {
    Path absolute = target.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + parent + ": " + e.getMessage(), e);
    }
    return acquireFile(
        parent.resolve(AtomicFiles.PREFIX + "-" + absolute.getFileName() + ".lock"),
        target,
        command,
        null);
  }

  private static void createFolder(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (FileAlreadyExistsException e) {
      throw new UserException(folder + ": expected a folder for the output, found a file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Locks {@code file}; when another process holds it, waits if {@code waitLog} is not null. */
  private static OutputLock acquireFile(
      Path file, Path shown, String command, PrintStream waitLog) {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      boolean heldHere = false;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
        heldHere = true; // lock() would throw as well: the JVM holds locks, not threads
      }
      if (lock == null && waitLog != null && !heldHere) {
        waitLog.println(shown + " is in use by " + holder(file) + "; waiting for it");
        lock = channel.lock();
      }
      if (lock == null) {
        String holder = holder(file);
        throw new UserException(
            shown + " is in use by " + holder + "; wait for it to end or choose another folder");
      }
      byte[] owner = owner(command).getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(owner), 0);
      channel.force(true);
      OutputLock result = new OutputLock(channel, lock);
      channel = null;
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    } finally {
      closeQuietly(channel);
    }
  }

  /** Who holds the lock, as its file says. */
  private static String holder(Path file) throws IOException {
    String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
    return holder.isEmpty() ? "another process" : UserException.shown(holder);
  }

  /** What the lock file says about its holder, read back into the message of a second run. */
  private static String owner(String command) {
    return "pid "
        + ProcessHandle.current().pid()
        + " on host "
        + host()
        + " (started "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + ", "
        + command
        + ")\n";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown" : env;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the lock goes with the channel; nothing else to undo
      }
    }
  }

  /** Releases the lock; the file stays for the next run to lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it as well
    }
    closeQuietly(channel);
  }
}

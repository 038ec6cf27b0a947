package io.lenet5;

import java.nio.file.Path;

/** Test helper run in a child JVM: locks a folder, says so on stdout, and waits to be killed. */
public final class LockHolder {
  private LockHolder() {}

  /** Locks {@code args[0]} for the command {@code args[1]} and sleeps. */
  public static void main(String[] args) throws InterruptedException {
    OutputLock lock = OutputLock.acquire(Path.of(args[0]), args[1]);
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(600_000);
    lock.close();
  }
}

package io.lenet5;

import java.nio.file.Path;

/** Test helper run in a child JVM: locks a folder, says so on stdout, and waits to be killed. */
public final class LockHolder {
  private LockHolder() {}

  /**
   * Locks {@code args[0]} for the command {@code args[1]} and sleeps; with a third argument {@code
   * beside}, locks the place of the folder as {@code export} does.
   */
  public static void main(String[] args) throws InterruptedException {
    Path folder = Path.of(args[0]);
    OutputLock lock =
        args.length > 2 && args[2].equals("beside")
            ? OutputLock.acquireBeside(folder, args[1])
            : OutputLock.acquire(folder, args[1]);
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(600_000);
    lock.close();
  }
}

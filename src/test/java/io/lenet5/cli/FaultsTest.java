package io.lenet5.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** I/O faults in words, naming the path. */
class FaultsTest {
  private static String describe(Exception e) {
    IOException fault = Faults.ioCause(e);
    return Faults.describe(fault, Faults.context(e, fault));
  }

  @Test
  void diskFullAndSizeLimitsAreSaidPlainly() {
    IOException full = new IOException("No space left on device");
    assertEquals(
        "cannot write /r/metrics.json: disk full (No space left on device)",
        describe(
            new UncheckedIOException("cannot write /r/metrics.json: " + full.getMessage(), full)));
    IOException big = new IOException("File too large");
    assertEquals(
        "cannot write /r/c.ckpt: file size limit reached, e.g. ulimit -f (File too large)",
        describe(new UncheckedIOException("cannot write /r/c.ckpt: File too large", big)));
    assertEquals(
        "/r/x: disk quota exceeded (Disk quota exceeded)",
        describe(new FileSystemException("/r/x", null, "Disk quota exceeded")));
  }

  @Test
  void permissionsAndKindsOfPathAreNamed() {
    assertEquals("/r: permission denied", describe(new AccessDeniedException("/r")));
    assertEquals(
        "/r: read-only file system, cannot write",
        describe(new FileSystemException("/r", null, "Read-only file system")));
    assertEquals(
        "/r/out: expected a folder, found a file",
        describe(new FileSystemException("/r/out", null, "Not a directory")));
    IOException cause = new AccessDeniedException("/r");
    RuntimeException wrapped = new RuntimeException("while saving", cause);
    assertSame(cause, Faults.ioCause(wrapped));
  }
}

package io.lenet5.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import io.lenet5.spec.TrainSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs broken down by an exception are retried; failures of the trial itself are not. */
class RetryingExecutorTest {
  private static final TrialTask TASK =
      new TrialTask(
          Trial.running(3, Map.of("learningRate", 0.01), 0, 0, 0, 1, 0, null),
          TrainSpec.DEFAULT,
          null);

  /** Answers each run with the next of its scripted outcomes or exceptions. */
  private static final class Scripted implements TrialExecutor {
    final Deque<Object> script = new ArrayDeque<>();
    int runs;

    @Override
    public TrialOutcome run(TrialTask task) throws Exception {
      runs++;
      Object next = script.removeFirst();
      if (next instanceof Exception e) {
        throw e;
      }
      return (TrialOutcome) next;
    }

    @Override
    public int defaultParallelTrials() {
      return 5;
    }
  }

  @Test
  void aBrokenDownRunIsRetriedUpToTheLimitAndSaidOnce() throws Exception {
    Scripted inner = new Scripted();
    TrialOutcome done = new TrialOutcome(new TrialResult.Completed(0.9), new byte[1], null);
    inner.script.add(new IOException("executor lost\nstack"));
    inner.script.add(done);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    RetryingExecutor retrying =
        new RetryingExecutor(inner, 2, new PrintStream(log, true, StandardCharsets.UTF_8));
    assertSame(done, retrying.run(TASK));
    assertEquals(2, inner.runs);
    assertEquals(
        "trial 0003: its run broke down (executor lost); running it again (retry 1 of 2)\n",
        log.toString(StandardCharsets.UTF_8));
    assertEquals(5, retrying.defaultParallelTrials());
  }

  @Test
  void afterTheLastRetryTheErrorStopsTheSearch() {
    Scripted inner = new Scripted();
    IOException last = new IOException("third");
    inner.script.add(new IOException("first"));
    inner.script.add(new IOException("second"));
    inner.script.add(last);
    RetryingExecutor retrying =
        new RetryingExecutor(inner, 2, new PrintStream(OutputStream.nullOutputStream()));
    assertSame(last, assertThrows(IOException.class, () -> retrying.run(TASK)));
    assertEquals(3, inner.runs);
  }

  @Test
  void aFailedTrialAndAUserMistakeAreNotRetried() throws Exception {
    Scripted inner = new Scripted();
    TrialOutcome diverged = TrialOutcome.failed("loss is NaN at epoch 1");
    inner.script.add(diverged);
    inner.script.add(new UserException("checkpoint: expected 1 epoch"));
    RetryingExecutor retrying =
        new RetryingExecutor(inner, 3, new PrintStream(OutputStream.nullOutputStream()));
    assertSame(diverged, retrying.run(TASK));
    assertThrows(UserException.class, () -> retrying.run(TASK));
    assertEquals(2, inner.runs);
    assertTrue(inner.script.isEmpty());
  }
}

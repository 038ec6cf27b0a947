package io.lenet5.spark;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lenet5.spec.TrainSpec;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialHistory;
import io.lenet5.tune.TrialOutcome;
import io.lenet5.tune.TrialResult;
import io.lenet5.tune.TrialTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Trial tasks and outcomes as bytes, the form they travel in between the driver and Spark's
 * executors: the records as JSON, checkpoints as they are, each block length-prefixed. Nothing of
 * the search needs to be {@code Serializable}, and a checkpoint is not inflated by base64 (it stays
 * under Spark's task-size warning).
 */
final class TrialWire {
  /** Integers read back as Long, as the oracle samples them, so a trial compares equal. */
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();

  private static final byte COMPLETED = 'C';
  private static final byte FAILED = 'F';

  private TrialWire() {}

  /** The task as bytes. */
  static byte[] encode(TrialTask task) {
    return write(
        out -> {
          block(out, JSON.writeValueAsBytes(task.trial()));
          block(out, JSON.writeValueAsBytes(task.spec()));
          block(out, task.parentCheckpoint());
        });
  }

  /** The task {@link #encode} wrote. */
  static TrialTask decodeTask(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      Trial trial = JSON.readValue(block(in), Trial.class);
      TrainSpec spec = JSON.readValue(block(in), TrainSpec.class);
      return new TrialTask(trial, spec, block(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a trial task", e);
    }
  }

  /** The outcome as bytes. */
  static byte[] encode(TrialOutcome outcome) {
    return write(
        out -> {
          if (outcome.result() instanceof TrialResult.Completed completed) {
            out.writeByte(COMPLETED);
            out.writeDouble(completed.score());
          } else if (outcome.result() instanceof TrialResult.Failed failed) {
            out.writeByte(FAILED);
            block(out, failed.message().getBytes(StandardCharsets.UTF_8));
          }
          block(out, outcome.checkpoint());
          block(out, outcome.history() == null ? null : JSON.writeValueAsBytes(outcome.history()));
        });
  }

  /** The outcome {@link #encode(TrialOutcome)} wrote. */
  static TrialOutcome decodeOutcome(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte kind = in.readByte();
      TrialResult result =
          switch (kind) {
            case COMPLETED -> new TrialResult.Completed(in.readDouble());
            case FAILED -> new TrialResult.Failed(new String(block(in), StandardCharsets.UTF_8));
            default -> throw new IOException("unknown result kind " + kind);
          };
      byte[] checkpoint = block(in);
      byte[] history = block(in);
      return new TrialOutcome(
          result, checkpoint, history == null ? null : JSON.readValue(history, TrialHistory.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a trial outcome", e);
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a trial", e);
    }
    return bytes.toByteArray();
  }

  /** A length-prefixed block; -1 stands for null. */
  private static void block(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value == null ? -1 : value.length);
    if (value != null) {
      out.write(value);
    }
  }

  private static byte[] block(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] value = new byte[length];
    in.readFully(value);
    return value;
  }
}

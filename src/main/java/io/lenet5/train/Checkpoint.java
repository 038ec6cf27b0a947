package io.lenet5.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lenet5.AtomicFiles;
import io.lenet5.UserException;
import io.lenet5.model.ModelConfig;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a run exactly: every state tensor (weights, optimizer slots and
 * step), the model and optimizer it belongs to, and the epochs done so far.
 *
 * <p>File layout: the 8 bytes {@code LENET5CK}, a big-endian int32 header length, a UTF-8 JSON
 * header ({@link Header}), then each tensor's float32 values, little-endian, in header order, so
 * numpy reads them with {@code np.frombuffer(..., '<f4')}.
 */
public record Checkpoint(
    ModelConfig model,
    TrainingConfig training,
    long seed,
    List<EpochMetrics> history,
    Map<String, long[]> shapes,
    Map<String, float[]> tensors) {
  /** Current format version; readers refuse others. */
  public static final int FORMAT = 1;

  private static final byte[] MAGIC = "LENET5CK".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Number of epochs done. */
  public int epoch() {
    return history.size();
  }

  /** The JSON header of a checkpoint file. */
  record Header(
      int format,
      ModelConfig model,
      TrainingConfig training,
      long seed,
      List<EpochMetrics> history,
      List<TensorEntry> tensors) {}

  /** Name and shape of one stored tensor. */
  record TensorEntry(String name, long[] shape) {}

  /** Takes the state of a session after an epoch. */
  public static Checkpoint of(
      ModelConfig model, TrainingConfig training, long seed, TrainingState state) {
    TrainingSession session = state.session();
    return new Checkpoint(
        model, training, seed, state.history(), session.shapes(), session.state());
  }

  /** Writes the checkpoint atomically. */
  public void write(Path file) {
    AtomicFiles.write(file, this::writeTo);
  }

  /** The bytes {@link #write} puts in a file, for a checkpoint that travels in memory. */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writeTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private void writeTo(OutputStream out) throws IOException {
    List<TensorEntry> entries = new ArrayList<>();
    tensors.keySet().forEach(name -> entries.add(new TensorEntry(name, shapes.get(name))));
    byte[] header =
        JSON.writeValueAsBytes(new Header(FORMAT, model, training, seed, history, entries));
    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    data.writeInt(header.length);
    data.write(header);
    for (float[] values : tensors.values()) {
      writeFloats(out, values);
    }
    data.flush();
  }

  private static void writeFloats(OutputStream out, float[] values) throws IOException {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    out.write(buffer.array());
  }

  /** Reads a checkpoint; any problem with the file is a one-line {@link UserException}. */
  public static Checkpoint read(Path file) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return read(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new UserException(file + ": checkpoint not found");
    } catch (IOException e) {
      throw new UserException(file + ": cannot read checkpoint: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a checkpoint from the bytes of its file.
   *
   * @param source names the checkpoint in error messages
   */
  public static Checkpoint fromBytes(byte[] bytes, String source) {
    try {
      return read(new ByteArrayInputStream(bytes), source);
    } catch (IOException e) {
      throw new UserException(source + ": cannot read checkpoint: " + e.getMessage(), e);
    }
  }

  private static Checkpoint read(InputStream in, String file) throws IOException {
    try {
      DataInputStream data = new DataInputStream(in);
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new UserException(
            file + ": not a lenet5 checkpoint (expected the bytes LENET5CK at the start)");
      }
      int length = data.readInt();
      if (length <= 0 || length > 16 << 20) {
        throw new UserException(file + ": corrupt checkpoint header length " + length);
      }
      byte[] headerBytes = new byte[length];
      data.readFully(headerBytes);
      Header header = JSON.readValue(headerBytes, Header.class);
      if (header.format() != FORMAT) {
        throw new UserException(
            file
                + ": checkpoint format "
                + header.format()
                + " is not supported (expected "
                + FORMAT
                + ")");
      }
      Map<String, float[]> tensors = new LinkedHashMap<>();
      Map<String, long[]> shapes = new LinkedHashMap<>();
      for (TensorEntry e : header.tensors()) {
        long size = 1;
        for (long d : e.shape()) {
          size *= d;
        }
        byte[] bytes = new byte[Math.toIntExact(size * Float.BYTES)];
        data.readFully(bytes);
        float[] values = new float[(int) size];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        tensors.put(e.name(), values);
        shapes.put(e.name(), e.shape());
      }
      if (data.read() != -1) {
        throw new UserException(file + ": checkpoint has trailing bytes after its tensors");
      }
      return new Checkpoint(
          header.model(), header.training(), header.seed(), header.history(), shapes, tensors);
    } catch (EOFException e) {
      throw new UserException(file + ": checkpoint is truncated");
    }
  }
}

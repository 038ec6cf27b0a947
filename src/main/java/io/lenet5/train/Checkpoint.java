package io.lenet5.train;

import io.lenet5.AtomicFiles;
import io.lenet5.Json;
import io.lenet5.OutputLock;
import io.lenet5.UserException;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
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
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Everything needed to continue a run exactly: every state tensor (weights, optimizer slots and
 * step), the model and optimizer it belongs to, and the epochs done so far.
 *
 * <p>File layout: the 8 bytes {@code LENET5CK}, a big-endian int32 header length, a UTF-8 JSON
 * header ({@link Header}), then each tensor's float32 values, little-endian, in header order, so
 * numpy reads them with {@code np.frombuffer(..., '<f4')}; last, a big-endian CRC32C of everything
 * between the magic bytes and itself. Format 1 files, without the checksum, are read only through
 * {@link LegacyCheckpoints}, where a release before checksums may have written them.
 */
public record Checkpoint(
    ModelConfig model,
    TrainingConfig training,
    long seed,
    List<EpochMetrics> history,
    Map<String, long[]> shapes,
    Map<String, float[]> tensors) {
  /** Current format version; readers refuse others, and format 1 outside {@link #readAnyFormat}. */
  public static final int FORMAT = 2;

  /** The largest checkpoint file read: LeNet-5's state takes under a megabyte. */
  static final long MAX_FILE_BYTES = 64L << 20;

  private static final int FORMAT_WITHOUT_CHECKSUM = 1;

  private static final byte[] MAGIC = "LENET5CK".getBytes(StandardCharsets.US_ASCII);

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
    byte[] header = Json.compact(new Header(FORMAT, model, training, seed, history, entries));
    out.write(MAGIC);
    CRC32C crc = new CRC32C();
    DataOutputStream data = new DataOutputStream(new CheckedOutputStream(out, crc));
    data.writeInt(header.length);
    data.write(header);
    for (float[] values : tensors.values()) {
      writeFloats(data, values);
    }
    data.flush();
    new DataOutputStream(out).writeInt((int) crc.getValue());
  }

  private static void writeFloats(OutputStream out, float[] values) throws IOException {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    out.write(buffer.array());
  }

  /**
   * Reads a checkpoint; any problem with the file is a one-line {@link UserException}. Every size
   * in the header is checked against the bytes present and against the shapes of LeNet-5's weights
   * before anything is allocated from it, and the checksum is verified first. A format-1 file,
   * which has no checksum, is refused.
   */
  public static Checkpoint read(Path file) {
    return fromBytes(readBounded(file), file.toString());
  }

  /**
   * Reads a checkpoint from the bytes of its file, checked as {@link #read} checks a file.
   *
   * @param file names the checkpoint in error messages
   */
  public static Checkpoint fromBytes(byte[] bytes, String file) {
    Read read = parse(bytes, file);
    if (!read.checksummed()) {
      throw withoutChecksum(file);
    }
    return read.checkpoint();
  }

  /** The refusal of a format-1 file where no build before checksums can have written it. */
  static UserException withoutChecksum(String file) {
    return new UserException(
        file
            + ": expected a checkpoint with a checksum (format "
            + FORMAT
            + "), found format 1, which is read only where a build before checksums wrote it (a"
            + " folder without "
            + OutputLock.FILE
            + "); use an intact copy or start the run anew");
  }

  /** A checkpoint as read, and whether its file had a checksum (format 2) or not (format 1). */
  record Read(Checkpoint checkpoint, boolean checksummed) {}

  /**
   * Reads a checkpoint of either format, checked as {@link #read} checks it but for the checksum a
   * format-1 file does not have. Only for files that a release before checksums may have written.
   */
  static Read readAnyFormat(Path file) {
    return parse(readBounded(file), file.toString());
  }

  private static Read parse(byte[] bytes, String file) {
    if (bytes.length > MAX_FILE_BYTES) {
      throw new UserException(
          file + ": expected a checkpoint of at most " + (MAX_FILE_BYTES >> 20) + " MB");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    if (bytes.length < MAGIC.length + Integer.BYTES
        || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new UserException(
          file + ": not a lenet5 checkpoint (expected the bytes LENET5CK at the start)");
    }
    buffer.position(MAGIC.length);
    int length = buffer.getInt();
    if (length <= 0 || length > buffer.remaining()) {
      throw new UserException(
          file + ": checkpoint is corrupt or truncated (header length " + length + ")");
    }
    Header header;
    try {
      header = Json.MAPPER.readValue(bytes, buffer.position(), length, Header.class);
    } catch (IOException e) {
      throw new UserException(file + ": checkpoint is corrupt (unreadable header)", e);
    }
    buffer.position(buffer.position() + length);
    if (header == null || header.format() == FORMAT) {
      verifyChecksum(file, bytes);
      buffer.limit(bytes.length - Integer.BYTES);
    } else if (header.format() != FORMAT_WITHOUT_CHECKSUM) {
      throw new UserException(
          file
              + ": checkpoint format "
              + header.format()
              + " is not supported (expected "
              + FORMAT
              + ")");
    }
    checkHeader(file, header);
    LeNet5 net = new LeNet5(header.model());
    Map<String, float[]> tensors = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (TensorEntry e : header.tensors()) {
      long[] known = CheckpointShapes.expected(file, e, net);
      int size = Math.toIntExact(Arrays.stream(known).reduce(1, Math::multiplyExact));
      if ((long) size * Float.BYTES > buffer.remaining()) {
        throw new UserException(file + ": checkpoint is truncated (in tensor '" + e.name() + "')");
      }
      float[] values = new float[size];
      buffer.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      buffer.position(buffer.position() + size * Float.BYTES);
      if (tensors.put(e.name(), values) != null) {
        throw new UserException(file + ": checkpoint holds tensor '" + e.name() + "' twice");
      }
      shapes.put(e.name(), known);
    }
    if (buffer.hasRemaining()) {
      throw new UserException(file + ": checkpoint has trailing bytes after its tensors");
    }
    return new Read(
        new Checkpoint(
            header.model(), header.training(), header.seed(), header.history(), shapes, tensors),
        header.format() == FORMAT);
  }

  private static byte[] readBounded(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new UserException(
            file
                + ": expected a checkpoint of at most "
                + (MAX_FILE_BYTES >> 20)
                + " MB, found "
                + size
                + " bytes");
      }
      try (InputStream in = Files.newInputStream(file)) {
        return in.readNBytes((int) MAX_FILE_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new UserException(file + ": checkpoint not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static void verifyChecksum(String file, byte[] bytes) {
    int end = bytes.length - Integer.BYTES;
    if (end < MAGIC.length) {
      throw new UserException(file + ": checkpoint is truncated (no checksum)");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, MAGIC.length, end - MAGIC.length);
    int stored = ByteBuffer.wrap(bytes, end, Integer.BYTES).getInt();
    if ((int) crc.getValue() != stored) {
      throw new UserException(
          file
              + ": checkpoint is corrupt (CRC32C checksum mismatch: the file was damaged or cut"
              + " after it was written); use an intact copy or start the run anew");
    }
  }

  private static void checkHeader(String file, Header header) {
    if (header == null
        || header.model() == null
        || header.training() == null
        || header.history() == null
        || header.tensors() == null
        || header.history().contains(null)
        || header.tensors().contains(null)) {
      throw new UserException(
          file + ": checkpoint is corrupt (header lacks model, training, history or tensors)");
    }
  }
}

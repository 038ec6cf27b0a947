package io.lenet5.export;

import io.lenet5.AtomicFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Writes a float32 matrix as a NumPy {@code .npy} file (format 1.0), for {@code numpy.load}. */
public final class NpyWriter {
  private NpyWriter() {}

  /** Writes {@code rows x cols} little-endian float32 values, row-major, atomically. */
  public static void writeFloat32(Path file, float[] values, int rows, int cols) {
    if (values.length != rows * cols) {
      throw new IllegalArgumentException(
          "expected %d values for %dx%d, got %d".formatted(rows * cols, rows, cols, values.length));
    }
    String dict =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64
    // and ending in a newline, as the format asks
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer buffer =
        ByteBuffer.allocate(10 + header.length() + values.length * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer
        .put((byte) 0x93)
        .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
        .put((byte) 1)
        .put((byte) 0);
    buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    buffer.asFloatBuffer().put(values);
    AtomicFiles.write(file, out -> out.write(buffer.array()));
  }
}

package io.lenet5.board;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Writes one TensorBoard run (one folder of event files) with TensorFlow's own summary ops, run in
 * a small graph and session of its own so that no training graph changes.
 *
 * <p>Each open starts a new event file in the folder, so a resumed run appends. Not thread-safe:
 * one thread at a time per instance.
 */
public final class SummaryWriter implements AutoCloseable {
  /** Events the writer queues before it writes them; {@link #flush} writes them sooner. */
  private static final int MAX_QUEUE = 100;

  private static final int FLUSH_MILLIS = 10_000;
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final Graph graph;
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat64> scalar;
  private final Placeholder<TFloat32> values;
  private final Placeholder<TUint8> images;
  private final Placeholder<TString> serialized;
  private final Op writeScalar;
  private final Op writeHistogram;
  private final Op writeImage;
  private final Op writeRaw;
  private final Op flushOp;
  private final Op closeOp;
  private boolean closed;

  private SummaryWriter(Path directory) {
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      Operand<?> handle =
          tf.summary
              .summaryWriter(
                  org.tensorflow.op.summary.SummaryWriter.sharedName(
                      "writer_" + INSTANCES.incrementAndGet()))
              .writer();
      Op create =
          tf.summary.createSummaryFileWriter(
              handle,
              tf.constant(directory.toAbsolutePath().toString()),
              tf.constant(MAX_QUEUE),
              tf.constant(FLUSH_MILLIS),
              tf.constant(".v2"));
      step = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      scalar = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.scalar()));
      values = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      images = tf.placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, -1, -1, -1)));
      serialized = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      writeScalar = tf.summary.writeScalarSummary(handle, step, tag, scalar);
      writeHistogram = tf.summary.writeHistogramSummary(handle, step, tag, values);
      // Colour of non-finite pixels; uint8 images have none, but the op wants one per channel.
      var badColor = tf.dtypes.cast(tf.constant(new int[] {255, 0, 0, 255}), TUint8.class);
      writeImage =
          tf.summary.writeImageSummary(
              handle,
              step,
              tag,
              images,
              badColor,
              WriteImageSummary.maxImages((long) Integer.MAX_VALUE));
      writeRaw = tf.summary.writeRawProtoSummary(handle, step, serialized);
      flushOp = tf.summary.flushSummaryWriter(handle);
      closeOp = tf.summary.closeSummaryWriter(handle);
      // Summaries are small host-side writes: one thread each way and never a GPU.
      ConfigProto config =
          ConfigProto.newBuilder()
              .setIntraOpParallelismThreads(1)
              .setInterOpParallelismThreads(1)
              .putDeviceCount("GPU", 0)
              .build();
      session = new Session(graph, config);
      try {
        session.run(create); // fails when the folder cannot be written
      } catch (RuntimeException e) {
        // Graph.close waits for the graph's sessions to close: the session goes first.
        session.close();
        throw e;
      }
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Opens a writer that adds a new event file to {@code directory} (created if missing). */
  public static SummaryWriter open(Path directory) {
    return new SummaryWriter(directory);
  }

  /** Writes one scalar (TensorBoard's scalars dashboard) at {@code step}. */
  public void scalar(String name, long step, double value) {
    try (TInt64 s = TInt64.scalarOf(step);
        TString t = TString.scalarOf(name);
        TFloat64 v = TFloat64.scalarOf(value)) {
      session
          .runner()
          .feed(this.step, s)
          .feed(tag, t)
          .feed(scalar, v)
          .addTarget(writeScalar)
          .run()
          .close();
    }
  }

  /**
   * Writes the distribution of {@code data} (TensorBoard's histograms dashboard) at {@code step}.
   */
  public void histogram(String name, long step, float[] data) {
    try (TInt64 s = TInt64.scalarOf(step);
        TString t = TString.scalarOf(name);
        TFloat32 v = TFloat32.tensorOf(Shape.of(data.length), DataBuffers.of(data, true, false))) {
      session
          .runner()
          .feed(this.step, s)
          .feed(tag, t)
          .feed(values, v)
          .addTarget(writeHistogram)
          .run()
          .close();
    }
  }

  /**
   * Writes images as one PNG each under {@code name} at {@code step}.
   *
   * @param pixels {@code count * height * width * channels} bytes, row-major, 0 black to 255 white
   */
  public void images(
      String name, long step, byte[] pixels, int count, int height, int width, int channels) {
    if (pixels.length != (long) count * height * width * channels) {
      throw new IllegalArgumentException(
          "pixels: expected "
              + (long) count * height * width * channels
              + " bytes for "
              + count
              + " images of "
              + height
              + "x"
              + width
              + "x"
              + channels
              + ", received "
              + pixels.length);
    }
    try (TInt64 s = TInt64.scalarOf(step);
        TString t = TString.scalarOf(name);
        TUint8 v =
            TUint8.tensorOf(Shape.of(count, height, width, channels), DataBuffers.of(pixels))) {
      session
          .runner()
          .feed(this.step, s)
          .feed(tag, t)
          .feed(images, v)
          .addTarget(writeImage)
          .run()
          .close();
    }
  }

  /** Writes a serialized {@code tensorflow.Summary} as it is (plugin data such as HParams). */
  public void rawSummary(long step, byte[] summary) {
    try (TInt64 s = TInt64.scalarOf(step);
        TString v = TString.tensorOfBytes(NdArrays.scalarOfObject(summary))) {
      session.runner().feed(this.step, s).feed(serialized, v).addTarget(writeRaw).run().close();
    }
  }

  /** Writes the queued events to the event file. */
  public void flush() {
    session.run(flushOp);
  }

  /** Flushes and closes the event file, then frees the graph and session. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.run(closeOp);
    } finally {
      session.close();
      graph.close();
    }
  }
}

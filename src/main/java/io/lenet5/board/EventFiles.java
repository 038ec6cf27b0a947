package io.lenet5.board;

import io.lenet5.OwnedFiles.Layout;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads back the events of one TensorBoard run folder (its {@code events.out.tfevents.*} files,
 * TFRecord framed): what a resumed run has logged already, and what tests check.
 */
public final class EventFiles {
  private static final String PREFIX = "events.out.tfevents.";

  /** The names of event files, as a pattern. */
  static final String NAMES = Pattern.quote(PREFIX) + ".+";

  /** One run folder as TensorFlow's summary writer fills it: event files only. */
  public static final Layout RUN = Layout.folder(NAMES, Layout.FILE);

  private EventFiles() {}

  /** One summary value with its step. */
  public record Entry(long step, Summary.Value value) {
    /** The tag the value was written under. */
    public String tag() {
      return value.getTag();
    }

    /** The scalar it holds ({@code simple_value}, as the scalar summary op writes it). */
    public double scalar() {
      return value.getSimpleValue();
    }
  }

  /** The event files directly in {@code run}, oldest first; none when the folder is missing. */
  public static List<Path> files(Path run) {
    if (!Files.isDirectory(run)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(run)) {
      return list.filter(p -> p.getFileName().toString().startsWith(PREFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + run + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every summary value of the run, file by file. A record cut short (a writer killed mid-write)
   * ends its file's reading, as in TensorBoard.
   */
  public static List<Entry> read(Path run) {
    List<Entry> entries = new ArrayList<>();
    for (Path file : files(run)) {
      try (InputStream in = Files.newInputStream(file);
          DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
        while (true) {
          byte[] record = nextRecord(data);
          if (record == null) {
            break;
          }
          Event event = Event.parseFrom(record);
          for (Summary.Value v : event.getSummary().getValueList()) {
            entries.add(new Entry(event.getStep(), v));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  /** The largest step logged under {@code tag} in {@code run}, or 0 when none is. */
  public static long lastStep(Path run, String tag) {
    return read(run).stream()
        .filter(e -> e.tag().equals(tag))
        .mapToLong(Entry::step)
        .max()
        .orElse(0);
  }

  /** A TFRecord: little-endian length, its CRC, the data, the data's CRC (CRCs not checked). */
  private static byte[] nextRecord(DataInputStream in) throws IOException {
    byte[] header = new byte[12];
    try {
      in.readFully(header);
    } catch (EOFException end) {
      return null;
    }
    long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      return null;
    }
    byte[] record = new byte[(int) length];
    try {
      in.readFully(record);
      in.readFully(new byte[4]);
    } catch (EOFException truncated) {
      return null;
    }
    return record;
  }
}

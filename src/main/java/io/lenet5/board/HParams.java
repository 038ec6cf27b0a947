package io.lenet5.board;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The summaries of TensorBoard's HParams dashboard, as Python's {@code hparams} API writes them:
 * the experiment (hyperparameter domains and metrics) in the root run, and a session start and end
 * in each trial's run. Each is a {@code Summary.Value} whose plugin data is an {@code
 * HParamsPluginData} message (tensorboard/plugins/hparams/plugin_data.proto, version 0), encoded
 * here field by field since those protos ship with TensorBoard, not with TensorFlow Java.
 */
public final class HParams {
  /** The tag of the experiment summary in the root run. */
  public static final String EXPERIMENT_TAG = "_hparams_/experiment";

  /** The tag of a session's start in its run. */
  public static final String SESSION_START_TAG = "_hparams_/session_start_info";

  /** The tag of a session's end in its run. */
  public static final String SESSION_END_TAG = "_hparams_/session_end_info";

  private static final String PLUGIN = "hparams";

  // api.proto: DataType, DatasetType and Status values.
  private static final int DATA_TYPE_STRING = 1;
  private static final int DATA_TYPE_BOOL = 2;
  private static final int DATA_TYPE_FLOAT64 = 3;

  private HParams() {}

  /** The values one hyperparameter takes. */
  public sealed interface Domain permits Interval, Discrete {}

  /** Every real number in {@code [min, max]}. */
  public record Interval(double min, double max) implements Domain {
    /** Checks that the interval is not empty. */
    public Interval {
      if (!(min <= max)) {
        throw new IllegalArgumentException(
            "interval: expected min <= max, received [" + min + ", " + max + "]");
      }
    }
  }

  /** One of a list of values, all Numbers, all Strings or all Booleans. */
  public record Discrete(List<Object> values) implements Domain {
    /** Copies the values and checks that they share one kind. */
    public Discrete {
      if (values == null || values.isEmpty()) {
        throw new IllegalArgumentException("values: expected at least one, received none");
      }
      values = List.copyOf(values);
      int type = typeOf(values.get(0));
      for (Object v : values) {
        if (typeOf(v) != type) {
          throw new IllegalArgumentException(
              "values: expected one kind of value, received " + values);
        }
      }
    }
  }

  /** A hyperparameter of the experiment. */
  public record HParam(String name, Domain domain) {}

  /** Which data a metric is measured on. */
  public enum Dataset {
    /** Unspecified. */
    UNKNOWN,
    /** The training images. */
    TRAINING,
    /** The validation images. */
    VALIDATION
  }

  /**
   * A metric of each session: the scalar {@code tag} in the run {@code <session>/<group>}.
   *
   * @param displayName what the dashboard shows as the column title
   */
  public record Metric(String group, String tag, String displayName, Dataset dataset) {}

  /** How a session ended. */
  public enum Status {
    /** Not known. */
    UNKNOWN,
    /** Completed. */
    SUCCESS,
    /** Failed. */
    FAILURE,
    /** Still running. */
    RUNNING
  }

  /** The serialized {@code Summary} of the experiment, for the root run at step 0. */
  public static byte[] experiment(
      String description, double createdSeconds, List<HParam> hparams, List<Metric> metrics) {
    Fields experiment = new Fields().string(1, description).float64(3, createdSeconds);
    for (HParam h : hparams) {
      Fields info = new Fields().string(1, h.name());
      if (h.domain() instanceof Interval i) {
        info.enumValue(4, DATA_TYPE_FLOAT64)
            .message(6, new Fields().float64(1, i.min()).float64(2, i.max()));
      } else if (h.domain() instanceof Discrete d) {
        ListValue.Builder list = ListValue.newBuilder();
        d.values().forEach(v -> list.addValues(value(v)));
        info.enumValue(4, typeOf(d.values().get(0))).bytes(5, list.build().toByteString());
      }
      experiment.message(4, info);
    }
    for (Metric m : metrics) {
      Fields name = new Fields().string(1, m.group()).string(2, m.tag());
      experiment.message(
          5,
          new Fields()
              .message(1, name)
              .string(3, m.displayName())
              .enumValue(5, m.dataset().ordinal()));
    }
    return summary(EXPERIMENT_TAG, new Fields().message(2, experiment));
  }

  /**
   * The serialized {@code Summary} of a session's start, for the session's run at step 0.
   *
   * @param values the session's hyperparameters: Numbers, Strings or Booleans
   * @param group the session group; sessions with one group name form one row of the dashboard
   */
  public static byte[] sessionStart(
      Map<String, Object> values, String group, String modelUri, double startSeconds) {
    Fields start = new Fields();
    values.forEach(
        (name, v) ->
            start.message(1, new Fields().string(1, name).bytes(2, value(v).toByteString())));
    start.string(2, modelUri).string(4, group).float64(5, startSeconds);
    return summary(SESSION_START_TAG, new Fields().message(3, start));
  }

  /** The serialized {@code Summary} of a session's end, for the session's run at step 0. */
  public static byte[] sessionEnd(Status status, double endSeconds) {
    Fields end = new Fields().enumValue(1, status.ordinal()).float64(2, endSeconds);
    return summary(SESSION_END_TAG, new Fields().message(4, end));
  }

  private static byte[] summary(String tag, Fields pluginData) {
    SummaryMetadata metadata =
        SummaryMetadata.newBuilder()
            .setPluginData(
                SummaryMetadata.PluginData.newBuilder()
                    .setPluginName(PLUGIN)
                    .setContent(ByteString.copyFrom(pluginData.toByteArray())))
            .build();
    // The plugin reads the metadata only; the value is an empty float tensor, as in Python.
    TensorProto empty =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_FLOAT)
            .setTensorShape(
                TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(0)))
            .build();
    return Summary.newBuilder()
        .addValue(Summary.Value.newBuilder().setTag(tag).setMetadata(metadata).setTensor(empty))
        .build()
        .toByteArray();
  }

  private static Value value(Object v) {
    Value.Builder value = Value.newBuilder();
    switch (typeOf(v)) {
      case DATA_TYPE_FLOAT64 -> value.setNumberValue(((Number) v).doubleValue());
      case DATA_TYPE_STRING -> value.setStringValue((String) v);
      default -> value.setBoolValue((Boolean) v);
    }
    return value.build();
  }

  private static int typeOf(Object v) {
    if (v instanceof Number) {
      return DATA_TYPE_FLOAT64;
    }
    if (v instanceof String) {
      return DATA_TYPE_STRING;
    }
    if (v instanceof Boolean) {
      return DATA_TYPE_BOOL;
    }
    throw new IllegalArgumentException(
        "hyperparameter value: expected a number, string or boolean, received " + v);
  }

  /** A protobuf message being encoded; proto3 defaults (empty, zero) are left out. */
  private static final class Fields {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Fields string(int field, String value) {
      return value == null || value.isEmpty() ? this : write(() -> out.writeString(field, value));
    }

    Fields float64(int field, double value) {
      return value == 0 ? this : write(() -> out.writeDouble(field, value));
    }

    Fields enumValue(int field, int value) {
      return value == 0 ? this : write(() -> out.writeEnum(field, value));
    }

    Fields bytes(int field, ByteString value) {
      return write(() -> out.writeBytes(field, value));
    }

    Fields message(int field, Fields message) {
      return bytes(field, ByteString.copyFrom(message.toByteArray()));
    }

    byte[] toByteArray() {
      write(out::flush);
      return bytes.toByteArray();
    }

    private Fields write(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // into memory: does not happen
      }
      return this;
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}

package io.lenet5.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.Summary;

/** Decodes the messages by field number, as api.proto and plugin_data.proto number them. */
class HParamsTest {
  private static UnknownFieldSet pluginData(byte[] summary, String tag) throws Exception {
    Summary.Value value = Summary.parseFrom(summary).getValue(0);
    assertEquals(tag, value.getTag());
    assertEquals("hparams", value.getMetadata().getPluginData().getPluginName());
    assertEquals(0, value.getTensor().getTensorShape().getDim(0).getSize());
    return UnknownFieldSet.parseFrom(value.getMetadata().getPluginData().getContent());
  }

  private static UnknownFieldSet message(UnknownFieldSet set, int field, int index)
      throws Exception {
    return UnknownFieldSet.parseFrom(
        set.getField(field).getLengthDelimitedList().get(index).toByteArray());
  }

  private static String string(UnknownFieldSet set, int field) {
    return set.getField(field).getLengthDelimitedList().get(0).toStringUtf8();
  }

  private static double float64(UnknownFieldSet set, int field) {
    return Double.longBitsToDouble(set.getField(field).getFixed64List().get(0));
  }

  @Test
  void experimentHoldsDomainsAndMetrics() throws Exception {
    byte[] summary =
        HParams.experiment(
            "search",
            1000.5,
            List.of(
                new HParams.HParam("learning_rate", new HParams.Interval(1e-4, 1e-2)),
                new HParams.HParam("pooling", new HParams.Discrete(List.of("average", "max")))),
            List.of(
                new HParams.Metric(
                    "validation", "epoch_accuracy", "val_accuracy", HParams.Dataset.VALIDATION)));
    UnknownFieldSet experiment = message(pluginData(summary, HParams.EXPERIMENT_TAG), 2, 0);
    assertEquals("search", string(experiment, 1));
    assertEquals(1000.5, float64(experiment, 3));
    UnknownFieldSet rate = message(experiment, 4, 0);
    assertEquals("learning_rate", string(rate, 1));
    assertEquals(List.of(3L), rate.getField(4).getVarintList()); // DATA_TYPE_FLOAT64
    UnknownFieldSet interval = message(rate, 6, 0);
    assertEquals(1e-4, float64(interval, 1));
    assertEquals(1e-2, float64(interval, 2));
    UnknownFieldSet pooling = message(experiment, 4, 1);
    assertEquals(List.of(1L), pooling.getField(4).getVarintList()); // DATA_TYPE_STRING
    ListValue choices = ListValue.parseFrom(pooling.getField(5).getLengthDelimitedList().get(0));
    assertEquals("max", choices.getValues(1).getStringValue());
    UnknownFieldSet metric = message(experiment, 5, 0);
    UnknownFieldSet name = message(metric, 1, 0);
    assertEquals("validation", string(name, 1));
    assertEquals("epoch_accuracy", string(name, 2));
    assertEquals("val_accuracy", string(metric, 3));
    assertEquals(List.of(2L), metric.getField(5).getVarintList()); // DATASET_VALIDATION
  }

  @Test
  void sessionStartAndEnd() throws Exception {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("learning_rate", 0.003);
    values.put("dense_units", 84L);
    values.put("augment", true);
    UnknownFieldSet start =
        message(
            pluginData(
                HParams.sessionStart(values, "trial_0003", "checkpoints/x", 12.0),
                HParams.SESSION_START_TAG),
            3,
            0);
    UnknownFieldSet first = message(start, 1, 0);
    assertEquals("learning_rate", string(first, 1));
    assertEquals(
        0.003, Value.parseFrom(first.getField(2).getLengthDelimitedList().get(0)).getNumberValue());
    UnknownFieldSet third = message(start, 1, 2);
    ByteString flag = third.getField(2).getLengthDelimitedList().get(0);
    assertEquals(true, Value.parseFrom(flag).getBoolValue());
    assertEquals("checkpoints/x", string(start, 2));
    assertEquals("trial_0003", string(start, 4));
    assertEquals(12.0, float64(start, 5));

    UnknownFieldSet end =
        message(
            pluginData(HParams.sessionEnd(HParams.Status.FAILURE, 20.0), HParams.SESSION_END_TAG),
            4,
            0);
    assertEquals(List.of(2L), end.getField(1).getVarintList()); // STATUS_FAILURE
    assertEquals(20.0, float64(end, 2));
  }

  @Test
  void mixedOrEmptyDomainsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new HParams.Discrete(List.of("relu", 1L)));
    assertThrows(IllegalArgumentException.class, () -> new HParams.Discrete(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new HParams.Interval(2, 1));
  }
}

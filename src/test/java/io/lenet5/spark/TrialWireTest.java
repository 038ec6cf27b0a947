package io.lenet5.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.lenet5.Json;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.EpochMetrics;
import io.lenet5.tune.Trial;
import io.lenet5.tune.TrialHistory;
import io.lenet5.tune.TrialOutcome;
import io.lenet5.tune.TrialResult;
import io.lenet5.tune.TrialTask;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tasks and outcomes come back from their bytes equal, to the last bit of every double. */
class TrialWireTest {
  private static final TuneSpec SPEC =
      Json.read(Path.of("tuning-specs/lenet5-hyperband.json"), TuneSpec.class);

  private static Trial trial(String parentId) throws Exception {
    Map<String, Object> hyperparameters = new LinkedHashMap<>();
    hyperparameters.put("learningRate", 0.0012345678901234567);
    hyperparameters.put("batchSize", 64L);
    hyperparameters.put("pooling", "max");
    String json =
        """
        {"id": "0012", "hyperparameters": %s, "iteration": 0, "bracket": 2, "round": %d,
         "epochs": 9, "initialEpoch": %d, "parentId": %s, "status": "RUNNING",
         "score": null, "message": null}
        """
            .formatted(
                Json.MAPPER.writeValueAsString(hyperparameters),
                parentId == null ? 0 : 1,
                parentId == null ? 0 : 3,
                parentId == null ? "null" : "\"" + parentId + "\"");
    return Json.MAPPER
        .copy()
        .enable(DeserializationFeature.USE_LONG_FOR_INTS)
        .readValue(json, Trial.class);
  }

  @Test
  void aTaskWithItsParentsCheckpointRoundTrips() throws Exception {
    Trial trial = trial("0003");
    byte[] parent = new byte[740_000];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = (byte) (i * 31);
    }
    TrialTask task =
        new TrialTask(trial, SPEC.trialSpec(trial.hyperparameters(), trial.epochs()), parent);
    byte[] bytes = TrialWire.encode(task);
    TrialTask back = TrialWire.decodeTask(bytes);
    assertEquals(task.trial(), back.trial());
    assertEquals(task.spec(), back.spec());
    assertArrayEquals(parent, back.parentCheckpoint());
    assertEquals(Long.class, back.trial().hyperparameters().get("batchSize").getClass());
    // Under Spark's 1 MiB task-size warning with a LeNet-5 checkpoint inside.
    assertTrue(bytes.length < 1 << 20, bytes.length + " bytes");
  }

  @Test
  void aNewTrialHasNoParent() throws Exception {
    Trial trial = trial(null);
    TrialTask task =
        new TrialTask(trial, SPEC.trialSpec(trial.hyperparameters(), trial.epochs()), null);
    assertNull(TrialWire.decodeTask(TrialWire.encode(task)).parentCheckpoint());
  }

  @Test
  void outcomesRoundTripCompletedOrFailed() throws Exception {
    Trial trial = trial(null);
    EpochMetrics epoch = new EpochMetrics(1, 0.1 / 3, 0.97, Math.PI / 10, 0.98, 1234.5, 2.25, 2.5);
    TrialHistory history =
        new TrialHistory(
            trial.id(),
            null,
            SPEC.trialSpec(trial.hyperparameters(), 1),
            List.of(epoch),
            2.5,
            "checkpoints/trial_0012.ckpt",
            "cpu",
            321);
    TrialOutcome completed =
        new TrialOutcome(new TrialResult.Completed(0.1 + 0.2), new byte[] {1, 2, 3}, history);
    TrialOutcome back = TrialWire.decodeOutcome(TrialWire.encode(completed));
    assertEquals(completed.result(), back.result());
    assertArrayEquals(completed.checkpoint(), back.checkpoint());
    assertEquals(history, back.history());

    TrialOutcome failed = TrialOutcome.failed("loss is NaN at epoch 2; try a lower learningRate");
    TrialOutcome failedBack = TrialWire.decodeOutcome(TrialWire.encode(failed));
    assertEquals(failed.result(), failedBack.result());
    assertNull(failedBack.checkpoint());
    assertNull(failedBack.history());
  }
}

package io.lenet5.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Summary;

class SummaryWriterTest {
  @TempDir Path dir;

  @Test
  void scalarsHistogramsImagesAndRawSummariesReadBack() {
    Path run = dir.resolve("train");
    try (SummaryWriter writer = SummaryWriter.open(run)) {
      writer.scalar("epoch_loss", 1, 0.25);
      writer.scalar("epoch_loss", 2, 0.125);
      writer.histogram("weights/dense/kernel", 2, new float[] {-1f, 0f, 0.5f, 3f});
      byte[] pixels = new byte[2 * 3 * 4];
      pixels[5] = (byte) 200;
      writer.images("digits", 2, pixels, 2, 3, 4, 1);
      byte[] raw =
          Summary.newBuilder()
              .addValue(Summary.Value.newBuilder().setTag("raw").setSimpleValue(7f))
              .build()
              .toByteArray();
      writer.rawSummary(0, raw);
    }
    List<EventFiles.Entry> entries = EventFiles.read(run);
    List<EventFiles.Entry> losses =
        entries.stream().filter(e -> e.tag().equals("epoch_loss")).toList();
    assertEquals(2, losses.size());
    assertEquals(1, losses.get(0).step());
    assertEquals(0.25, losses.get(0).scalar(), 1e-7);
    assertEquals(0.125, losses.get(1).scalar(), 1e-7);
    EventFiles.Entry histogram =
        entries.stream().filter(e -> e.tag().equals("weights/dense/kernel")).findFirst().get();
    assertTrue(histogram.value().hasTensor() || histogram.value().hasHisto(), "no histogram data");
    EventFiles.Entry image =
        entries.stream().filter(e -> e.tag().startsWith("digits")).findFirst().get();
    assertEquals(2, image.step());
    EventFiles.Entry rawEntry =
        entries.stream().filter(e -> e.tag().equals("raw")).findFirst().get();
    assertEquals(7.0, rawEntry.scalar(), 0);
    assertEquals(2, EventFiles.lastStep(run, "epoch_loss"));
    assertEquals(0, EventFiles.lastStep(run, "missing"));
  }

  @Test
  void reopeningAppendsANewEventFile() {
    Path run = dir.resolve("run");
    try (SummaryWriter writer = SummaryWriter.open(run)) {
      writer.scalar("x", 1, 1);
    }
    try (SummaryWriter writer = SummaryWriter.open(run)) {
      writer.scalar("x", 2, 2);
    }
    assertEquals(2, EventFiles.files(run).size());
    assertEquals(List.of(1L, 2L), EventFiles.read(run).stream().map(e -> e.step()).toList());
  }

  @Test
  void imagesOfTheWrongSizeAreRefused() {
    try (SummaryWriter writer = SummaryWriter.open(dir)) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> writer.images("x", 1, new byte[5], 1, 2, 2, 1));
      assertTrue(e.getMessage().contains("expected 4 bytes"), e.getMessage());
    }
  }
}

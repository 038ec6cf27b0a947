package io.lenet5.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FlopModelTest {
  @Test
  void countsEveryConvolutionAndDenseLayer() {
    long conv1 = 2L * 28 * 28 * 6 * 5 * 5 * 1;
    long conv2 = 2L * 10 * 10 * 16 * 5 * 5 * 6;
    long dense = 2L * (400 * 120 + 120 * 84 + 84 * 10);
    assertEquals(conv1 + conv2 + dense, FlopModel.FORWARD);
    assertEquals(3 * FlopModel.FORWARD, FlopModel.TRAINING);
  }
}

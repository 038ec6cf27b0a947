package io.lenet5.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lenet5.model.Activation;
import io.lenet5.model.LeNet5;
import io.lenet5.model.ModelConfig;
import io.lenet5.model.Pooling;
import org.junit.jupiter.api.Test;

class FlopModelTest {
  @Test
  void countsEveryConvolutionAndDenseLayer() {
    long conv1 = 2L * 28 * 28 * 6 * 5 * 5 * 1;
    long conv2 = 2L * 10 * 10 * 16 * 5 * 5 * 6;
    long dense = 2L * (400 * 120 + 120 * 84 + 84 * 10);
    assertEquals(conv1 + conv2 + dense, FlopModel.forward(LeNet5.STRICT));
    assertEquals(3 * FlopModel.forward(LeNet5.STRICT), FlopModel.training(LeNet5.STRICT));
  }

  @Test
  void followsTheWidthsAndKernelOfAWiderMember() {
    LeNet5 wide =
        new LeNet5(new ModelConfig(Activation.RELU, Pooling.MAX, 16, 32, 3, 128, 84, 0.25));
    long conv1 = 2L * 28 * 28 * 16 * 3 * 3 * 1;
    long conv2 = 2L * 12 * 12 * 32 * 3 * 3 * 16;
    long dense = 2L * (6 * 6 * 32 * 128 + 128 * 84 + 84 * 10);
    assertEquals(conv1 + conv2 + dense, FlopModel.forward(wide), "dropout costs nothing here");
  }
}

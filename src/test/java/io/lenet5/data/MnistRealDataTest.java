package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lenet5.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MNIST files, found as the commands find them (see {@link TestData}). */
class MnistRealDataTest {
  private static ImageData data;

  @BeforeAll
  static void load() {
    data = TestData.mnist();
  }

  @Test
  void sizesAndFirstLabels() {
    assertEquals(60_000, data.train().size());
    assertEquals(10_000, data.test().size());
    assertEquals(5, data.train().label(0));
    assertEquals(7, data.test().label(0));
  }

  @Test
  void shapeAndNamesAreMnists() {
    assertEquals("mnist", data.name());
    assertEquals("28x28, 10 classes", data.train().describe());
    assertEquals("28x28, 10 classes", data.test().describe());
    assertEquals(KnownDataset.MNIST.classNames(), data.classNames());
    assertEquals(KnownDataset.numbers(10), data.classNames());
  }

  @Test
  void checksumsAreTheOriginals() {
    assertEquals(KnownDataset.MNIST.sha256(), data.sha256());
  }

  @Test
  void trainingPixelMeanAndStd() {
    Dataset train = data.train();
    int batch = 1_000;
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] pixels = new float[batch * train.imagePixels()];
    int[] labels = new int[batch];
    double sum = 0;
    double sumOfSquares = 0;
    for (int from = 0; from < train.size(); from += batch) {
      train.fillBatch(order, from, batch, pixels, labels);
      for (float p : pixels) {
        sum += p;
        sumOfSquares += (double) p * p;
      }
    }
    double n = (double) train.size() * train.imagePixels();
    double mean = sum / n;
    double std = Math.sqrt(sumOfSquares / n - mean * mean);
    assertEquals(0.1307, mean, 0.00005);
    assertEquals(0.3081, std, 0.00005);
  }
}

// Training-step throughput through TrainingSession.step alone: the loop both the pre-bench jar and
// today's jar support, so that one harness measures both. Run it as a single-file program:
//
//   java -cp target/lenet5.jar tools/StepProbe.java [threads 0] [batch 128] [steps 150] [repeats 3]
//        [mnist dir ../shared/mnist]
//
// threads 0 is what `train` uses by default. Prints one line per repeat after 30 warm-up steps.
import io.lenet5.data.DataOptions;
import io.lenet5.data.Dataset;
import io.lenet5.data.MnistRepository;
import io.lenet5.data.Split;
import io.lenet5.model.ModelConfig;
import io.lenet5.train.Device;
import io.lenet5.train.TrainingConfig;
import io.lenet5.train.TrainingSession;
import java.nio.file.Path;

public class StepProbe {
  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 150;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path dir = Path.of(args.length > 4 ? args[4] : "../shared/mnist");
    Dataset train = Split.of(
        new MnistRepository(DataOptions.defaults().withDataDir(dir)).load().train(), 5000, 42).train();
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    float[] pixels = new float[batch * Dataset.PIXELS];
    int[] labels = new int[batch];
    TrainingConfig config = TrainingConfig.DEFAULT.withBatchSize(batch);
    try (TrainingSession session = new TrainingSession(ModelConfig.DEFAULT, config, new Device("cpu", threads))) {
      session.initialize(42);
      int next = 0;
      for (int r = -1; r < repeats; r++) {
        int n = r < 0 ? 30 : steps;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          if (next + batch > order.length) {
            next = 0;
          }
          train.fillBatch(order, next, batch, pixels, labels);
          next += batch;
          session.step(pixels, labels, batch, 1e-3f);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (r >= 0) {
          System.out.printf("threads=%d batch=%d repeat=%d %.0f img/s %.3f ms/step%n",
              threads, batch, r + 1, n * batch / seconds, seconds * 1000 / n);
        }
      }
    }
  }
}

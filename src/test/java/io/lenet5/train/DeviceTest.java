package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Device choice. The fallback messages depend on the natives this build carries (CPU by default,
 * CUDA with {@code -Pgpu}) and on whether a GPU is usable, so each test asserts the message that
 * matches the machine it runs on.
 */
class DeviceTest {
  private static final boolean GPU_NATIVES =
      Device.class.getResource("/org/tensorflow/internal/c_api/linux-x86_64-gpu/") != null;
  private static final String CPU_NATIVES_MESSAGE =
      "this build carries TensorFlow's CPU natives (linux-x86_64); rebuild with 'mvn -Pgpu"
          + " package'";
  private static final String NO_CUDA_MESSAGE = "TensorFlow sees no CUDA GPU";

  @Test
  void autoFallsBackToTheCpuAndSaysWhy() {
    List<String> log = new ArrayList<>();
    Device device = Device.resolve(DeviceRequest.AUTO, 2, log::add);
    if (device.kind() == Device.Kind.GPU) {
      assertTrue(GPU_NATIVES, "a GPU is only usable with the CUDA natives");
      assertEquals(new Device(Device.Kind.GPU, 2), device);
      assertEquals(List.of(), log);
      return;
    }
    assertEquals(new Device(Device.Kind.CPU, 2), device);
    assertEquals(1, log.size());
    String expected = GPU_NATIVES ? NO_CUDA_MESSAGE : CPU_NATIVES_MESSAGE;
    assertTrue(log.get(0).startsWith("device auto: no usable GPU (" + expected), log.get(0));
    assertTrue(log.get(0).endsWith("; using the CPU"), log.get(0));
  }

  @Test
  void gpuRequestFailsWithWhatIsMissing() {
    String missing = Device.whyNoGpu();
    if (missing == null) {
      assertTrue(GPU_NATIVES, "a GPU is only usable with the CUDA natives");
      assertEquals(
          new Device(Device.Kind.GPU, 0), Device.resolve(DeviceRequest.GPU, 0, message -> {}));
      return;
    }
    UserException e =
        assertThrows(
            UserException.class, () -> Device.resolve(DeviceRequest.GPU, 0, message -> {}));
    String expected = GPU_NATIVES ? NO_CUDA_MESSAGE : CPU_NATIVES_MESSAGE;
    assertTrue(e.getMessage().startsWith("--device gpu: " + expected), e.getMessage());
  }

  @Test
  void cpuNeedsNoProbe() {
    List<String> log = new ArrayList<>();
    assertEquals("cpu", Device.resolve(DeviceRequest.CPU, 0, log::add).name());
    assertEquals(List.of(), log);
  }

  @Test
  void cpuSessionsHideTheGpuAndSetThreads() {
    var config = new Device(Device.Kind.CPU, 1).sessionConfig();
    assertEquals(0, config.getDeviceCountOrThrow("GPU"));
    assertEquals(1, config.getIntraOpParallelismThreads());
    var gpu = new Device(Device.Kind.GPU, 0).sessionConfig();
    assertTrue(gpu.getGpuOptions().getAllowGrowth());
    assertEquals(0, gpu.getIntraOpParallelismThreads(), "0 lets TensorFlow use every core");
  }

  @Test
  void sessionsThatShareTheCpuRunSingleThreadedOnAThreadOfTheirOwn() {
    var config = new Device(Device.Kind.CPU, 0).sharedBy(3, 2).sessionConfig();
    assertEquals(1, config.getIntraOpParallelismThreads());
    assertEquals(1, config.getInterOpParallelismThreads(), "a TensorFlow thread, not the caller");
    assertTrue(
        config.getUsePerSessionThreads(), "not the process-wide pool the first session sized");
    assertEquals(
        new Device(Device.Kind.CPU, 4, Device.OWN_THREAD),
        new Device(Device.Kind.CPU, 0).sharedBy(4, 16));
    assertEquals(
        new Device(Device.Kind.CPU, 2, Device.OWN_THREAD),
        new Device(Device.Kind.CPU, 2).sharedBy(3, 2),
        "--threads still counts");
    Device alone = new Device(Device.Kind.CPU, 0);
    assertEquals(alone, alone.sharedBy(1, 2));
    Device gpu = new Device(Device.Kind.GPU, 0);
    assertEquals(gpu, gpu.sharedBy(3, 2), "GPU trials keep their own settings");
  }

  @Test
  void unknownDeviceName() {
    UserException e = assertThrows(UserException.class, () -> DeviceRequest.parse("tpu"));
    assertEquals("--device: expected one of cpu, gpu, auto, got 'tpu'", e.getMessage());
  }

  @Test
  void kernelsOfSessionsSideBySideFlushDenormalsToZeroAsTensorFlowsOwnThreadsDo() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      // 1e-20 squared is 1e-40, below Float.MIN_NORMAL: a denormal, unless flushed to zero.
      var square = tf.math.mul(x, x);
      for (Device device :
          List.of(
              new Device(Device.Kind.CPU, 0).sharedBy(3, 2),
              new Device(Device.Kind.CPU, 1, Device.OWN_THREAD))) {
        try (Session session = new Session(graph, device.sessionConfig());
            TFloat32 input = TFloat32.scalarOf(1e-20f);
            Result r = session.runner().feed(x, input).fetch(square).run()) {
          assertEquals(0f, ((TFloat32) r.get(0)).getFloat(), device.toString());
        }
      }
    }
  }
}

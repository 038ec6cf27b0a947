package io.lenet5.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lenet5.UserException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** These machines carry TensorFlow's CPU natives and no GPU: the fallbacks must say so. */
class DeviceTest {
  @Test
  void autoFallsBackToTheCpuAndSaysWhy() {
    List<String> log = new ArrayList<>();
    Device device = Device.resolve(DeviceRequest.AUTO, 2, log::add);
    assertEquals(new Device(Device.Kind.CPU, 2), device);
    assertEquals(1, log.size());
    assertTrue(
        log.get(0)
            .startsWith(
                "device auto: no usable GPU (this build carries TensorFlow's CPU"
                    + " natives (linux-x86_64); rebuild with 'mvn -Pgpu package'"),
        log.get(0));
    assertTrue(log.get(0).endsWith("; using the CPU"), log.get(0));
  }

  @Test
  void gpuRequestFailsWithWhatIsMissing() {
    UserException e =
        assertThrows(
            UserException.class, () -> Device.resolve(DeviceRequest.GPU, 0, message -> {}));
    assertTrue(
        e.getMessage().startsWith("--device gpu: this build carries TensorFlow's CPU natives"),
        e.getMessage());
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
  void sessionsThatShareTheCpuRunSingleThreadedInTheCaller() {
    var config = new Device(Device.Kind.CPU, 0).sharedBy(3, 2).sessionConfig();
    assertEquals(1, config.getIntraOpParallelismThreads());
    assertEquals(Device.CALLER_THREAD, config.getInterOpParallelismThreads());
    assertEquals(
        new Device(Device.Kind.CPU, 4, Device.CALLER_THREAD),
        new Device(Device.Kind.CPU, 0).sharedBy(4, 16));
    assertEquals(
        new Device(Device.Kind.CPU, 2, Device.CALLER_THREAD),
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
}

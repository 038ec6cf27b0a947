package io.lenet5.tune;

import io.lenet5.data.ImageData;
import io.lenet5.spec.TuneSpec;
import io.lenet5.train.DeviceRequest;
import java.io.PrintStream;

/**
 * Everything an engine needs to build its executor.
 *
 * @param spec the search's spec
 * @param data the data set as read on the driver
 * @param device the device the user asked for
 * @param threads intra-op threads per session the user asked for, 0 for the default
 * @param log where progress and notices go
 */
public record EngineContext(
    TuneSpec spec, ImageData data, DeviceRequest device, int threads, PrintStream log) {}

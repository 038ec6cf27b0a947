package io.lenet5.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lenet5.spec.TrainSpec;
import io.lenet5.train.EpochMetrics;
import java.util.List;
import java.util.Map;

/**
 * The {@code metrics.json} a {@code train} run writes: what ran, on what, with which data, and what
 * it measured.
 *
 * @param dataset the data set's name ({@link io.lenet5.data.ImageData#name}); null in files older
 *     than it, which describe MNIST
 * @param classNames the name of each class; null in files older than it
 * @param imagesPerSecond median training throughput over the epochs of this run
 */
record TrainReport(
    TrainSpec spec,
    String device,
    int parameters,
    int trainImages,
    int validationImages,
    int testImages,
    Map<String, String> dataSha256,
    @JsonInclude(JsonInclude.Include.NON_NULL) String dataset,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> classNames,
    Map<String, String> versions,
    List<EpochMetrics> history,
    double validationLoss,
    double validationAccuracy,
    double testLoss,
    double testAccuracy,
    double imagesPerSecond,
    double secondsPerEpoch) {}

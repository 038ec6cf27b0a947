package io.lenet5.tune;

import io.lenet5.spec.TrainSpec;
import io.lenet5.train.EpochMetrics;
import java.util.List;

/**
 * What {@code histories/trial_NNNN.json} holds.
 *
 * @param trialId the trial
 * @param parentId the trial it continued, or null
 * @param spec the training spec it ran
 * @param history every epoch, the parent's included
 * @param seconds wall time of this trial's own epochs
 * @param checkpoint its checkpoint's path within the search's folder
 * @param device the device it trained on
 * @param residentMegabytes resident memory of the training process at the trial's end
 */
public record TrialHistory(
    String trialId,
    String parentId,
    TrainSpec spec,
    List<EpochMetrics> history,
    double seconds,
    String checkpoint,
    String device,
    long residentMegabytes) {}

package io.lenet5.tune;

import io.lenet5.spec.TrainSpec;

/**
 * One trial's work as values, so that it can travel to another JVM.
 *
 * @param trial the trial the oracle handed out
 * @param spec {@code tuneSpec.trialSpec(trial.hyperparameters(), trial.epochs())}; its seed is the
 *     search's seed
 * @param parentCheckpoint the bytes of the parent's checkpoint file, null when {@code
 *     trial.parentId()} is null
 */
public record TrialTask(Trial trial, TrainSpec spec, byte[] parentCheckpoint) {}

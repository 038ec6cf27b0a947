"""Reads the TensorBoard logs that `lenet5 train` and `lenet5 tune` write, with TensorBoard itself.

    check_tensorboard.py train RUN_DIR    # RUN_DIR/logs against RUN_DIR/metrics.json
    check_tensorboard.py tune SEARCH_DIR  # SEARCH_DIR/logs against trials/ and histories/
    check_tensorboard.py cost RUN_DIR     # seconds the logging took at each epoch's end

Scalars are read through TensorBoard's data provider and must equal the JSON figures (float32
precision: the summaries store float32). For a search, the HParams plugin must list the
experiment with every searched hyperparameter and one session group per recorded trial with its
hyperparameters, status and final validation metrics. Exits non-zero on any mismatch.
"""

import argparse
import json
import math
import pathlib
import sys

from tensorboard import context
from tensorboard.backend.event_processing import data_provider
from tensorboard.backend.event_processing import plugin_event_multiplexer
from tensorboard.plugins import base_plugin
from tensorboard.plugins.hparams import api_pb2
from tensorboard.plugins.hparams import backend_context
from tensorboard.plugins.hparams import get_experiment
from tensorboard.plugins.hparams import list_session_groups

TOLERANCE = 1e-6  # relative: float32 keeps 7 significant digits

# (run under the session, tag, key in an epoch of the JSON history)
SERIES = [
    ("train", "epoch_loss", "trainLoss"),
    ("train", "epoch_accuracy", "trainAccuracy"),
    ("train", "epoch_images_per_second", "imagesPerSecond"),
    ("validation", "epoch_loss", "valLoss"),
    ("validation", "epoch_accuracy", "valAccuracy"),
]


class Logs:
    """A log folder as TensorBoard's server loads it."""

    def __init__(self, logdir):
        self.multiplexer = plugin_event_multiplexer.EventMultiplexer()
        self.multiplexer.AddRunsFromDirectory(str(logdir))
        self.multiplexer.Reload()
        self.provider = data_provider.MultiplexerDataProvider(self.multiplexer, str(logdir))
        self.ctx = context.RequestContext()
        self.logdir = logdir

    def scalars(self):
        return self.provider.read_scalars(
            self.ctx, experiment_id="", plugin_name="scalars", downsample=10**6
        )

    def hparams(self):
        tb_context = base_plugin.TBContext(
            logdir=str(self.logdir), data_provider=self.provider, multiplexer=self.multiplexer
        )
        backend = backend_context.Context(tb_context)
        experiment = get_experiment.Handler(
            self.ctx, backend, "", api_pb2.GetExperimentRequest()
        ).run()
        request = api_pb2.ListSessionGroupsRequest(
            start_index=0,
            slice_size=10**6,
            allowed_statuses=[
                api_pb2.STATUS_UNKNOWN,
                api_pb2.STATUS_SUCCESS,
                api_pb2.STATUS_FAILURE,
                api_pb2.STATUS_RUNNING,
            ],
        )
        groups = list_session_groups.Handler(self.ctx, backend, "", request).run()
        return experiment, groups


def fail(message):
    print("error: " + message, file=sys.stderr)
    sys.exit(1)


def close(a, b):
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def check_series(scalars, session, history):
    """The session's runs hold one step per epoch with the history's values."""
    for run, tag, key in SERIES:
        name = f"{session}/{run}" if session else run
        data = scalars.get(name, {}).get(tag)
        if data is None:
            fail(f"run {name}: no scalar '{tag}'; runs: {sorted(scalars)}")
        steps = [d.step for d in data]
        expected_steps = [e["epoch"] for e in history]
        if steps != expected_steps:
            fail(f"run {name}, tag {tag}: steps {steps}, expected {expected_steps}")
        for d, epoch in zip(data, history):
            if not close(d.value, epoch[key]):
                fail(f"run {name}, tag {tag}, step {d.step}: {d.value}, expected {epoch[key]}")


def check_train(run_dir):
    metrics = json.loads((run_dir / "metrics.json").read_text())
    logs = Logs(run_dir / "logs")
    history = metrics["history"]
    check_series(logs.scalars(), "", history)
    last = history[-1]["epoch"]
    histograms = logs.provider.list_tensors(logs.ctx, experiment_id="", plugin_name="histograms")
    tags = histograms.get("train", {})
    for prefix in ("weights/", "gradient_norm/"):
        found = [t for t in tags if t.startswith(prefix)]
        if not found or any(tags[t].max_step != last for t in found):
            fail(f"run train: expected histograms {prefix}* up to epoch {last}, found {sorted(tags)}")
    images = logs.provider.list_blob_sequences(logs.ctx, experiment_id="", plugin_name="images")
    digits = [t for t in images.get("validation", {}) if t.startswith("misclassified/")]
    if not digits:
        fail("run validation: no misclassified digits among the images")
    print(
        f"train logs: {len(history)} epochs of {len(SERIES)} scalars match metrics.json;"
        f" {len(tags)} histograms, {len(digits)} misclassified digits"
    )


def hparam_value(value):
    kind = value.WhichOneof("kind")
    return getattr(value, kind)


def check_tune(search_dir):
    trials = [json.loads(p.read_text()) for p in sorted((search_dir / "trials").glob("*.json"))]
    recorded = [t for t in trials if t["status"] in ("COMPLETED", "FAILED")]
    if not recorded:
        fail(f"{search_dir}: no recorded trial")
    logs = Logs(search_dir / "logs")
    scalars = logs.scalars()
    experiment, response = logs.hparams()

    searched = {p["name"] for p in json.loads((search_dir / "spec.json").read_text())["spec"]["searchSpace"]}
    listed = {h.name for h in experiment.hparam_infos}
    if not searched <= listed:
        fail(f"experiment lists hyperparameters {sorted(listed)}, expected all of {sorted(searched)}")
    metric_tags = {(m.name.group, m.name.tag) for m in experiment.metric_infos}
    if ("validation", "epoch_accuracy") not in metric_tags:
        fail(f"experiment metrics {sorted(metric_tags)} lack validation/epoch_accuracy")

    groups = {g.name: g for g in response.session_groups}
    for trial in recorded:
        session = f"trial_{trial['id']}"
        group = groups.get(session)
        if group is None:
            fail(f"no session group {session}; groups: {sorted(groups)}")
        values = {k: hparam_value(v) for k, v in group.hparams.items()}
        for name, expected in trial["hyperparameters"].items():
            got = values.get(name)
            ok = close(got, expected) if isinstance(expected, (int, float)) and not isinstance(expected, bool) else got == expected
            if not ok:
                fail(f"{session}: hyperparameter {name} = {got}, expected {expected}")
        if not close(values.get("tuner/epochs", -1), trial["epochs"]):
            fail(f"{session}: tuner/epochs = {values.get('tuner/epochs')}, expected {trial['epochs']}")
        status = group.sessions[0].status
        expected_status = api_pb2.STATUS_SUCCESS if trial["status"] == "COMPLETED" else api_pb2.STATUS_FAILURE
        if status != expected_status:
            fail(f"{session}: status {api_pb2.Status.Name(status)}, expected {trial['status']}")
        if trial["status"] == "COMPLETED":
            history = json.loads((search_dir / "histories" / f"trial_{trial['id']}.json").read_text())["history"]
            check_series(scalars, session, history)
            final = {(m.name.group, m.name.tag): m.value for m in group.metric_values}
            score_key = ("validation", "epoch_accuracy")
            if not close(final.get(score_key, float("nan")), history[-1]["valAccuracy"]):
                fail(f"{session}: final validation accuracy {final.get(score_key)}, expected {history[-1]['valAccuracy']}")
    extra = set(groups) - {f"trial_{t['id']}" for t in recorded}
    if extra:
        fail(f"session groups of no recorded trial: {sorted(extra)}")
    print(f"tune logs: experiment with {len(listed)} hyperparameters, {len(recorded)} sessions"
          " with their hyperparameters, statuses and scalars match the search's files")


def report_cost(run_dir):
    """Logging time per epoch: from the first to the last event of the epoch's step (wall times)."""
    from tensorboard.backend.event_processing import event_file_loader

    times = {}
    for run in ("train", "validation"):
        for f in sorted((run_dir / "logs" / run).glob("events.out.tfevents.*")):
            for event in event_file_loader.LegacyEventFileLoader(str(f)).Load():
                if event.HasField("summary"):
                    times.setdefault(event.step, []).append(event.wall_time)
    for epoch in json.loads((run_dir / "metrics.json").read_text())["history"]:
        t = times.get(epoch["epoch"])
        if not t:
            fail(f"{run_dir}: no events at epoch {epoch['epoch']}")
        spent = max(t) - min(t)
        print(
            f"epoch {epoch['epoch']}: logging {spent:.3f} s after a {epoch['epochSeconds']:.2f} s"
            f" epoch ({100 * spent / epoch['epochSeconds']:.1f}%)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["train", "tune", "cost"])
    parser.add_argument("directory", type=pathlib.Path)
    args = parser.parse_args()
    if args.kind == "train":
        check_train(args.directory)
    elif args.kind == "cost":
        report_cost(args.directory)
    else:
        check_tune(args.directory)


if __name__ == "__main__":
    main()

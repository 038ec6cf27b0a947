#!/usr/bin/env python3
"""What Spark adds to each trial of a search, from Spark's event log and the search's histories.

usage: tools/spark_trial_overhead.py EVENT_LOG SEARCH_DIR

Run the search with --conf spark.eventLog.enabled=true --conf spark.eventLog.dir=DIR; EVENT_LOG is
the events file Spark wrote there (zstd-compressed by default: read through the zstd command). For each trial (its job's group is lenet5-trial-NNNN) it prints the
job's wall time on the driver, the trial's own training time (histories/trial_NNNN.json, seconds),
their difference (scheduling, task and broadcast transfer, session start-up, result transfer), the
task's deserialisation time and the result's size (the checkpoint and history coming back).
"""
import json
import statistics
import subprocess
import sys
from pathlib import Path


def open_log(path):
    if path.endswith(".zstd"):
        return subprocess.Popen(["zstd", "-dc", path], stdout=subprocess.PIPE, text=True).stdout
    return open(path)


def main(event_log, search_dir):
    jobs, stage_job, tasks = {}, {}, {}
    app_start = first_executor = None
    with open_log(event_log) as f:
        for line in f:
            e = json.loads(line)
            kind = e["Event"]
            if kind == "SparkListenerApplicationStart":
                app_start = e["Timestamp"]
            elif kind == "SparkListenerExecutorAdded" and first_executor is None:
                first_executor = e["Timestamp"]
            elif kind == "SparkListenerJobStart":
                group = (e.get("Properties") or {}).get("spark.jobGroup.id", "")
                jobs[e["Job ID"]] = {"trial": group.rsplit("-", 1)[-1], "start": e["Submission Time"]}
                for stage in e["Stage IDs"]:
                    stage_job[stage] = e["Job ID"]
            elif kind == "SparkListenerJobEnd":
                jobs[e["Job ID"]]["end"] = e["Completion Time"]
            elif kind == "SparkListenerTaskEnd":
                job = stage_job[e["Stage ID"]]
                info, metrics = e["Task Info"], e.get("Task Metrics") or {}
                tasks.setdefault(job, []).append(
                    {
                        "executor": info["Executor ID"],
                        "failed": info["Failed"] or info.get("Killed", False),
                        "deserialize": metrics.get("Executor Deserialize Time", 0),
                        "result": metrics.get("Result Size", 0),
                    }
                )
    if app_start and first_executor:
        print(f"application start to first executor: {(first_executor - app_start) / 1000:.1f} s")
    print("trial  job_s  train_s  overhead_s  deserialize_ms  result_KiB  attempts  executor")
    seen, warm = set(), []
    for job_id in sorted(jobs):
        job = jobs[job_id]
        history = Path(search_dir, "histories", f"trial_{job['trial']}.json")
        if "end" not in job or not history.exists():
            continue
        train = json.loads(history.read_text())["seconds"]
        wall = (job["end"] - job["start"]) / 1000
        done = [t for t in tasks.get(job_id, []) if not t["failed"]][-1]
        cold = done["executor"] not in seen
        seen.add(done["executor"])
        if not cold and len(tasks[job_id]) == 1:
            warm.append(wall - train)
        print(
            f"{job['trial']}   {wall:6.2f}  {train:7.2f}  {wall - train:10.2f}  "
            f"{done['deserialize']:14d}  {done['result'] / 1024:10.0f}  {len(tasks[job_id]):8d}  "
            f"{done['executor']}{' (first task: cold)' if cold else ''}"
        )
    if warm:
        print(
            f"overhead per trial on a warm executor: median {statistics.median(warm):.2f} s, "
            f"min {min(warm):.2f} s, max {max(warm):.2f} s over {len(warm)} trials"
        )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: spark_trial_overhead.py EVENT_LOG SEARCH_DIR")
    main(sys.argv[1], sys.argv[2])

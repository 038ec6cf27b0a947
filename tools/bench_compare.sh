#!/usr/bin/env bash
# Runs the Java bench (every variant) and tools/bench_keras.py alternately, ROUNDS times each in
# one run, the order swapped every round, so that load from other processes falls on both alike;
# prints each round and the medians with the Java/Keras ratios, for Java's default configuration
# (one session), the ordinary graph (no tied groups), and parallel trials (the variant with the
# most sessions, the tuner's default on the CPU: aggregate images/s) with either layout.
#
#   tools/bench_compare.sh [--rounds 3] [--batch-size 128] [--steps 200] [--repeats 3]
#                          [--data-dir ../shared/mnist] [--keep DIR]
#
# Needs target/lenet5.jar (mvn -B -q package -DskipTests) and a Python with tensorflow-cpu, keras
# and numpy: .venv by default (python3 -m venv .venv && .venv/bin/pip install -r
# tools/requirements.txt), or the one named by PYTHON.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 batch=128 steps=200 repeats=3 data_dir="${LENET5_DATA_DIR:-../shared/mnist}" keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --batch-size) batch="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "error: unknown option '$1'; see the header of $0" >&2; exit 2 ;;
  esac
done
[ -f target/lenet5.jar ] || { echo "error: target/lenet5.jar is missing; run: mvn -B -q package -DskipTests" >&2; exit 2; }
python="${PYTHON:-.venv/bin/python}"
[ -x "$python" ] || { echo "error: $python is missing; run: python3 -m venv .venv && .venv/bin/pip install -r tools/requirements.txt (or set PYTHON)" >&2; exit 2; }

out="${keep:-$(mktemp -d)}"
mkdir -p "$out"
export TF_CPP_MIN_LOG_LEVEL=2
run_java() {
  java -jar target/lenet5.jar bench --json --variants all --churn 0 --batch-size "$batch" \
    --steps "$steps" --repeats "$repeats" --data-dir "$data_dir" >"$out/java-$1.json" 2>"$out/java-$1.log"
}
run_keras() {
  "$python" tools/bench_keras.py --json --batch-size "$batch" --steps "$steps" \
    --repeats "$repeats" --data-dir "$data_dir" >"$out/keras-$1.json" 2>"$out/keras-$1.log"
}
echo "bench_compare: batch $batch, $steps steps x $repeats repeats per run, $rounds rounds; results in $out"
for i in $(seq 1 "$rounds"); do
  if [ $((i % 2)) -eq 1 ]; then run_java "$i"; run_keras "$i"; else run_keras "$i"; run_java "$i"; fi
  echo "round $i done ($(date +%T), load average $(cut -d' ' -f1-3 /proc/loadavg))"
done

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
# Java variants reported against Keras: the default (one session, tied groups on the CPU), the
# ordinary graph, and parallel trials (the most sessions, aggregate) with each layout.
def pick(variants):
    by_name = {v["name"]: v for v in variants}
    most = max(v["sessions"] for v in variants)
    chosen = {"default": variants[0], "ordinary": by_name.get("ordinary")}
    chosen[f"{most} sessions"] = next(v for v in variants if v["sessions"] == most)
    chosen[f"{most} ordinary"] = by_name.get(f"{most} ordinary")
    return {k: v for k, v in chosen.items() if v is not None}
rows = []
for i in range(1, rounds + 1):
    j = json.load(open(f"{out}/java-{i}.json"))
    k = json.load(open(f"{out}/keras-{i}.json"))
    rows.append({
        "java": {name: v["imagesPerSecond"]["median"] for name, v in pick(j["variants"]).items()},
        "keras_fit": k["fit"]["median"], "keras_epoch": k["inEpoch"]["median"],
        "java_epoch_s": j["secondsPerEpoch"], "keras_epoch_s": k["secondsPerEpoch"],
        "java_infer": j["inference"]["median"], "keras_infer": k["inference"]["median"],
        "java_frac": j["variants"][0]["fractionOfPeak"],
    })
names = list(rows[0]["java"])
for i, r in enumerate(rows, 1):
    java = "; ".join(f"{n} {r['java'][n]:,.0f} ({r['java'][n] / r['keras_fit']:.2f}x fit,"
                     f" {r['java'][n] / r['keras_epoch']:.2f}x in-epoch)" for n in names)
    print(f"round {i}: keras fit {r['keras_fit']:,.0f} img/s, in-epoch {r['keras_epoch']:,.0f};"
          f" java {java}")
med = lambda key: statistics.median(r[key] for r in rows)
print(f"median over {rounds} rounds: keras fit {med('keras_fit'):,.0f} img/s,"
      f" in-epoch {med('keras_epoch'):,.0f}; java default {statistics.median(r['java']['default'] for r in rows):,.0f}"
      f" ({100 * med('java_frac'):.1f}% of FP32 peak)")
for n in names:
    fit = statistics.median(r["java"][n] / r["keras_fit"] for r in rows)
    epoch = statistics.median(r["java"][n] / r["keras_epoch"] for r in rows)
    print(f"java {n} / keras: {fit:.2f}x (fit), {epoch:.2f}x (in-epoch, Keras's setup excluded);"
          f" {statistics.median(r['java'][n] for r in rows):,.0f} img/s")
if "ordinary" in names:
    print(f"java default / ordinary graph, same run:"
          f" {statistics.median(r['java']['default'] / r['java']['ordinary'] for r in rows):.2f}x")
print(f"inference: java {med('java_infer'):,.0f}, keras {med('keras_infer'):,.0f} img/s;"
      f" s/epoch (extrapolated): java {med('java_epoch_s'):.2f}, keras {med('keras_epoch_s'):.2f}")
PY

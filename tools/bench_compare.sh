#!/usr/bin/env bash
# Runs the Java bench (every variant) and tools/bench_keras.py alternately, ROUNDS times each in
# one run, the order swapped every round, so that load from other processes falls on both alike;
# prints each round and the medians with the Java/Keras ratios, for Java's default configuration
# (one session) and for its parallel trials (the variant with the most sessions, the tuner's
# default on the CPU: aggregate images/s).
#
#   tools/bench_compare.sh [--rounds 3] [--batch-size 128] [--steps 200] [--repeats 3]
#                          [--data-dir ../shared/mnist] [--keep DIR]
#
# Needs target/lenet5.jar (mvn -B -q package -DskipTests) and .venv with tensorflow-cpu, keras and
# numpy (python3 -m venv .venv && .venv/bin/pip install tensorflow-cpu keras numpy).
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
[ -x .venv/bin/python ] || { echo "error: .venv is missing; run: python3 -m venv .venv && .venv/bin/pip install tensorflow-cpu keras numpy" >&2; exit 2; }

out="${keep:-$(mktemp -d)}"
mkdir -p "$out"
export TF_CPP_MIN_LOG_LEVEL=2
run_java() {
  java -jar target/lenet5.jar bench --json --variants all --churn 0 --batch-size "$batch" \
    --steps "$steps" --repeats "$repeats" --data-dir "$data_dir" >"$out/java-$1.json" 2>"$out/java-$1.log"
}
run_keras() {
  .venv/bin/python tools/bench_keras.py --json --batch-size "$batch" --steps "$steps" \
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
rows = []
for i in range(1, rounds + 1):
    j = json.load(open(f"{out}/java-{i}.json"))
    k = json.load(open(f"{out}/keras-{i}.json"))
    parallel = max(j["variants"], key=lambda v: v["sessions"])
    rows.append({
        "java": j["variants"][0]["imagesPerSecond"]["median"],
        "java_parallel": parallel["imagesPerSecond"]["median"], "parallel_name": parallel["name"],
        "keras_fit": k["fit"]["median"], "keras_epoch": k["inEpoch"]["median"],
        "java_epoch_s": j["secondsPerEpoch"], "keras_epoch_s": k["secondsPerEpoch"],
        "java_infer": j["inference"]["median"], "keras_infer": k["inference"]["median"],
        "java_frac": j["variants"][0]["fractionOfPeak"], "peak": j["peak"],
    })
for i, r in enumerate(rows, 1):
    print(f"round {i}: java {r['java']:,.0f} img/s; keras fit {r['keras_fit']:,.0f}, in-epoch"
          f" {r['keras_epoch']:,.0f}; ratio {r['java'] / r['keras_fit']:.2f} (fit),"
          f" {r['java'] / r['keras_epoch']:.2f} (in-epoch); java {r['parallel_name']}"
          f" {r['java_parallel']:,.0f} img/s, {r['java_parallel'] / r['keras_epoch']:.2f} (in-epoch)")
med = lambda key: statistics.median(r[key] for r in rows)
ratio = lambda key: statistics.median(r["java"] / r[key] for r in rows)
print(f"median over {rounds} rounds: java {med('java'):,.0f} img/s"
      f" ({100 * med('java_frac'):.1f}% of FP32 peak), keras fit {med('keras_fit'):,.0f},"
      f" keras in-epoch {med('keras_epoch'):,.0f}")
print(f"java/keras training throughput: {ratio('keras_fit'):.2f}x (fit), {ratio('keras_epoch'):.2f}x"
      f" (in-epoch, Keras's setup excluded)")
print(f"java {rows[0]['parallel_name']} (parallel trials, aggregate) / keras:"
      f" {statistics.median(r['java_parallel'] / r['keras_fit'] for r in rows):.2f}x (fit),"
      f" {statistics.median(r['java_parallel'] / r['keras_epoch'] for r in rows):.2f}x (in-epoch)")
print(f"inference: java {med('java_infer'):,.0f}, keras {med('keras_infer'):,.0f} img/s;"
      f" s/epoch (extrapolated): java {med('java_epoch_s'):.2f}, keras {med('keras_epoch_s'):.2f}")
PY

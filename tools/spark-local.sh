#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the Spark jars Maven already resolved, to try
# `tune --engine spark` without a Spark installation.
#
#   tools/spark-local.sh start [N]     master on spark://127.0.0.1:7077 and N workers (default 2)
#   tools/spark-local.sh submit ARGS   spark-submit ARGS (the driver gets Spark's JVM options)
#   tools/spark-local.sh stop          stops the workers and the master this script started
#
# Environment: SPARK_HOME (default target/spark-home, built with Maven when absent),
# SPARK_WORKER_CORES (1), SPARK_WORKER_MEMORY (2g), SPARK_MASTER_PORT (7077).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export SPARK_HOME=${SPARK_HOME:-$ROOT/target/spark-home}
export SPARK_SCALA_VERSION=${SPARK_SCALA_VERSION:-2.13}
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
RUN_DIR=$ROOT/target/spark-local
PORT=${SPARK_MASTER_PORT:-7077}
MASTER=spark://127.0.0.1:$PORT

die() {
  echo "error: $*" >&2
  exit 2
}

# Spark's jars only: what executors put on their classpath, with nothing of this project.
ensure_spark_home() {
  if [ ! -d "$SPARK_HOME/jars" ]; then
    echo "building a minimal Spark home in $SPARK_HOME" >&2
    (cd "$ROOT" && mvn -B -q dependency:copy-dependencies@spark-home)
  fi
  # Warnings and errors only, as Spark's shells do (its default for applications is INFO).
  if [ ! -e "$SPARK_HOME/conf/log4j2.properties" ] && [ "$SPARK_HOME" = "$ROOT/target/spark-home" ]; then
    mkdir -p "$SPARK_HOME/conf"
    cat >"$SPARK_HOME/conf/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
EOF
  fi
}

# The java command line Spark's own scripts would run for class $1 (as bin/spark-class builds it:
# the launcher prints NUL-separated arguments after a NUL line, module options included).
spark_command() {
  CMD=()
  local delim=$'\n' started=false arg
  while IFS= read -d "$delim" -r arg; do
    if [ "$started" = true ]; then
      CMD+=("$arg")
    elif [ -z "$arg" ]; then
      # The NUL line: from here on the arguments are NUL-separated.
      delim=''
      started=true
    else
      echo "$arg" >&2
    fi
  done < <(java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
  local status=${CMD[-1]}
  unset 'CMD[-1]'
  [ "$status" = 0 ] || die "Spark's launcher failed for $1 (status $status)"
}

wait_for_port() {
  for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
      return 0
    fi
    sleep 1
  done
  die "nothing listens on port $1 after 60 s; see $RUN_DIR/*.log"
}

wait_for_workers() {
  for _ in $(seq 1 120); do
    # The master's status page lists the workers that registered, one "ALIVE" each.
    if [ "$(curl -s http://127.0.0.1:8080/json/ | grep -c '"state" : "ALIVE"')" -ge "$1" ]; then
      return 0
    fi
    sleep 1
  done
  die "fewer than $1 workers registered after 120 s; see $RUN_DIR/worker-*.log"
}

start() {
  local workers=${1:-2}
  [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "start: expected a number of workers >= 1, got '$workers'"
  [ ! -e "$RUN_DIR/master.pid" ] || die "a cluster from this script is running ($RUN_DIR); run '$0 stop' first"
  ensure_spark_home
  mkdir -p "$RUN_DIR"
  spark_command org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$PORT" --webui-port 8080
  nohup "${CMD[@]}" >"$RUN_DIR/master.log" 2>&1 &
  echo $! >"$RUN_DIR/master.pid"
  wait_for_port "$PORT"
  for i in $(seq 1 "$workers"); do
    spark_command org.apache.spark.deploy.worker.Worker --host 127.0.0.1 \
      --cores "${SPARK_WORKER_CORES:-1}" --memory "${SPARK_WORKER_MEMORY:-2g}" \
      --webui-port 0 --work-dir "$RUN_DIR/work-$i" "$MASTER"
    nohup "${CMD[@]}" >"$RUN_DIR/worker-$i.log" 2>&1 &
    echo $! >"$RUN_DIR/worker-$i.pid"
  done
  wait_for_workers "$workers"
  echo "master $MASTER (web UI http://127.0.0.1:8080) with $workers workers; logs in $RUN_DIR"
}

stop() {
  [ -d "$RUN_DIR" ] || return 0
  local pidfile pid
  # Workers first, so that none tries to reconnect to a master that is gone.
  for pidfile in "$RUN_DIR"/worker-*.pid "$RUN_DIR"/master.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill "$pid" 2>/dev/null; then
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    fi
    rm -f "$pidfile"
  done
  echo "stopped the cluster of $RUN_DIR"
}

submit() {
  ensure_spark_home
  spark_command org.apache.spark.deploy.SparkSubmit "$@"
  exec "${CMD[@]}"
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  submit) shift; submit "$@" ;;
  *) die "usage: $0 start [N] | submit SPARK_SUBMIT_ARGS... | stop" ;;
esac

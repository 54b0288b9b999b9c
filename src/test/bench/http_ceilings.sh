#!/usr/bin/env bash
# The service's HTTP path against its ceilings, in one run, alternating (BENCHMARKS.md, "HTTP latency under load"):
# each round starts, measures and stops in turn a bare Javalin echo and a Javalin echo with a durable H2 insert
# (winterroom.bench.Ceilings serve), the service jar (and, given BEFORE_JAR, the build before), each on a fresh
# data folder; then runs the engine alone in-process on two threads. For each server: the open model at rising rates
# (LoadGenerator, stopping at the first step whose p99 passes 50 ms or that has an error), then closed loops at 4 and
# 16 connections. The service is warmed under load first (WARM seconds: on two shared cores the JIT's C2 thread is
# still busy after a minute), the ceilings for CEILING_WARM.
#   ROUNDS=2 WARM=150 BEFORE_JAR=/tmp/before.jar src/test/bench/http_ceilings.sh [OUT_DIR]    (after the set-up of BENCHMARKS.md)
set -uo pipefail
out=${1:-$(mktemp -d /tmp/wr-http-bench-XXXX)}
mkdir -p "$out"
rounds=${ROUNDS:-2}; warm=${WARM:-150}; ceiling_warm=${CEILING_WARM:-30}; step=${STEP_SECONDS:-10}
service_rates=${SERVICE_RATES:-"100 200 300 400 500 600 800 1000 1200"}
ceiling_rates=${CEILING_RATES:-"250 500 1000 1500 2000 3000"}
port=${PORT:-18640}
CP=target/test-classes:target/classes:$(cat target/cp.txt)
pid=

stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; fi; }
trap stop EXIT

# $1 name, $2 URL, $3 warm seconds, $4 rates; the server is already started as $pid
measure() {
  local name=$1 url=$2 w=$3 rates=$4 health=${2%/echo*}
  for _ in $(seq 1 240); do curl -s -o /dev/null "${health%/}/health" && break; sleep 0.5; done
  echo "== $name round $r (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/summary.txt"
  java -cp "$CP" winterroom.bench.LoadGenerator --pid "$pid" --warm "$w" --closed "$url" 5 4 > "$out/$name-$r-warm.txt"
  java -cp "$CP" winterroom.bench.LoadGenerator --pid "$pid" --warm 0 "$url" "$step" $rates | tee "$out/$name-$r-open.txt" | tee -a "$out/summary.txt"
  java -cp "$CP" winterroom.bench.LoadGenerator --pid "$pid" --warm 0 --closed "$url" 15 4 16 | tee "$out/$name-$r-closed.txt" | tee -a "$out/summary.txt"
}

for r in $(seq 1 "$rounds"); do
  d=$(mktemp -d /tmp/wr-http-data-XXXX)
  java -Xmx1g -cp "$CP" winterroom.bench.Ceilings serve "$port" "$d" > "$out/ceilings-$r.log" 2>&1 & pid=$!
  measure echo "http://127.0.0.1:$port/echo" "$ceiling_warm" "$ceiling_rates"
  measure echo-insert "http://127.0.0.1:$port/echo-insert" "$ceiling_warm" "$ceiling_rates"
  stop; rm -rf "$d"

  for jar in target/winter-room.jar ${BEFORE_JAR:-}; do
    name=service; [ "$jar" != target/winter-room.jar ] && name=before
    d=$(mktemp -d /tmp/wr-http-data-XXXX)
    DATA_DIR=$d RULES_POLL_MS=0 java -Xmx1g -jar "$jar" --port "$port" > "$out/$name-$r.log" 2>&1 & pid=$!
    measure "$name" "http://127.0.0.1:$port" "$warm" "$service_rates"
    stop; rm -rf "$d"
  done

  echo "== engine in-process round $r (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/summary.txt"
  java -Xmx1g -cp "$CP" winterroom.bench.Ceilings engine 2 30 "$warm" 2>/dev/null | grep '^engine' | tee -a "$out/summary.txt"
done
echo "results in $out"

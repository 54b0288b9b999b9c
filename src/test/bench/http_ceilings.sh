#!/usr/bin/env bash
# The service's HTTP path against its ceilings, in one run (BENCHMARKS.md, "HTTP latency under load"). Started
# together, each on a fresh data folder: the ceilings (winterroom.bench.Ceilings serve: a bare Javalin echo at /echo,
# the echo with a durable H2 insert at /echo-insert), the service jar and, given BEFORE_JAR, the build before. Both
# services are warmed under load at once for WARM seconds (on two shared cores the JIT's C2 thread is still busy
# after a minute). Then each round measures every target in turn, so a neighbour's burst falls on one measurement
# and not on one target: the open model at rising rates (LoadGenerator, stopping at the first step whose p99 passes
# 50 ms or that has an error), closed loops at 4 and 16 connections, and last the engine alone in-process on two
# threads.
#   ROUNDS=3 WARM=200 BEFORE_JAR=/tmp/before.jar src/test/bench/http_ceilings.sh [OUT_DIR]    (after the set-up of BENCHMARKS.md)
set -uo pipefail
out=${1:-$(mktemp -d /tmp/wr-http-bench-XXXX)}
mkdir -p "$out"
rounds=${ROUNDS:-3}; warm=${WARM:-200}; step=${STEP_SECONDS:-10}; closed=${CLOSED_SECONDS:-15}
service_rates=${SERVICE_RATES:-"100 150 200 250 300 400 500 600 800 1000"}
ceiling_rates=${CEILING_RATES:-"250 500 1000 1500 2000 3000"}
port=${PORT:-18640}
jvm=${JVM_OPTS:--XX:+UseParallelGC}   # as the README starts the service
CP=target/test-classes:target/classes:$(cat target/cp.txt)
declare -A pids urls rates
pids=()

stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
up() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1/health" && return; sleep 0.5; done; }

data=$(mktemp -d /tmp/wr-http-data-XXXX)
mkdir -p "$data/ceilings" "$data/service" "$data/before"
java -Xmx1g $jvm -cp "$CP" winterroom.bench.Ceilings serve "$port" "$data/ceilings" > "$out/ceilings.log" 2>&1 &
pids[echo]=$!; pids[echo-insert]=$!
urls[echo]=http://127.0.0.1:$port/echo; urls[echo-insert]=http://127.0.0.1:$port/echo-insert
rates[echo]=$ceiling_rates; rates[echo-insert]=$ceiling_rates
targets="echo echo-insert service"
DATA_DIR=$data/service RULES_POLL_MS=0 java -Xmx1g $jvm -jar target/winter-room.jar --port $((port + 1)) > "$out/service.log" 2>&1 &
pids[service]=$!; urls[service]=http://127.0.0.1:$((port + 1)); rates[service]=$service_rates
if [ -n "${BEFORE_JAR:-}" ]; then
  DATA_DIR=$data/before RULES_POLL_MS=0 java -Xmx1g $jvm -jar "$BEFORE_JAR" --port $((port + 2)) > "$out/before.log" 2>&1 &
  pids[before]=$!; urls[before]=http://127.0.0.1:$((port + 2)); rates[before]=$service_rates
  targets="$targets before"
fi
for t in $targets; do up "${urls[$t]%/echo*}"; done
echo "== warm-up (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/summary.txt"
warming=()
for t in $targets; do
  w=$warm; case $t in echo*) w=30;; esac   # the ceilings' few paths compile in seconds
  java -cp "$CP" winterroom.bench.LoadGenerator --pid "${pids[$t]}" --warm "$w" --closed "${urls[$t]}" 5 4 > "$out/$t-warm.txt" &
  warming+=($!)
done
wait "${warming[@]}"

for r in $(seq 1 "$rounds"); do
  for t in $targets; do
    echo "== $t round $r (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/summary.txt"
    java -cp "$CP" winterroom.bench.LoadGenerator --pid "${pids[$t]}" --warm 0 "${urls[$t]}" "$step" ${rates[$t]} | tee -a "$out/summary.txt"
    java -cp "$CP" winterroom.bench.LoadGenerator --pid "${pids[$t]}" --warm 0 --closed "${urls[$t]}" "$closed" 4 16 | tee -a "$out/summary.txt"
  done
  echo "== engine in-process round $r (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/summary.txt"
  java -Xmx1g $jvm -cp "$CP" winterroom.bench.Ceilings engine 2 "$closed" 60 2>/dev/null | grep '^engine' | tee -a "$out/summary.txt"
done
stop
du -sh "$data"/* | tee -a "$out/summary.txt"
rm -rf "$data"
echo "results in $out"

#!/usr/bin/env bash
# Two JVM option sets (or two jars) side by side (BENCHMARKS.md, "HTTP latency under load"): both started at once on
# fresh data folders, warmed together under closed-loop load for WARM seconds, then measured in N alternating pairs
# of SECS-second closed loops at CONN connections, so a neighbour's burst falls on one measurement of one pair and
# not on one side.
#   A_OPTS= B_OPTS=-XX:+UseParallelGC [JAR_A=..] [JAR_B=..] [WARM=120 N=6 CONN=4 SECS=15] src/test/bench/jvm_options_ab.sh [OUT_DIR]
set -uo pipefail
out=${1:-$(mktemp -d /tmp/wr-ab-XXXX)}; mkdir -p "$out"
CP=target/test-classes:target/classes:$(cat target/cp.txt)
A_OPTS=${A_OPTS:-}; B_OPTS=${B_OPTS:-}; WARM=${WARM:-120}; N=${N:-6}; CONN=${CONN:-4}; SECS=${SECS:-15}
JAR_A=${JAR_A:-target/winter-room.jar}; JAR_B=${JAR_B:-target/winter-room.jar}; port=${PORT:-18701}
da=$(mktemp -d); db=$(mktemp -d)
DATA_DIR=$da RULES_POLL_MS=0 java -Xmx1g $A_OPTS -jar "$JAR_A" --port $port > "$out/a.log" 2>&1 & pa=$!
DATA_DIR=$db RULES_POLL_MS=0 java -Xmx1g $B_OPTS -jar "$JAR_B" --port $((port + 1)) > "$out/b.log" 2>&1 & pb=$!
trap 'kill $pa $pb 2>/dev/null; rm -rf "$da" "$db"' EXIT
for p in $port $((port + 1)); do
  for _ in $(seq 1 480); do [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$p/ready)" = 200 ] && break; sleep 0.5; done
done
echo "A: $JAR_A $A_OPTS; B: $JAR_B $B_OPTS; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
java -cp "$CP" winterroom.bench.LoadGenerator --pid $pa --warm "$WARM" --closed http://127.0.0.1:$port 5 4 > "$out/warm-a.txt" & wa=$!
java -cp "$CP" winterroom.bench.LoadGenerator --pid $pb --warm "$WARM" --closed http://127.0.0.1:$((port + 1)) 5 4 > "$out/warm-b.txt" & wb=$!
wait $wa $wb
for i in $(seq 1 "$N"); do
  for side in a b; do
    if [ $side = a ]; then p=$port; pid=$pa; else p=$((port + 1)); pid=$pb; fi
    echo "== $side pair $i (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/summary.txt"
    java -cp "$CP" winterroom.bench.LoadGenerator --pid $pid --warm 0 --closed http://127.0.0.1:$p "$SECS" "$CONN" | tee -a "$out/summary.txt"
  done
done
echo "results in $out"

#!/usr/bin/env bash
# The first minute of load after a start, against the same service warm (BENCHMARKS.md, "The first minute of load after
# a start"): starts the jar on an empty data folder, times launch to the first /ready that answers 200, then puts
# closed-loop load on it at once (4 connections, the Leeds situation) for six 10-second steps, then WARM seconds more,
# then three 10-second steps of the same load, warm: the ceiling. Each step prints the server's CPU per request.
#   [JVM_OPTS=...] src/test/bench/first_minute.sh JAR [PORT] [WARM] [service options...]    (from the repository, after the set-up of BENCHMARKS.md)
set -euo pipefail
jar=$1; port=${2:-18730}; warm=${3:-120}; shift $(( $# < 3 ? $# : 3 ))
CP=target/test-classes:target/classes:$(cat target/cp.txt)
data=$(mktemp -d /tmp/wr-first-XXXX)
launched=$(date +%s%3N)
DATA_DIR=$data RULES_POLL_MS=0 java -Xmx1g ${JVM_OPTS:--XX:+UseParallelGC} -jar "$jar" --port "$port" "$@" > "$data/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
until curl -sf "http://127.0.0.1:$port/ready" > /dev/null; do
    kill -0 $pid 2>/dev/null || { cat "$data/service.log"; exit 1; }
    sleep 0.2
done
echo "ready $(( $(date +%s%3N) - launched )) ms after launch"
echo "first minute:"
java -cp "$CP" winterroom.bench.LoadGenerator --pid $pid --warm 0 --closed "http://127.0.0.1:$port" 10 4 4 4 4 4 4
echo "warm (after $warm s more):"
java -cp "$CP" winterroom.bench.LoadGenerator --pid $pid --warm "$warm" --closed "http://127.0.0.1:$port" 10 4 4 4 | tail -3
grep -h "warmed up" "$data/service.log" || true

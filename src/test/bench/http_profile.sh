#!/usr/bin/env bash
# One JFR profile of the service jar under closed-loop load (BENCHMARKS.md, "HTTP latency under load"):
# starts the jar on a fresh embedded store, warms it, records CONNS connections for SECONDS with JFR's profile
# settings (deep stacks, so a sample inside Drools still names the step that called it), and prints the breakdown
# by step (JfrBreakdown) per request.
#   src/test/bench/http_profile.sh [PORT] [SECONDS] [CONNS]      (from the repository, after the set-up of BENCHMARKS.md)
set -euo pipefail
port=${1:-18620}; seconds=${2:-20}; conns=${3:-4}
CP=target/test-classes:target/classes:$(cat target/cp.txt)
data=$(mktemp -d /tmp/wr-profile-XXXX)
DATA_DIR=$data RULES_POLL_MS=0 java -Xmx1g -XX:FlightRecorderOptions:stackdepth=256 -jar target/winter-room.jar --port "$port" > "$data/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.5; done
java -cp "$CP" winterroom.bench.LoadGenerator --pid $pid --warm 20 --closed "http://127.0.0.1:$port" 5 "$conns" > /dev/null
jcmd $pid JFR.start name=load settings=profile filename="$data/load.jfr" > /dev/null
out=$(java -cp "$CP" winterroom.bench.LoadGenerator --pid $pid --warm 0 --closed "http://127.0.0.1:$port" "$seconds" "$conns")
jcmd $pid JFR.stop name=load > /dev/null
echo "$out"
ok=$(echo "$out" | awk 'NR==2 {print $3}')
java -cp "$CP" winterroom.bench.JfrBreakdown "$data/load.jfr" "$ok"
echo "recording: $data/load.jfr"

#!/usr/bin/env bash
# One JFR profile of the service jar under closed-loop load (BENCHMARKS.md, "HTTP latency under load"):
# starts the jar on a fresh embedded store with JFR recording from the start (JFR started in a warm JVM deoptimises
# code that two shared cores then take minutes to compile again), warms it under the same load for WARM seconds
# (after a minute the JIT's C2 thread is still busy here), measures CONNS connections for SECONDS, and prints the
# breakdown by step of that window (JfrBreakdown), per request.
#   src/test/bench/http_profile.sh [PORT] [SECONDS] [CONNS] [WARM] [JAR]    (from the repository, after the set-up of BENCHMARKS.md)
set -euo pipefail
port=${1:-18620}; seconds=${2:-30}; conns=${3:-4}; warm=${4:-150}; jar=${5:-target/winter-room.jar}
CP=target/test-classes:target/classes:$(cat target/cp.txt)
data=$(mktemp -d /tmp/wr-profile-XXXX)
# JFR's default settings, with each thread's allocation counter every second rather than once a chunk
sed 's|<setting name="period">everyChunk</setting>|<setting name="period">1 s</setting>|' \
    "$(dirname "$(readlink -f "$(command -v java)")")/../lib/jfr/default.jfc" > "$data/settings.jfc"
DATA_DIR=$data RULES_POLL_MS=0 java -Xmx1g ${JVM_OPTS:--XX:+UseParallelGC} -XX:FlightRecorderOptions:stackdepth=128 \
    -XX:StartFlightRecording:name=load,settings="$data/settings.jfc" \
    -jar "$jar" --port "$port" > "$data/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.5; done
java -cp "$CP" winterroom.bench.LoadGenerator --pid $pid --warm "$warm" --closed "http://127.0.0.1:$port" 5 "$conns" > /dev/null
from=$(date +%s%3N)
out=$(java -cp "$CP" winterroom.bench.LoadGenerator --pid $pid --warm 0 --closed "http://127.0.0.1:$port" "$seconds" "$conns")
to=$(date +%s%3N)
jcmd $pid JFR.dump name=load filename="$data/load.jfr" > /dev/null
echo "$out"
ok=$(echo "$out" | awk 'NR==2 {print $3}')
java -cp "$CP" winterroom.bench.JfrBreakdown "$data/load.jfr" "$ok" "$from" "$to"
echo "recording: $data/load.jfr (window $from to $to)"

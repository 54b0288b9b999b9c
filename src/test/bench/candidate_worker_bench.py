# Times validate, preview and activation of new candidate rulesets through a running service (median of reps).
# BENCHMARKS.md runs it against this build (each candidate in a worker process) and against the build before
# the worker (1060423, the candidate compiled and run in the service), alternately on one machine.
import json, sys, time, statistics, urllib.request, pathlib
port = int(sys.argv[1]); reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
base = f"http://127.0.0.1:{port}/api/v1/rules"
csv = pathlib.Path("rules/tables/policy-values.csv").read_text()
def call(path, body, method="POST", ctype="application/json"):
    t = time.time()
    req = urllib.request.Request(base + path, data=body, method=method, headers={"Content-Type": ctype})
    try: urllib.request.urlopen(req).read()
    except urllib.error.HTTPError as e: e.read()
    return time.time() - t
def candidate(i):
    # a trailing comment line makes a new candidate each time (a new hash, so no report is reused)
    return csv + f"\n# candidate {i} {time.time()}\n"
runs = {"validate": [], "preview": [], "preview then activate (PUT)": []}
for i in range(reps):
    runs["validate"].append(call("/validate", json.dumps({"files": {"tables/policy-values.csv": candidate(i)}}).encode()))
    runs["preview"].append(call("/preview", json.dumps({"files": {"tables/policy-values.csv": candidate(i + 100)}}).encode()))
    c = candidate(i + 200)
    t = call("/preview", json.dumps({"files": {"tables/policy-values.csv": c}}).encode())
    t += call("/files/tables/policy-values.csv", c.encode(), "PUT", "text/csv")
    runs["preview then activate (PUT)"].append(t)
print(json.dumps({k: statistics.median(v) for k, v in runs.items()}))

# Times the impact run of a change over the whole sitrep winter (8,442 trust-days, POST the CSV as text/csv to
# /api/v1/rules/changes/{id}/impact) against the plain batch route on the same situations (the ceiling), alternately,
# in the same service, several rounds. BENCHMARKS.md, "impact run", reports the ratios. Given several services
# (PORT,PORT,...: two builds side by side), it proposes the change on each, then takes each round on each service in turn.
#   java -cp target/winter-room.jar src/test/bench/SitrepNdjson.java SITREP.csv > /tmp/sitrep.ndjson
#   java -jar target/winter-room.jar --port 18431 --data /tmp/impact-bench &
#   python3 src/test/bench/impact_bench.py 18431 SITREP.csv /tmp/sitrep.ndjson [rounds]
import json, sys, time, urllib.request, pathlib
ports, csv_path, ndjson_path = [int(p) for p in sys.argv[1].split(",")], sys.argv[2], sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
sitrep = pathlib.Path(csv_path).read_bytes()
ndjson = pathlib.Path(ndjson_path).read_bytes()
def call(port, path, body, ctype, method="POST"):
    t = time.time()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1" + path, data=body, method=method, headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=600) as r: status, data = r.status, r.read()
    except urllib.error.HTTPError as e: status, data = e.code, e.read()
    return time.time() - t, status, data
# the issue's own example: T3 from "more than 5" handovers over an hour to "more than 6"
values = pathlib.Path("rules/tables/policy-values.csv").read_text()
edited = values.replace("T3.handovers_over_60_more_than,5,", "T3.handovers_over_60_more_than,6,")
assert edited != values, "the T3 threshold row was not found"
changes = {}
for port in ports:
    tp, s, d = call(port, "/rules/changes", json.dumps({"files": {"tables/policy-values.csv": edited}, "note": "impact bench"}).encode(), "application/json")
    assert s == 201, (s, d[:500])
    changes[port] = json.loads(d)["id"]
    print(json.dumps({"port": port, "change": changes[port], "propose_s": round(tp, 2)}), flush=True)
for r in range(1, rounds + 1):
    for port in ports:
        tb, sb, db = call(port, "/evaluations/batch", ndjson, "application/x-ndjson")
        ti, si, di = call(port, f"/rules/changes/{changes[port]}/impact", sitrep, "text/csv")
        assert sb == 200 and si == 200, (sb, si, di[:500])
        imp = json.loads(di)
        print(json.dumps({"port": port, "round": r, "batch_s": round(tb, 2), "impact_s": round(ti, 2), "ratio": round(ti / tb, 1),
                          "situations": imp["situations"], "changed": imp["changed"], "impact_millis_in_answer": imp.get("millis"),
                          "T3_active": imp["active"]["triggers"].get("T3"), "T3_candidate": imp["candidate"]["triggers"].get("T3")}), flush=True)

# Bytes the audit store keeps per evaluation: starts the service jar on a fresh store, posts N evaluations of the
# Saturday example through HTTP (4 clients), and measures the store before and after.
#   python3 src/test/bench/audit_storage_bench.py JAR h2|pg [N] [PORT] [SCENARIO]   (default: the Saturday example)
# h2 (the embedded store, whichever file the data folder has: SQLite for a new one): growth of the data folder's
# database files, live (after the last answer) and after a clean stop. For SQLite that is the database and its
# write-ahead log (winter-room.sqlite, -wal, -shm); live, the log holds up to its auto-checkpoint's 1,000 pages
# (about 4 MB), which a clean stop folds into the database.
# PostgreSQL (127.0.0.1:5432, database test, user postgres): pg_total_relation_size of the schema's tables
# (heap, TOAST and indexes), in a schema of its own, dropped afterwards.
import json, os, pathlib, shutil, signal, subprocess, sys, tempfile, time, urllib.request, uuid
from concurrent.futures import ThreadPoolExecutor

jar, store = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 500
port = int(sys.argv[4]) if len(sys.argv) > 4 else 18300 + os.getpid() % 500
scenario = sys.argv[5] if len(sys.argv) > 5 else "example-saturday-handover-delays"
body = pathlib.Path(f"scenarios/{scenario}.json").read_bytes()
base = f"http://127.0.0.1:{port}"
data = pathlib.Path(tempfile.mkdtemp(prefix="wr-storage-"))
env = dict(os.environ)
schema = None
if store == "pg":
    schema = "wr_bench_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", f"create schema {schema}"], check=True)
    env["JDBC_URL"] = f"jdbc:postgresql://127.0.0.1:5432/test?currentSchema={schema}"
    env["JDBC_USER"] = "postgres"
    env["JDBC_PASSWORD"] = ""

def size():
    if store == "h2":
        return sum(f.stat().st_size for f in data.rglob("*") if f.is_file() and (f.name.endswith(".db") or ".sqlite" in f.name))
    q = (f"select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c join pg_namespace s on s.oid = c.relnamespace "
         f"where s.nspname = '{schema}' and c.relkind = 'r'")
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-tAc", q], check=True, capture_output=True, text=True)
    return int(out.stdout.strip())

def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return r.read()

def post(_):
    req = urllib.request.Request(base + "/api/v1/evaluations", data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())["id"]

proc = subprocess.Popen(["java", "-Xmx1g", "-jar", jar, "--port", str(port), "--data", str(data), "--warm-up-evaluations", "0"],
                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(240):
        try:
            get("/ready"); break
        except Exception:
            time.sleep(0.5)
    post(0)   # the first evaluation (and the activation record) is not counted
    before = size()
    t = time.time()
    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(post, range(n)))
    took = time.time() - t
    time.sleep(1)
    live = size()
    one = json.loads(get("/api/v1/evaluations/" + ids[-1] + "?include=audit"))
    verify = json.loads(get("/api/v1/audit/verify"))
    proc.send_signal(signal.SIGTERM)
    proc.wait(60)
    stopped = size() if store == "h2" else live
    files = sorted(f.name for f in data.rglob("*") if f.is_file() and (f.name.endswith(".db") or ".sqlite" in f.name))
    print(json.dumps({"store": store, "files": files, "scenario": scenario, "evaluations": n, "seconds": round(took, 1),
                      "bytesPerRecordLive": round((live - before) / n), "bytesPerRecordAfterStop": round((stopped - before) / n),
                      "ratioToCeilingLive": round((live - before) / n / 16384, 2),
                      "ratioToCeilingAfterStop": round((stopped - before) / n / 16384, 2),
                      "answerHasAudit": "audit" in one, "verify": verify.get("ok"), "verifiedRecords": verify.get("records")}))
finally:
    if proc.poll() is None:
        proc.kill()
    shutil.rmtree(data, ignore_errors=True)
    if schema:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-qc", f"drop schema {schema} cascade"])

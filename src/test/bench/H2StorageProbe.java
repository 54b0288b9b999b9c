// Why the embedded H2 file keeps more than the bytes stored: inserts N rows the shape of an audit record (a
// payload of PAYLOAD's bytes, e.g. a Saturday example result deflated), GROUP rows a commit, each commit followed
// by CHECKPOINT SYNC as the service does, and prints the file's growth per row. H2's store never overwrites a page:
// every commit writes the leaf pages it touched again (the last data leaf, with the previous record in it, and one
// leaf of each index), and the old copies stay in the file until a compaction moves the live pages out.
//   gzip -6 -c result.json > /tmp/payload.gz
//   PAYLOAD=/tmp/payload.gz java -cp target/winter-room.jar src/test/bench/H2StorageProbe.java bytea 5000 4 [";RETENTION_TIME=0"]
// Environment: EVERY=n compacts (MVStore.compact(FILL, 8 MB), FILL default 80) every n commits; COMPACT=1 runs
// SHUTDOWN COMPACT at the end (what the rows take once every dead page is gone).
import java.sql.*; import java.nio.file.*; import java.util.*;
public class H2StorageProbe {
  public static void main(String[] a) throws Exception {
    String type = a[0]; int n = Integer.parseInt(a[1]); int group = Integer.parseInt(a[2]); String extra = a.length > 3 ? a[3] : "";
    byte[] blob = Files.readAllBytes(Path.of(System.getenv().get("PAYLOAD")));
    Path dir = Files.createTempDirectory("h2-storage-probe");
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" + (extra.contains("WRITE_DELAY") ? "" : ";WRITE_DELAY=0") + extra;
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      c.createStatement().execute("create table t (seq bigint primary key, id varchar(64) not null unique, kind varchar(40), recorded_at timestamp with time zone, tags varchar, input_z " + type + ", result_z " + type + ", hash varchar(100))");
      c.createStatement().execute("create index t_kind on t(kind, seq)"); c.createStatement().execute("create index t_rec on t(recorded_at)");
      c.setAutoCommit(false);
      long base = Files.size(dir.resolve("db.mv.db"));
      long t0 = System.nanoTime(); long compactNanos = 0; long half = 0; int compactions = 0;
      PreparedStatement ps = c.prepareStatement("insert into t values (?, ?, 'EVALUATION', now(), ',org:LTHT,org:LCH,trigger:T3,', ?, ?, ?)");
      Random r = new Random(1);
      for (int i = 1; i <= n; i++) {
        byte[] b = blob.clone(); b[b.length/2] = (byte) i; // distinct
        byte[] in = new byte[716]; r.nextBytes(in);
        ps.setLong(1, i); ps.setString(2, UUID.randomUUID().toString()); ps.setBytes(3, in); ps.setBytes(4, b); ps.setString(5, "hmac:" + "ab".repeat(32));
        ps.executeUpdate();
        if (i == n / 2) { half = Files.size(dir.resolve("db.mv.db")); }
        if (i % group == 0) { c.commit(); c.createStatement().execute("CHECKPOINT SYNC");
          int every = Integer.parseInt(System.getenv().getOrDefault("EVERY", "0"));
          if (every > 0 && (i / group) % every == 0) {
            var mv = ((org.h2.engine.SessionLocal) ((org.h2.jdbc.JdbcConnection) c).getSession()).getDatabase().getStore().getMvStore();
            long tc = System.nanoTime(); mv.compact(Integer.parseInt(System.getenv().getOrDefault("FILL", "80")), 8 << 20); compactNanos += System.nanoTime() - tc; compactions++;
          } }
      }
      c.commit();
      long live = Files.size(dir.resolve("db.mv.db"));
      System.out.printf("second half: %d B/record%n", (Files.size(dir.resolve("db.mv.db")) - half) / (n - n / 2));
      System.out.printf("compactions %d, %.1f ms each%n", compactions, compactNanos / 1e6 / Math.max(1, compactions));
      System.out.printf("%s n=%d group=%d %s: live %d B/record, %.1f s%n", type, n, group, extra, (live - base) / n, (System.nanoTime() - t0) / 1e9);
    }
    if (System.getenv("COMPACT") != null) try (Connection c = DriverManager.getConnection(url, "sa", "")) { c.createStatement().execute("SHUTDOWN COMPACT"); }
    long closed = Files.size(dir.resolve("db.mv.db"));
    System.out.printf("   after close %d B/record%n", closed / n);
  }
}

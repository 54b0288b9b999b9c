// Whether SQLite keeps an audit record the size of the Leeds whole-system day within 16 KB of file, durable per
// commit: the audit_record table with its 6 indexes and audit_chain_head as the service has them, WAL with
// synchronous=FULL (every commit fsyncs the WAL before it returns), rows of incompressible bytes the size of that
// record's compressed input and result (1,391 + 11,495 B) with ~20 tags, 1 or 2 rows a commit, the chain head
// updated each commit; then a checkpoint, and database + WAL file bytes per row.
//   java -cp ~/.m2/repository/org/xerial/sqlite-jdbc/3.54.1.0/sqlite-jdbc-3.54.1.0.jar src/test/bench/SqliteStorageProbe.java [N] [PAGE_SIZE...]
// Measured 2026-12-03 (load average 1.4-1.9), N=2,000, database + WAL bytes per row:
//   page_size  4096 (SQLite's default): 15,681 live, 13,799 after wal_checkpoint(truncate) (0.84 of 16,384), 656 rows/s
//   page_size  8192:                    19,939 live, 16,518 after (1.01)
//   page_size 16384:                    24,399 live, 16,465 after (1.00)
// The live figure holds the WAL, which auto-checkpoints at 1,000 pages and so is bounded (about 4 MB at 4 KB pages),
// not a cost per row. At 4 KB pages a row's overflow pages are full (SQLite keeps on the leaf whatever makes them so),
// so a row takes its bytes and a few hundred more; at larger pages each leaf holds about one row's local part, part empty.
import java.sql.*; import java.nio.file.*; import java.util.*;
public class SqliteStorageProbe {
  public static void main(String[] a) throws Exception {
    int n = a.length > 0 ? Integer.parseInt(a[0]) : 2000;
    int[] pages = a.length > 1 ? Arrays.stream(a, 1, a.length).mapToInt(Integer::parseInt).toArray() : new int[] {4096, 8192, 16384};
    for (int page : pages) run(n, page);
  }

  static long files(Path dir) throws Exception {
    long s = 0;
    try (var list = Files.list(dir)) { for (Path p : list.toList()) s += Files.size(p); }
    return s;
  }

  static void run(int n, int page) throws Exception {
    Path dir = Files.createTempDirectory("sqlite-storage-probe");
    Path db = dir.resolve("winter-room.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("pragma page_size = " + page);
        s.execute("pragma journal_mode = wal");
        s.execute("pragma synchronous = full");
        s.execute("create table audit_record (seq integer not null primary key, id varchar(64) not null unique, kind varchar(40) not null,"
            + " subject varchar(200), recorded_at text not null, actor varchar(200) not null, ruleset_version varchar(100), as_of text,"
            + " tags varchar not null, input_json text, result_json text, prev_hash varchar(100) not null, hash varchar(100) not null,"
            + " hash_format smallint, input_z blob, result_z blob)");
        s.execute("create index audit_record_kind_seq on audit_record (kind, seq)");
        s.execute("create index audit_record_recorded_at on audit_record (recorded_at)");
        s.execute("create index audit_record_as_of on audit_record (as_of)");
        s.execute("create index audit_record_subject on audit_record (subject)");
        s.execute("create table audit_chain_head (id int not null primary key, seq bigint not null, hash varchar(100) not null)");
        s.execute("insert into audit_chain_head values (1, 0, '" + "0".repeat(64) + "')");
      }
      c.setAutoCommit(false);
      StringBuilder tags = new StringBuilder(",");
      for (String t : new String[] {"org:LTHT", "org:LCH", "org:LYPFT", "org:YAS", "org:LCC", "org:WYICB", "org:MHT", "org:HDFT",
          "org:BTHFT", "org:CHFT", "trigger:T3", "trigger:T5", "trigger:T7", "breach:P7", "breach:P3", "level:OPEL3", "level:OPEL4",
          "action:A12", "action:A14", "scenario:leeds"}) tags.append(t).append(',');
      Random r = new Random(1);
      long base = files(dir);
      long t0 = System.nanoTime();
      String prev = "0".repeat(64);
      try (PreparedStatement ins = c.prepareStatement("insert into audit_record (seq, id, kind, subject, recorded_at, actor, ruleset_version,"
              + " as_of, tags, prev_hash, hash, hash_format, input_z, result_z) values (?, ?, 'EVALUATION', null, ?, 'anonymous', ?, ?, ?, ?, ?, 2, ?, ?)");
           PreparedStatement head = c.prepareStatement("update audit_chain_head set seq = ?, hash = ? where id = 1")) {
        int i = 0;
        while (i < n) {
          int group = 1 + r.nextInt(2);
          for (int g = 0; g < group && i < n; g++) {
            i++;
            byte[] in = new byte[1391]; r.nextBytes(in);
            byte[] out = new byte[11495]; r.nextBytes(out);
            String hash = "hmac:" + HexFormat.of().formatHex(Arrays.copyOf(in, 32));
            String now = java.time.Instant.now().toString();
            ins.setLong(1, i); ins.setString(2, UUID.randomUUID().toString()); ins.setString(3, now); ins.setString(4, "sha256:" + "cd".repeat(32));
            ins.setString(5, "2026-01-10T08:00:00Z"); ins.setString(6, tags.toString()); ins.setString(7, prev); ins.setString(8, hash);
            ins.setBytes(9, in); ins.setBytes(10, out);
            ins.executeUpdate();
            prev = hash;
            head.setLong(1, i); head.setString(2, hash); head.executeUpdate();
          }
          c.commit();
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long live = files(dir);
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) { s.execute("pragma wal_checkpoint(truncate)"); }
      long checkpointed = files(dir);
      System.out.printf("page_size %5d, n=%d: live (db + wal) %d B/row, after checkpoint(truncate) %d B/row (%.2f of 16,384), %.1f s, %.0f rows/s%n",
          page, n, (live - base) / n, (checkpointed - base) / n, (checkpointed - base) / (double) n / 16384, secs, n / secs);
    }
    try (var list = Files.list(dir)) { for (Path p : list.toList()) Files.delete(p); }
    Files.delete(dir);
  }
}

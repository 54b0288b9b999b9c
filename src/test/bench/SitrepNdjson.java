// The trust-days of a sitrep CSV as NDJSON situations, read as import-sitrep and the impact route read them,
// so the batch route can be timed on the same situations as the impact route:
//   java -cp target/winter-room.jar src/test/bench/SitrepNdjson.java FILE.csv > sitrep.ndjson
import winterroom.sitrep.SitrepFile;

import java.nio.file.Path;

public class SitrepNdjson {
    public static void main(String[] args) throws Exception {
        var out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, "UTF-8");
        for (SitrepFile.TrustDay d : SitrepFile.read(Path.of(args[0])).trustDays()) out.println(d.situation().toString());
        out.flush();
    }
}

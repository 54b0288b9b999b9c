package winterroom.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.Zstd;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import winterroom.Json;
import winterroom.engine.Evaluator;
import winterroom.policy.ActiveRuleset;
import winterroom.policy.Ruleset;
import winterroom.situation.SituationParser;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.DataFormatException;

import static org.junit.jupiter.api.Assertions.*;

/** The stored bytes of audit records: what they read back to, how small they are, and that old records still read. */
class StoredJsonTest {
    /** Every shipped dictionary's SHA-256. Records kept with one are unreadable without it byte for byte. */
    static final Map<String, String> SHIPPED = Map.of(
            "audit/records-1.zdict", "40951778abc9a3d5fcd0f38a024c872cff1312781dece54e1ee1ba475faeb671");

    static byte[] saturdayResult;

    @BeforeAll
    static void evaluateTheSaturdayExample() throws Exception {
        Ruleset ruleset = ActiveRuleset.load(Path.of("rules")).get();
        ObjectNode input = (ObjectNode) Json.mapper().readTree(Path.of("scenarios/example-saturday-handover-delays.json").toFile());
        input.remove("expect");
        var result = new Evaluator(Json.mapper(), 20000).evaluate(ruleset, SituationParser.parse(input, ruleset.catalogues()), "t", Instant.now());
        saturdayResult = Json.mapper().writeValueAsBytes(result);
    }

    @Test
    void noShippedDictionaryHasChanged() throws Exception {
        assertEquals(SHIPPED.keySet(), java.util.Set.copyOf(StoredJson.DICTIONARIES), "every shipped dictionary is pinned here");
        for (var e : SHIPPED.entrySet()) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(e.getKey())) {
                assertNotNull(in, e.getKey());
                String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
                assertEquals(e.getValue(), digest, e.getKey() + " changed: records kept with it would no longer read; ship a new one beside it");
            }
        }
    }

    @Test
    void aRecordReadsBackToTheSameTextAndNamesItsDictionary() throws Exception {
        byte[] stored = StoredJson.compress(saturdayResult);
        assertTrue(StoredJson.isZstd(stored));
        assertEquals(StoredJson.dictionaryId(), Zstd.getDictIdFromFrame(stored));
        assertEquals(new String(saturdayResult, StandardCharsets.UTF_8), StoredJson.text(stored));
    }

    @Test
    void theDictionaryKeepsARecordInUnderHalfOfWhatDeflateTakes() {
        // the Saturday example was left out of the dictionary's training (TrainRecordDictionary.HELD_OUT)
        assertFalse(TrainRecordDictionary.HELD_OUT.isEmpty());
        int zstd = StoredJson.compress(saturdayResult).length, deflated = StoredJson.deflate(saturdayResult).length;
        assertTrue(zstd * 2 < deflated, "zstd with the dictionary " + zstd + " B against deflate " + deflated + " B");
    }

    @Test
    void recordsDeflatedBeforeTheDictionaryStillRead() throws Exception {
        assertEquals("{\"kept\":\"deflated\"}", StoredJson.text(StoredJson.deflate("{\"kept\":\"deflated\"}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void bytesThatAreNeitherAreRefusedInWords() {
        byte[] stored = StoredJson.compress(saturdayResult);
        byte[] cut = java.util.Arrays.copyOf(stored, stored.length / 2);
        assertThrows(DataFormatException.class, () -> StoredJson.text(cut));
        byte[] plain = Zstd.compress("{\"no\":\"dictionary\"}".getBytes(StandardCharsets.UTF_8));   // dictionary id 0
        var e = assertThrows(DataFormatException.class, () -> StoredJson.text(plain));
        assertTrue(e.getMessage().contains("dictionary 0"), e.getMessage());
        assertThrows(DataFormatException.class, () -> StoredJson.text("not stored bytes".getBytes(StandardCharsets.UTF_8)));
    }
}

package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code list --filter}: the window's filter words on the command line, with the count of matches said. */
class ListFilterTest {
    @TempDir
    Path dir;

    @Test
    void originAndPrefixFiltersOnARibDumpCountWhatBgpdumpPrints() throws Exception {
        Path rib = TestCaptures.file("frr-rib.mrt");
        List<String> bgpdump = TestCaptures.referenceLines("frr-rib.mrt.bgpdump.txt");
        // bgpdump's ADD-PATH rows (TABLE_DUMP2_AP) have the path identifier before the AS path.
        long origin65010 = bgpdump.stream().map(l -> l.split("\\|")).map(f -> f[0].endsWith("_AP") ? f[7] : f[6])
                .filter(path -> path.matches("(.* )?65010")).count();
        assertTrue(origin65010 > 1000, "the dump's routes come from AS 65010");
        CliTest.Run r = CliTest.run("list", rib.toString(), "--filter", "origin:65010");
        assertEquals(0, r.code(), r.err());
        assertEquals(origin65010, r.out().lines().count());
        assertTrue(r.err().contains(String.format("%,d of", origin65010)), r.err());

        String someRoute = bgpdump.get(bgpdump.size() / 2).split("\\|")[5];
        long sameRoute = bgpdump.stream().filter(l -> l.split("\\|")[5].equals(someRoute)).count();
        CliTest.Run p = CliTest.run("list", rib.toString(), "--filter", "prefix:" + someRoute);
        assertEquals(sameRoute, p.out().lines().count(), someRoute);
        assertTrue(p.out().lines().allMatch(l -> l.contains("RIB_")), p.out());
    }

    @Test
    void theOriginOfATwoOctetSessionIsAs4PathsLastAsNotAsTrans() throws Exception {
        // RFC 6793 §4.2.3: AS_PATH 65001 23456 with AS4_PATH 4200000001; NLRI 198.51.100.0/24.
        String attrs = "40010100" + "400206" + "0202fde95ba0" + "400304c0000201" + "c01106" + "0201fa56ea01";
        String body = "0000" + String.format("%04x", attrs.length() / 2) + attrs + "18c63364";
        String msg = "ff".repeat(16) + String.format("%04x", 19 + body.length() / 2) + "02" + body;
        Path raw = dir.resolve("as4.bgp");
        Files.write(raw, HexFormat.of().parseHex(msg));

        assertEquals(1, CliTest.run("list", raw.toString(), "--filter", "origin:4200000001").out().lines().count());
        assertEquals(0, CliTest.run("list", raw.toString(), "--filter", "origin:23456").out().lines().count());
        assertEquals(1, CliTest.run("list", raw.toString(), "--filter", "asn:65001 prefix:198.51.100.0/24").out().lines().count());
        assertEquals(0, CliTest.run("list", raw.toString(), "--filter", "asn:65001 prefix:198.51.101.0/24").out().lines().count());
    }

    @Test
    void aBadFilterWordIsBadUsage() {
        CliTest.Run r = CliTest.run("list", TestCaptures.file("bird-frr.pcap").toString(), "--filter", "origin:ten");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("bgpscope: --filter: an AS number"), r.err());
    }
}

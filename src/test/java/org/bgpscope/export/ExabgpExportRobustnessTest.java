package org.bgpscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.capture.Progress;
import org.bgpscope.cli.Cli;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ExaBGP export on malformed messages (it threw NullPointerException on 1,674 of 2,000 mutated
 * messages): each one gives one valid JSON line holding what was decodable and an "error" field
 * naming what was not, through the exporter and through the command line.
 */
class ExabgpExportRobustnessTest {
    static final String MARKER = "ffffffffffffffffffffffffffffffff";
    /** ORIGIN IGP, an empty AS_PATH and NEXT_HOP 192.0.2.1, then the attribute under test. */
    static final String BASE_ATTRS = "40010100" + "400200" + "400304c0000201";

    static String update(String attrs, String nlri) {
        String body = "0000" + String.format("%04x", attrs.length() / 2) + attrs + nlri;
        return MARKER + String.format("%04x", 19 + body.length() / 2) + "02" + body;
    }

    static final String OPEN_19 = MARKER + "0013" + "01";
    static final String NOTIFICATION_19 = MARKER + "0013" + "03";
    static final String ROUTE_REFRESH_19 = MARKER + "0013" + "05";
    /** MED with 2 bytes instead of 4 (RFC 4271 §5.1.4), then 192.0.2.0/24. */
    static final String MED_SHORT = update(BASE_ATTRS + "80040200ff", "18c00002");
    /** LOCAL_PREF with 3 bytes instead of 4 (RFC 4271 §5.1.5). */
    static final String LOCAL_PREF_LONG = update(BASE_ATTRS + "4005030000" + "64", "18c00002");
    /** MP_UNREACH_NLRI of 1 byte: not even its AFI (RFC 4760 §4). */
    static final String MP_UNREACH_ODD = update("800f0100", "");
    /** MP_UNREACH_NLRI of 5 bytes: IPv6 unicast and a prefix length of 64 with one byte of prefix. */
    static final String MP_UNREACH_CUT = update("800f050002014020", "");
    /**
     * As in tcpdump's bgp-as-path-oobr.pcap: an AS_SEQUENCE whose count (5) runs past its 4-byte
     * AS_PATH; then 192.0.2.0/24.
     */
    static final String AS_PATH_OOBR = update("40010100" + "40020402" + "05fde9" + "400304c0000201", "18c00002");

    static final String[] ALL = {OPEN_19, NOTIFICATION_19, ROUTE_REFRESH_19, MED_SHORT, LOCAL_PREF_LONG, MP_UNREACH_ODD,
        MP_UNREACH_CUT, AS_PATH_OOBR};

    @TempDir
    Path dir;

    private List<JsonNode> export(String... hex) throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (String h : hex) {
            raw.writeBytes(HexFormat.of().parseHex(h));
        }
        try (CaptureIndex index = TempCaptures.index(dir, "m.bgp", raw.toByteArray())) {
            assertEquals(hex.length, index.messages().size());
            BitSet all = new BitSet();
            all.set(0, hex.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(hex.length, Exporter.export(index, MessageSelection.of(all), ExportFormat.EXABGP, out, Progress.NONE).written());
            ObjectMapper json = new ObjectMapper();
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertEquals(hex.length, lines.size(), out.toString(StandardCharsets.UTF_8));
            return lines.stream().map(l -> {
                try {
                    return json.readTree(l);
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + l, e);
                }
            }).toList();
        }
    }

    private static String error(JsonNode line) {
        assertTrue(line.has("error"), "no error field: " + line);
        return line.get("error").asText();
    }

    @Test
    void nineteenByteOpenNotificationAndRouteRefreshSayWhatIsMissing() throws Exception {
        List<JsonNode> l = export(OPEN_19, NOTIFICATION_19, ROUTE_REFRESH_19);
        assertEquals("open", l.get(0).get("type").asText());
        assertTrue(l.get(0).at("/neighbor/open").isObject(), l.get(0).toString());
        assertFalse(l.get(0).at("/neighbor/open").has("asn"));
        assertEquals(0, l.get(0).at("/neighbor/asn/peer").asLong(), "an OPEN too short to name its AS: 0, as ExaBGP's unknown");
        assertTrue(error(l.get(0)).contains("OPEN"), error(l.get(0)));
        assertEquals("notification", l.get(1).get("type").asText());
        assertFalse(l.get(1).at("/neighbor/notification").has("code"));
        assertFalse(error(l.get(1)).isEmpty());
        assertEquals("refresh", l.get(2).get("type").asText());
        assertTrue(l.get(2).at("/neighbor/route-refresh").isObject(), l.get(2).toString());
        assertFalse(l.get(2).at("/neighbor/route-refresh").has("afi"));
        assertFalse(error(l.get(2)).isEmpty());
    }

    @Test
    void medAndLocalPrefOfTheWrongLengthKeepTheRestOfTheUpdateAndWithdrawItsRoutes() throws Exception {
        List<JsonNode> l = export(MED_SHORT, LOCAL_PREF_LONG);
        for (JsonNode line : l) {
            JsonNode u = line.at("/neighbor/message/update");
            assertEquals("igp", u.at("/attribute/origin").asText(), line.toString());
            // RFC 7606 §7.4 and §7.5: treat-as-withdraw, so the route is withdrawn, never announced.
            assertTrue(u.path("announce").isMissingNode(), line.toString());
            assertEquals("192.0.2.0/24", u.at("/withdraw/ipv4 unicast/0/nlri").asText(), line.toString());
        }
        assertFalse(l.get(0).at("/neighbor/message/update/attribute").has("med"));
        assertTrue(error(l.get(0)).contains("MULTI_EXIT_DISC") || error(l.get(0)).toLowerCase().contains("med"), error(l.get(0)));
        assertFalse(l.get(1).at("/neighbor/message/update/attribute").has("local-preference"));
        assertTrue(error(l.get(1)).contains("LOCAL_PREF") || error(l.get(1)).toLowerCase().contains("local"), error(l.get(1)));
    }

    @Test
    void shortMpUnreachIsAnErrorNotAWithdrawal() throws Exception {
        List<JsonNode> l = export(MP_UNREACH_ODD, MP_UNREACH_CUT);
        for (JsonNode line : l) {
            assertEquals("update", line.get("type").asText());
            assertFalse(error(line).isEmpty());
        }
    }

    @Test
    void asPathSegmentRunningPastTheAttributeKeepsOriginAndWithdrawsTheNlri() throws Exception {
        JsonNode line = export(AS_PATH_OOBR).getFirst();
        JsonNode u = line.at("/neighbor/message/update");
        assertEquals("igp", u.at("/attribute/origin").asText(), line.toString());
        // RFC 7606 §7.2: a malformed AS_PATH is treat-as-withdraw.
        assertTrue(u.path("announce").isMissingNode(), line.toString());
        assertEquals("192.0.2.0/24", u.at("/withdraw/ipv4 unicast/0/nlri").asText(), line.toString());
        assertTrue(error(line).contains("AS_PATH") || error(line).contains("segment"), error(line));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void theCommandLineExportsEachCleanly(int k) throws Exception {
        Path in = TempCaptures.write(dir, "m" + k + ".bgp", HexFormat.of().parseHex(ALL[k]));
        Path outFile = dir.resolve("m" + k + ".jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"export", in.toString(), "--format", "exabgp", "-o", outFile.toString()});
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(code == 0 || code == 1 && e.strip().lines().count() == 1, "exit " + code + ": " + e);
        assertEquals(0, code, e);
        List<String> lines = Files.readAllLines(outFile);
        assertEquals(1, lines.size());
        JsonNode line = new ObjectMapper().readTree(lines.getFirst());
        assertFalse(error(line).isEmpty());
    }
}

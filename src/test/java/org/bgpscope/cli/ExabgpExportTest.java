package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `export --format exabgp` writes ExaBGP 4's JSON for what ExaBGP itself sent in exa-gobgp.pcap. */
class ExabgpExportTest {
    @TempDir
    Path dir;

    @Test
    void updatesOpensAndNotificationsReadLikeExabgpsOwnJson() throws Exception {
        Path out = dir.resolve("x.jsonl");
        assertEquals(0, CliTest.run("export", TestCaptures.file("exa-gobgp.pcap").toString(),
                "--messages", "1,5,10,12,1232,1236", "--format", "exabgp", "-o", out.toString()).code());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = Files.readAllLines(out).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(6, lines.size());
        JsonNode open = lines.get(0);
        assertEquals("open", open.get("type").asText());
        assertEquals(65002, open.at("/neighbor/open/asn").asInt());
        assertEquals(65001, open.at("/neighbor/asn/local").asInt(), "the other side's OPEN comes later");
        assertEquals(6, open.at("/neighbor/open/capabilities/1/families").size(), "six multiprotocol families");
        assertEquals("nlri-mpls", lines.get(1).at("/neighbor/message/eor/safi").asText());
        JsonNode update = lines.get(2).at("/neighbor/message/update");
        assertEquals("igp", update.at("/attribute/origin").asText());
        assertEquals("[65001,64512,64513]", update.at("/attribute/as-path").toString());
        assertEquals("[[65001,100],[65001,200],[65535,65281]]", update.at("/attribute/community").toString());
        assertEquals("[[65001,1,1]]", update.at("/attribute/large-community").toString());
        assertEquals("192.0.2.0/24", update.at("/announce/ipv4 unicast/10.200.0.1/0/nlri").asText());
        assertEquals("[65001]", lines.get(3).at("/neighbor/message/update/attribute/as-path").toString());
        assertEquals("[64999,64998]", lines.get(3).at("/neighbor/message/update/attribute/as-set").toString());
        assertEquals("0.0.0.7", lines.get(3).at("/neighbor/message/update/announce/ipv4 unicast/10.200.0.1/0/path-information").asText());
        assertEquals("203.0.113.128/25", lines.get(4).at("/neighbor/message/update/withdraw/ipv4 unicast/0/nlri").asText());
        JsonNode n = lines.get(5);
        assertEquals(6, n.at("/neighbor/notification/code").asInt());
        String text = "maintenance window: upgrading line cards";
        // RFC 9003 §2: a length byte, then the UTF-8 text; ExaBGP writes the data field as hex
        assertEquals("0x28" + java.util.HexFormat.of().withUpperCase().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                n.at("/neighbor/notification/data").asText());
        String raw = Files.readAllLines(out).get(5);
        assertEquals(true, raw.contains("\"time\":1795534598.854445,"), raw);
    }

    @Test
    void anUpdateTheTreeSaysToTreatAsWithdrawIsNeverAnnounced() throws Exception {
        // Message 1231: ExaBGP's flowspec rule with a component of type 0 (RFC 8955: treat-as-withdraw).
        Path out = dir.resolve("tw.jsonl");
        assertEquals(0, CliTest.run("export", TestCaptures.file("exa-gobgp.pcap").toString(),
                "--messages", "1231", "--format", "exabgp", "-o", out.toString()).code());
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(out).getFirst());
        JsonNode update = line.at("/neighbor/message/update");
        assertTrue(update.path("announce").isMissingNode(), "no rule is announced, least of all 0.0.0.0/0: " + update);
        assertTrue(line.path("error").asText().contains("component type 0"), line.toString());
    }

    @Test
    void aTreatAsWithdrawUpdateWithdrawsTheRoutesItCouldDelimit() throws Exception {
        // ORIGIN 5 is malformed (RFC 7606 §7.1: treat-as-withdraw); the NLRI 192.0.2.0/24 is sound.
        byte[] body = java.util.HexFormat.of().parseHex("0000" + "0014" + "40010105" + "40020602010000fde9"
                + "4003040a000001".substring(0, 14) + "18c00002");
        byte[] m = new byte[19 + body.length];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[17] = (byte) m.length;
        m[18] = 2;
        System.arraycopy(body, 0, m, 19, body.length);
        Path in = Files.write(dir.resolve("tw.bgp"), m);
        Path out = dir.resolve("tw2.jsonl");
        assertEquals(0, CliTest.run("export", in.toString(), "--format", "exabgp", "-o", out.toString()).code());
        JsonNode update = new ObjectMapper().readTree(Files.readAllLines(out).getFirst()).at("/neighbor/message/update");
        assertTrue(update.path("announce").isMissingNode(), update.toString());
        assertEquals("192.0.2.0/24", update.at("/withdraw/ipv4 unicast/0/nlri").asText(), update.toString());
    }
}

package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TABLE_DUMP_V2 RIB_GENERIC records (RFC 6396 §4.3.3) and their ADD-PATH form (RFC 8050 §4), built
 * byte by byte: the single NLRI is read in its family's own encoding (flow specification, EVPN), each
 * entry is a row of its own, and a family whose NLRI length cannot be read is said, not guessed.
 */
class RibGenericTest {
    @TempDir
    Path dir;

    private static String record(int subtype, String body) {
        String b = body.replace(" ", "");
        return String.format("6553f164000d%04x%08x", subtype, b.length() / 2) + b;
    }

    // PEER_INDEX_TABLE: collector 192.0.2.254, no view name, one peer: type 2 (IPv4, 4-octet AS), id and address 192.0.2.1, AS 65001.
    private static final String PEERS = record(1, "c00002fe 0000 0001 02 c0000201 c0000201 0000fde9");
    // ORIGIN IGP, AS_PATH (4-octet) AS_SEQUENCE 65001.
    private static final String ORIGIN_PATH = "40010100 40020602010000fde9";
    // IPv4 flow specification (AFI 1, SAFI 133): destination 10.0.0.0/24 (RFC 8955 §4.2.2.1), traffic-rate 0 (discard).
    private static final String FLOW = record(6, "00000001 0001 85 05 01 180a0000 0001 0000 6553f100 0018 " + ORIGIN_PATH
            + " c01008 8006 0000 00000000");
    // L2VPN EVPN (AFI 25, SAFI 70): inclusive multicast route (RFC 7432 §7.3), RD 192.0.2.1:100, tag 0, router 192.0.2.1.
    private static final String EVPN = record(6, "00000002 0019 46 03 11 0001c00002010064 00000000 20 c0000201 0001 0000 6553f100 000d "
            + ORIGIN_PATH);
    // The same flow rule with ADD-PATH: the entry carries path id 7 (RFC 8050 §4), the NLRI none.
    private static final String FLOW_ADDPATH = record(12, "00000003 0001 85 05 01 180a0000 0001 0000 6553f100 00000007 000d " + ORIGIN_PATH);
    // SAFI 200, unassigned: its NLRI's length cannot be known.
    private static final String UNKNOWN = record(6, "00000004 0001 c8 0102 0001 0000 6553f100 0000");

    @Test
    void ribGenericEntriesAreReadByTheirFamilysNlriEncoding() throws Exception {
        Path f = dir.resolve("generic.mrt");
        Files.write(f, HexFormat.of().parseHex(PEERS + FLOW + EVPN + FLOW_ADDPATH + UNKNOWN));
        try (CaptureIndex index = CaptureIndex.open(f, Progress.NONE)) {
            Sessions sessions = new Sessions(index);
            assertEquals(5, index.messages().size());
            for (int i = 1; i <= 3; i++) {
                assertEquals(MessageKind.MRT_RIB_ENTRY, index.messages().kind(i));
                FieldNode root = MessageDecoder.decode(index, i, sessions).root();
                assertEquals(List.of(), root.problems(), root.text());
                assertTrue(!root.hasProblemsBelow(), root.toString());
            }
            FieldNode flow = MessageDecoder.decode(index, 1, sessions).root();
            assertEquals(1L, flow.find("mrt.rib.afi").getFirst().value());
            assertEquals(133L, flow.find("mrt.rib.safi").getFirst().value());
            assertTrue(String.valueOf(flow.find("mrt.rib.nlri").getFirst().value()).contains("10.0.0.0/24"), flow.toString());
            assertEquals(1, flow.find("bgp.update.attr.extended_communities").size(), "the entry's attributes are decoded");
            FieldNode evpn = MessageDecoder.decode(index, 2, sessions).root();
            String route = String.valueOf(evpn.find("mrt.rib.nlri").getFirst().value());
            assertTrue(route.contains("192.0.2.1:100") && route.contains("192.0.2.1"), route);
            FieldNode addPath = MessageDecoder.decode(index, 3, sessions).root();
            assertEquals(7L, addPath.find("mrt.rib.path_id").getFirst().value());
            assertEquals(MessageKind.MRT_OTHER, index.messages().kind(4));
            assertTrue(index.problems().stream().anyMatch(p -> p.text().startsWith("RIB_GENERIC for AFI 1 SAFI 200: the NLRI's length "
                    + "cannot be read")), index.problems().toString());
        }
    }
}

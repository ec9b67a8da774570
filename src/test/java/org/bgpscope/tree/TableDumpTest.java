package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MRT TABLE_DUMP (type 12, RFC 6396 §4.2), the RIB format of MRTd and Zebra before TABLE_DUMP_V2,
 * built byte by byte: an IPv4 entry (subtype 1) and an IPv6 entry (subtype 2) whose MP_REACH_NLRI is
 * in the abbreviated form Zebra wrote (next hop length and next hop only, as RFC 6396 §4.3.4 later
 * made the rule for TABLE_DUMP_V2). bgpdump 1.6 -m reads the file as the lines in the test.
 */
class TableDumpTest {
    @TempDir
    Path dir;

    private static final String FILE = ""
            // timestamp 1700000100, type 12, subtype 1 (IPv4), length 42
            + "6553f164 000c 0001 0000002a"
            // view 0, sequence 7, prefix 198.51.100.0, length 24, status 1, originated 1700000000
            + "0000 0007 c6336400 18 01 6553f100"
            // peer 192.0.2.1, peer AS 65001, attribute length 20
            + "c0000201 fde9 0014"
            // ORIGIN IGP, AS_PATH (2-octet) AS_SEQUENCE 65001 65002, NEXT_HOP 192.0.2.1
            + "40010100 400206 0202fde9fdea 400304c0000201"
            // subtype 2 (IPv6), length 79: view 0, sequence 8, 2001:db8:100::/48, status 1, originated
            + "6553f164 000c 0002 0000004f" + "0000 0008 20010db8010000000000000000000000 30 01 6553f100"
            // peer 2001:db8::1, peer AS 65001, attribute length 33
            + "20010db8000000000000000000000001 fde9 0021"
            // ORIGIN, AS_PATH, MP_REACH_NLRI abbreviated: next hop length 16, 2001:db8::1
            + "40010100 400206 0202fde9fdea 800e11 10 20010db8000000000000000000000001";

    @Test
    void tableDumpEntriesReadAsBgpdumpReadsThem() throws Exception {
        Path f = dir.resolve("td.mrt");
        Files.write(f, HexFormat.of().parseHex(FILE.replace(" ", "")));
        List<String> theirs = List.of(
                "TABLE_DUMP|1700000100|B|192.0.2.1|65001|198.51.100.0/24|65001 65002|IGP|192.0.2.1",
                "TABLE_DUMP|1700000100|B|2001:db8::1|65001|2001:db8:100::/48|65001 65002|IGP|2001:db8::1");
        List<String> ours = new ArrayList<>();
        try (CaptureIndex index = CaptureIndex.open(f, Progress.NONE)) {
            assertEquals(List.of(), index.problems());
            Sessions sessions = new Sessions(index);
            for (int i = 0; i < index.messages().size(); i++) {
                assertEquals(MessageKind.MRT_RIB_ENTRY, index.messages().kind(i));
                FieldNode root = MessageDecoder.decode(index, i, sessions).root();
                assertEquals(List.of(), root.problems(), root.text());
                Flow flow = index.flows().flow(index.messages().flow(i));
                List<FieldNode> mp = root.find("bgp.update.attr.mp_reach.next_hop");
                String hop = mp.isEmpty() ? (String) root.find("bgp.update.attr.next_hop").getFirst().value() : (String) mp.getFirst().value();
                ours.add("TABLE_DUMP|" + index.messages().time(i) / 1_000_000_000L + "|B|" + flow.srcAddress() + "|" + flow.srcAs() + "|"
                        + root.find("mrt.rib.prefix").getFirst().value() + "|"
                        + root.find("bgp.update.attr.as_path").getFirst().value() + "|"
                        + root.find("bgp.update.attr.origin").getFirst().value() + "|" + hop);
                // The list's summary says the same: prefix, path (2-octet in TABLE_DUMP) and next hop.
                String[] t = theirs.get(i).split("\\|");
                assertEquals(t[5] + "; path " + t[6] + "; next hop " + t[8], org.bgpscope.bgp.Summaries.summary(index, i, sessions));
            }
        }
        assertEquals(theirs, ours);
    }
}

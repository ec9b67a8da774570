package org.bgpscope.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.capture.MrtReader;
import org.bgpscope.capture.Progress;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;

/** The MRT test captures (src/test/resources/captures) against bgpdump's reading of them. */
class MrtIndexTest {
    @Test
    void everyBgp4mpMessageRecordGivesOneMessageWithItsPeerAndTime() throws Exception {
        var file = TestCaptures.file("gobgp-updates.mrt");
        int messageRecords = 0;
        try (MappedCapture c = MappedCapture.open(file)) {
            MrtReader r = c.mrtRecords();
            while (r.next()) {
                int st = r.subtype();
                if ((r.type() == 16 || r.type() == 17) && st != 0 && st != 5) {
                    messageRecords++;
                }
            }
        }
        try (CaptureIndex index = CaptureIndex.open(file, Progress.NONE)) {
            MessageIndex m = index.messages();
            assertEquals(messageRecords, m.size());
            Set<String> ours = new LinkedHashSet<>();
            int addPath = 0;
            for (int i = 0; i < m.size(); i++) {
                assertEquals(MessageKind.BGP_MESSAGE, m.kind(i));
                assertEquals(i + 1, m.frame(i), "one message per record, in record order");
                assertTrue((m.flags(i) & MessageIndex.F_AS4) != 0, "MESSAGE_AS4 and MESSAGE_AS4_ADDPATH both say 4-octet AS");
                if ((m.flags(i) & MessageIndex.F_ADDPATH) != 0) {
                    addPath++;
                }
                Flow f = index.flows().flow(m.flow(i));
                ours.add(m.time(i) / 1_000_000_000L + "|" + f.srcAddress() + "|" + f.srcAs());
            }
            // bgpdump -m: TYPE|time|A/W|peer ip|peer AS|prefix|...
            Set<String> theirs = new LinkedHashSet<>();
            for (String line : TestCaptures.referenceLines("gobgp-updates.mrt.bgpdump.txt")) {
                String[] f = line.split("\\|");
                theirs.add(f[1] + "|" + f[3] + "|" + f[4]);
            }
            assertEquals(theirs, ours);
            // 1204 records are BGP4MP_MESSAGE_AS4_ADDPATH (subtype 9), 6 are BGP4MP_MESSAGE_AS4 (subtype 4).
            assertEquals(1204, addPath);
        }
    }

    @Test
    void everyTableDumpV2EntryIsListedWithItsPeer() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("frr-rib.mrt"), Progress.NONE)) {
            MessageIndex m = index.messages();
            List<String> ours = new ArrayList<>();
            int peerTables = 0;
            for (int i = 0; i < m.size(); i++) {
                if (m.kind(i) == MessageKind.MRT_PEER_INDEX) {
                    peerTables++;
                    continue;
                }
                assertEquals(MessageKind.MRT_RIB_ENTRY, m.kind(i));
                Flow f = index.flows().flow(m.flow(i));
                assertNotNull(f, "entry " + (i + 1) + " has a peer");
                ours.add(m.time(i) / 1_000_000_000L + "|" + f.srcAddress() + "|" + f.srcAs());
            }
            List<String> theirs = new ArrayList<>();
            for (String line : TestCaptures.referenceLines("frr-rib.mrt.bgpdump.txt")) {
                String[] f = line.split("\\|");
                theirs.add(f[1] + "|" + f[3] + "|" + f[4]);
            }
            assertEquals(1, peerTables);
            assertEquals(2103, theirs.size());
            assertEquals(theirs, ours);
        }
    }

    @Test
    void everyTableDumpV2EntryIsSummarizedWithBgpdumpsPrefixPathAndNextHop() throws Exception {
        // bgpdump -m: TABLE_DUMP2|time|B|peer|peer AS|prefix|AS path|origin|next hop|... (and TABLE_DUMP2_AP)
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("frr-rib.mrt"), Progress.NONE)) {
            List<String> ours = new ArrayList<>();
            for (int i = 0; i < index.messages().size(); i++) {
                if (index.messages().kind(i) == MessageKind.MRT_RIB_ENTRY) {
                    ours.add(org.bgpscope.bgp.Summaries.summary(index, i));
                }
            }
            List<String> theirs = new ArrayList<>();
            for (String line : TestCaptures.referenceLines("frr-rib.mrt.bgpdump.txt")) {
                String[] f = line.split("\\|");
                // TABLE_DUMP2_AP: an _ADDPATH entry (RFC 8050 §4), its path identifier after the prefix.
                boolean ap = f[0].endsWith("_AP");
                int k = ap ? 1 : 0;
                // A route with an empty AS_PATH (originated by the peer) has no "path" part.
                theirs.add(f[5] + (ap ? " (path id " + f[6] + ")" : "") + (f[6 + k].isEmpty() ? "" : "; path " + f[6 + k])
                        + "; next hop " + f[8 + k]);
            }
            assertEquals(2103, ours.size());
            assertEquals(theirs.size(), ours.size());
            for (int k = 0; k < ours.size(); k++) {
                assertEquals(theirs.get(k), ours.get(k), "RIB entry " + (k + 1));
            }
        }
    }

    @Test
    void ribEntryPiecesAreTheRecordHeaderAndPrefixThenThePeersEntry() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("frr-rib.mrt"), Progress.NONE)) {
            MessageIndex m = index.messages();
            List<Piece> pieces = m.pieces(1);
            assertEquals(2, pieces.size());
            // The first piece starts at the MRT header of record 2: type 13 (TABLE_DUMP_V2), subtype 2.
            var data = index.capture().data();
            assertEquals(13, org.bgpscope.capture.Bytes.u16(data, pieces.get(0).fileOffset() + 4));
            assertEquals(2, org.bgpscope.capture.Bytes.u16(data, pieces.get(0).fileOffset() + 6));
            assertEquals(m.length(1), pieces.get(0).length() + pieces.get(1).length());
        }
    }
}

package org.bgpscope.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.CaptureFormat;
import org.bgpscope.capture.Progress;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.MessageProblems;
import org.junit.jupiter.api.Test;

/**
 * bmp.pcap (tools/captures/make-bmp.sh): FRR's and GoBGP's BMP connections to a collector on port
 * 11019, read by content, against tshark's reading of the same frames (told to read port 11019 as BMP).
 */
class BmpCaptureTest {
    /** What one frame holds: BMP types, per-peer header addresses and ASes, carried BGP types, prefixes. */
    record Frame(List<String> bmpTypes, List<String> peers, List<String> ases, List<String> bgpTypes,
                 List<String> announced, List<String> withdrawn) {
        Frame() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(s.split(",")));
    }

    private static Map<Integer, Frame> tshark() throws Exception {
        Map<Integer, Frame> out = new TreeMap<>();
        for (String line : TestCaptures.referenceLines("bmp.pcap.tshark-fields.txt")) {
            String[] f = line.split("\\|", -1);
            List<String> peers = split(f[5]);
            peers.addAll(split(f[6]));
            List<String> announced = split(f[9]);
            announced.addAll(split(f[10]));
            List<String> withdrawn = split(f[11]);
            withdrawn.addAll(split(f[12]));
            out.put(Integer.parseInt(f[0]), new Frame(split(f[2]), peers, split(f[7]), split(f[8]), announced, withdrawn));
        }
        return out;
    }

    private static Map<Integer, Frame> ours(CaptureIndex index) {
        Map<Integer, Frame> out = new TreeMap<>();
        MessageIndex m = index.messages();
        Sessions s = new Sessions(index);
        for (int i = 0; i < m.size(); i++) {
            Frame f = out.computeIfAbsent(m.frame(i), k -> new Frame());
            if (m.kind(i) == MessageKind.BMP_MESSAGE) {
                f.bmpTypes().add(String.valueOf(m.type(i)));
                FieldNode root = MessageDecoder.decode(index, i, s).root();
                root.find("bmp.peer.address").forEach(n -> f.peers().add(String.valueOf(n.value())));
                root.find("bmp.peer.as").forEach(n -> f.ases().add(String.valueOf(n.value())));
            } else if (index.bmpLinks().parent(i) >= 0) {
                f.bgpTypes().add(String.valueOf(m.type(i)));
                if (m.type(i) == MessageType.UPDATE) {
                    FieldNode root = MessageDecoder.decode(index, i, s).root();
                    for (String k : List.of("bgp.update.nlri.prefix", "bgp.update.attr.mp_reach.nlri.prefix")) {
                        root.find(k).forEach(n -> f.announced().add(address(n)));
                    }
                    for (String k : List.of("bgp.update.withdrawn.prefix", "bgp.update.attr.mp_unreach.nlri.prefix")) {
                        root.find(k).forEach(n -> f.withdrawn().add(address(n)));
                    }
                }
            }
        }
        out.values().removeIf(f -> f.bmpTypes().isEmpty());
        return out;
    }

    /** tshark prints a prefix's address without its length. */
    private static String address(FieldNode n) {
        String v = String.valueOf(n.value());
        return v.substring(0, v.indexOf('/'));
    }

    @Test
    void everyFrameHoldsTheBmpMessagesPeersAndCarriedMessagesTsharkReads() throws Exception {
        Map<Integer, Frame> theirs = tshark();
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bmp.pcap"), Progress.NONE)) {
            Map<Integer, Frame> ours = ours(index);
            assertEquals(theirs.keySet(), ours.keySet(), "the frames that complete BMP messages");
            int bmp = 0;
            int bgp = 0;
            int prefixes = 0;
            for (int frame : theirs.keySet()) {
                Frame t = theirs.get(frame);
                Frame o = ours.get(frame);
                assertEquals(t.bmpTypes(), o.bmpTypes(), "BMP types of frame " + frame);
                assertEquals(t.peers(), o.peers(), "per-peer header addresses of frame " + frame);
                assertEquals(t.ases(), o.ases(), "per-peer header ASes of frame " + frame);
                assertEquals(t.bgpTypes(), o.bgpTypes(), "carried BGP messages of frame " + frame);
                assertEquals(t.announced(), o.announced(), "announced prefixes of frame " + frame);
                assertEquals(t.withdrawn(), o.withdrawn(), "withdrawn prefixes of frame " + frame);
                bmp += o.bmpTypes().size();
                bgp += o.bgpTypes().size();
                prefixes += o.announced().size() + o.withdrawn().size();
            }
            // The counts the README gives for this capture.
            assertEquals(1834, bmp);
            assertEquals(1808, bgp);
            assertTrue(prefixes > 1500, prefixes + " prefixes compared");
        }
    }

    @Test
    void carriedMessagesLinkToTheirBmpMessageAndTheirBytesMapBackToTheFile() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bmp.pcap"), Progress.NONE)) {
            MessageIndex m = index.messages();
            Sessions s = new Sessions(index);
            MemorySegment file = index.capture().data();
            int checked = 0;
            for (int p = 0; p < m.size(); p++) {
                if (m.kind(p) != MessageKind.BMP_MESSAGE) {
                    continue;
                }
                List<FieldNode> pdus = MessageDecoder.decode(index, p, s).root().find("bmp.pdu");
                for (int k = 0; k < pdus.size(); k++) {
                    int child = p + 1 + k;
                    FieldNode pdu = pdus.get(k);
                    assertEquals(p, index.bmpLinks().parent(child), "message " + (child + 1) + " links to its BMP message");
                    assertEquals(MessageKind.BGP_MESSAGE, m.kind(child));
                    byte[] carried = index.bytes(child).toArray(ValueLayout.JAVA_BYTE);
                    byte[] inBmp = index.bytes(p).asSlice(pdu.offset(), pdu.length()).toArray(ValueLayout.JAVA_BYTE);
                    assertArrayEquals(inBmp, carried, "message " + (child + 1) + " is the bytes its BMP message carries");
                    for (long b = 0; b < carried.length; b++) {
                        long at = index.fileOffsetOf(child, b);
                        assertEquals(index.fileOffsetOf(p, pdu.offset() + b), at);
                        assertEquals(carried[(int) b], file.get(ValueLayout.JAVA_BYTE, at));
                    }
                    checked++;
                }
            }
            assertEquals(1808, checked);
            assertEquals(checked, index.bmpLinks().size(), "every carried message is linked, no other");
        }
    }

    @Test
    void theRawStreamTheCollectorKeptListsWhatItsConnectionCarriesInThePcap() throws Exception {
        try (CaptureIndex raw = CaptureIndex.open(TestCaptures.file("bmp-frr.bmp"), Progress.NONE);
             CaptureIndex pcap = CaptureIndex.open(TestCaptures.file("bmp.pcap"), Progress.NONE)) {
            assertEquals(CaptureFormat.RAW_BMP, raw.capture().format());
            List<String> fromRaw = rows(raw, raw.messages().flow(0));
            List<String> fromPcap = rows(pcap, pcap.messages().flow(0));
            assertTrue(fromRaw.size() > 1000, fromRaw.size() + " rows");
            assertEquals(fromPcap, fromRaw);
        }
    }

    /** Kind, type, length and bytes of the rows of one BMP connection and of the messages they carry. */
    private static List<String> rows(CaptureIndex index, int connection) {
        List<String> out = new ArrayList<>();
        MessageIndex m = index.messages();
        for (int i = 0; i < m.size(); i++) {
            int owner = m.kind(i) == MessageKind.BMP_MESSAGE ? i : index.bmpLinks().parent(i);
            if (owner >= 0 && m.flow(owner) == connection) {
                out.add(m.kind(i) + " " + m.type(i) + " " + m.length(i) + " " + java.util.HexFormat.of().formatHex(index.bytes(i).toArray(ValueLayout.JAVA_BYTE)));
            }
        }
        return out;
    }

    @Test
    void gobgpsPrePolicyViewReadsPathIdentifiersByThePeerUpsOpensAndItsOtherViewsByTheirMessages() throws Exception {
        Family v4 = new Family(1, 1);
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bmp.pcap"), Progress.NONE)) {
            MessageIndex m = index.messages();
            Sessions s = new Sessions(index);
            int pre = 0;
            int other = 0;
            for (int i = 0; i < m.size(); i++) {
                if (m.kind(i) != MessageKind.BGP_MESSAGE || m.type(i) != MessageType.UPDATE) {
                    continue;
                }
                Flow f = index.flows().flow(m.flow(i));
                assertEquals(List.of(), MessageProblems.of(index, i, s), "message " + (i + 1) + " decodes clean");
                if (!f.src().equals("10.200.0.2") && !f.src().equals("Loc-RIB")) {
                    continue; // FRR's views: BIRD and GoBGP send it no path identifiers
                }
                Negotiated n = s.forMessage(i);
                boolean hasV4 = !MessageDecoder.decode(index, i, s).root().find("bgp.update.nlri.prefix").isEmpty();
                if (!hasV4) {
                    continue;
                }
                if (f.dst().endsWith("Adj-RIB-In pre-policy")) {
                    // FRR's OPEN offers to send paths, GoBGP's to receive them (RFC 7911 §4): on, by direction.
                    assertTrue(n.addPath(v4), "message " + (i + 1) + ": " + n.addPathWhy(v4));
                    assertTrue(n.addPathWhy(v4).startsWith("from the OPENs in messages 11 and 12"), n.addPathWhy(v4));
                    pre++;
                } else {
                    // GoBGP's post-policy and Loc-RIB views re-encode the routes without path identifiers.
                    assertTrue(!n.addPath(v4), "message " + (i + 1) + ": " + n.addPathWhy(v4));
                    assertTrue(n.addPathWhy(v4).startsWith("inferred"), n.addPathWhy(v4));
                    other++;
                }
            }
            assertTrue(pre > 0 && other > 0, pre + " pre-policy and " + other + " other UPDATEs");
        }
    }
}

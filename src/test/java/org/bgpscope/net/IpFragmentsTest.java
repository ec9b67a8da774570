package org.bgpscope.net;

import static org.bgpscope.net.EncapsulationTest.ipv6;
import static org.bgpscope.testing.Packets.bgp;
import static org.bgpscope.testing.Packets.ethernet;
import static org.bgpscope.testing.Packets.ipv4Tcp;
import static org.bgpscope.testing.Packets.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IP fragments put back together (RFC 791 §3.2, RFC 8200 §4.5) with every byte keeping its frame and
 * file offset, and packets cut by the capture's snap length.
 */
class IpFragmentsTest {
    @TempDir
    Path dir;

    /** The IPv4 TCP packet carrying {@code update}, whose IP payload (TCP header and data) is fragmented. */
    private static byte[] tcpPayload(byte[] update) {
        byte[] ip = ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000, 1, 0x18, update);
        return slice(ip, 20, ip.length);
    }

    /** An IPv4 fragment of {@code payload} bytes [from, to), RFC 791 §3.1: offset in 8-byte units, MF flag. */
    private static byte[] fragment4(byte[] payload, int from, int to, int id) {
        boolean more = to < payload.length;
        int field = (more ? 0x2000 : 0) | (from / 8);
        ByteBuffer b = ByteBuffer.allocate(20 + to - from);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + to - from)).putShort((short) id).putShort((short) field)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(0x0A000001).putInt(0x0A000002).put(payload, from, to - from);
        return ethernet(b.array());
    }

    /** An IPv6 packet with a Fragment header (RFC 8200 §4.5) holding {@code payload} bytes [from, to). */
    private static byte[] fragment6(byte[] payload, int from, int to, int id) {
        boolean more = to < payload.length;
        ByteBuffer f = ByteBuffer.allocate(8 + to - from);
        f.put((byte) 6).put((byte) 0).putShort((short) (from | (more ? 1 : 0))).putInt(id).put(payload, from, to - from);
        return ethernet(ipv6(44, f.array()), 0x86DD);
    }

    private CaptureIndex index(byte[]... frames) throws Exception {
        return TempCaptures.index(dir, "f.pcap", Packets.pcap(frames));
    }

    /** Every byte of message {@code i} is where its pieces say, in the frame they name. */
    private static void piecesHoldTheMessage(CaptureIndex index, int i, byte[] expected) {
        assertArrayEquals(expected, index.bytes(i).toArray(ValueLayout.JAVA_BYTE));
        var data = index.capture().data();
        int k = 0;
        for (Piece p : index.messages().pieces(i)) {
            for (int j = 0; j < p.length(); j++) {
                assertEquals(expected[k + j], data.get(ValueLayout.JAVA_BYTE, p.fileOffset() + j));
            }
            k += p.length();
        }
        assertEquals(expected.length, k);
    }

    @Test
    void ipv4FragmentsAreReassembledAndTheMessageKeepsEachFragmentsBytes() throws Exception {
        byte[] update = bgp(2, 300, 7);
        byte[] payload = tcpPayload(update);   // 20 bytes of TCP header, then the UPDATE
        try (CaptureIndex index = index(fragment4(payload, 0, 104, 1), fragment4(payload, 104, 208, 1),
                fragment4(payload, 208, payload.length, 1))) {
            assertEquals(1, index.messages().size(), index.problems().toString());
            assertEquals(List.of(), index.problems());
            assertEquals(3, index.stats().fragments());
            assertEquals(2, index.messages().type(0));
            assertEquals(3, index.messages().frame(0), "completed by the last fragment");
            List<Piece> pieces = index.messages().pieces(0);
            assertEquals(List.of(1, 2, 3), pieces.stream().map(Piece::frame).toList());
            assertEquals(List.of(84, 104, 112), pieces.stream().map(Piece::length).toList());
            // Frame 1's data: pcap header 24, record header 16, Ethernet 14, IPv4 20, TCP 20.
            assertEquals(24 + 16 + 14 + 20 + 20, pieces.getFirst().fileOffset());
            piecesHoldTheMessage(index, 0, update);
        }
    }

    @Test
    void fragmentsOutOfOrderAndDuplicatedStillMakeOneDatagram() throws Exception {
        byte[] update = bgp(2, 200, 3);
        byte[] payload = tcpPayload(update);
        try (CaptureIndex index = index(fragment4(payload, 160, payload.length, 9), fragment4(payload, 80, 160, 9),
                fragment4(payload, 80, 160, 9), fragment4(payload, 0, 80, 9))) {
            assertEquals(1, index.messages().size(), index.problems().toString());
            assertEquals(List.of(), index.problems());
            assertEquals(List.of(4, 2, 1), index.messages().pieces(0).stream().map(Piece::frame).toList());
            piecesHoldTheMessage(index, 0, update);
        }
    }

    @Test
    void ipv6FragmentsAreReassembled() throws Exception {
        byte[] update = bgp(2, 150, 5);
        byte[] payload = tcpPayload(update);
        try (CaptureIndex index = index(fragment6(payload, 0, 96, 77), fragment6(payload, 96, payload.length, 77))) {
            assertEquals(1, index.messages().size(), index.problems().toString());
            assertEquals("[2001:db8::1]:40000", index.flows().flow(index.messages().flow(0)).src());
            piecesHoldTheMessage(index, 0, update);
        }
    }

    @Test
    void overlappingFragmentsWithDifferentBytesAreAProblemWithBothFrames() throws Exception {
        byte[] update = bgp(2, 200, 3);
        byte[] payload = tcpPayload(update);
        byte[] other = payload.clone();
        other[100] = 0x55;
        try (CaptureIndex index = index(fragment4(payload, 0, 120, 4), fragment4(other, 80, payload.length, 4))) {
            assertEquals(1, index.messages().size());
            piecesHoldTheMessage(index, 0, update);   // the first fragment's bytes are kept
            IndexProblem p = index.problems().getFirst();
            assertEquals(2, p.frame());
            assertTrue(p.text().contains("overlaps the fragment of frame 1 with different bytes at datagram offset 100"), p.text());
            // Frame 2's fragment data starts at 24 + 16 + 62 (frame 1) + 16 + 14 + 20; byte 100 is 20 bytes in.
            long frame2Data = 24 + 16 + (14 + 20 + 120) + 16 + 14 + 20;
            assertEquals(frame2Data + 20, p.fileOffset());
        }
    }

    @Test
    void aMissingFragmentIsAProblemWithTheFramesAndOffsetsHeld() throws Exception {
        byte[] payload = tcpPayload(bgp(2, 200, 3));
        try (CaptureIndex index = index(fragment4(payload, 0, 80, 5), fragment4(payload, 160, payload.length, 5))) {
            assertEquals(0, index.messages().size());
            IndexProblem p = index.problems().getFirst();
            assertEquals(1, p.frame());
            assertTrue(p.text().contains("incomplete at the end of the capture") && p.text().contains("payload bytes 80–159 missing")
                    && p.text().contains("frame 2 bytes 160–219"), p.text());
            assertEquals(24 + 16 + 14 + 20, p.fileOffset());
        }
    }

    @Test
    void fragmentsHeldAreBoundedAndTheOldestDatagramIsDroppedAndReported() throws Exception {
        byte[] payload = tcpPayload(bgp(2, 200, 3));
        List<byte[]> frames = new ArrayList<>();
        for (int id = 0; id <= IpReassembler.MAX_HELD; id++) {
            frames.add(fragment4(payload, 0, 80, id));
        }
        try (CaptureIndex index = index(frames.toArray(new byte[0][]))) {
            IndexProblem p = index.problems().getFirst();
            assertEquals(1, p.frame());
            assertTrue(p.text().contains("dropped: more than 10,000 IP fragments were waiting at once"), p.text());
        }
    }

    /** A classic pcap with snap length {@code snap}: each frame is cut to it, its original length kept. */
    private static byte[] pcapWithSnap(int snap, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snap).putInt(1);
        out.writeBytes(h.array());
        int t = 1_700_000_000;
        for (byte[] f : frames) {
            int cap = Math.min(snap, f.length);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(t++).putInt(0).putInt(cap).putInt(f.length);
            out.writeBytes(r.array());
            out.write(f, 0, cap);
        }
        return out.toByteArray();
    }

    @Test
    void aPacketCutByTheSnapLengthMarksItsMessageIncompleteAndListsWhatWasCaptured() throws Exception {
        byte[] keep = Packets.keepalive();
        byte[] update = bgp(2, 300, 7);
        byte[] next = Packets.keepalive();
        byte[] f1 = ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000, 1, 0x18, Packets.concat(keep, update)));
        byte[] f2 = ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000 + 19 + 300, 1, 0x18, next));
        try (CaptureIndex index = TempCaptures.index(dir, "s.pcap", pcapWithSnap(200, f1, f2))) {
            MessageIndex m = index.messages();
            assertEquals(3, m.size());
            assertEquals(4, m.type(0));
            assertEquals(2, m.type(1));
            assertEquals(300, m.length(1));
            assertTrue((m.flags(1) & MessageIndex.F_INCOMPLETE) != 0);
            assertEquals(200 - 14 - 20 - 20 - 19, m.bytesPresent(1), "what was captured is listed");
            assertArrayEquals(slice(update, 0, 127), index.bytes(1).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(4, m.type(2), "the next segment frames again");
            IndexProblem p = index.problems().getFirst();
            assertEquals(1, p.frame());
            assertTrue(p.text().contains("cut by the capture's snap length 200"), p.text());
        }
    }

    /**
     * A real ExaBGP–GoBGP session over VXLAN whose outer UDP datagrams the Linux kernel fragmented
     * ({@code tools/captures/make-vxlan-fragments.sh}): the UPDATE of 4,094 bytes starts in a TCP
     * segment that only exists once frames 14 and 15 are put back together. Our messages, with the
     * frame completing each, are tshark's.
     */
    @Test
    void aRealVxlanSessionWithFragmentedOuterDatagramsListsWhatTsharkLists() throws Exception {
        List<String> theirs = new ArrayList<>();
        for (String line : org.bgpscope.testing.TestCaptures.referenceLines("vxlan-fragments.pcap.tshark-fields.txt")) {
            String[] f = line.split("\\|");
            theirs.add(f[0] + " " + f[2] + "/" + f[3]);
        }
        try (CaptureIndex index = CaptureIndex.open(org.bgpscope.testing.TestCaptures.file("vxlan-fragments.pcap"),
                org.bgpscope.capture.Progress.NONE)) {
            List<String> ours = new ArrayList<>();
            MessageIndex m = index.messages();
            for (int i = 0; i < m.size(); i++) {
                ours.add(m.frame(i) + " " + m.type(i) + "/" + m.length(i));
                assertEquals(0, m.flags(i) & MessageIndex.F_INCOMPLETE);
            }
            assertEquals(theirs, ours);
            assertEquals(List.of(), index.problems());
            assertEquals(4, index.stats().fragments());
            // The 4,094-byte UPDATE: its first bytes come from both fragments of frames 14 and 15.
            int update = 4;
            assertEquals(4094, m.length(update));
            List<Integer> frames = m.pieces(update).stream().map(Piece::frame).distinct().toList();
            assertTrue(frames.contains(14) && frames.contains(15), frames.toString());
            byte[] b = index.bytes(update).toArray(ValueLayout.JAVA_BYTE);
            for (int k = 0; k < 16; k++) {
                assertEquals((byte) 0xFF, b[k]);
            }
            assertEquals(4094, ((b[16] & 0xFF) << 8) | (b[17] & 0xFF));
        }
    }

    /**
     * A real ExaBGP–GoBGP session recorded by tcpdump with {@code -s 200} ({@code MODE=snap
     * tools/captures/make-vxlan-fragments.sh}): frames 11 and 13 carry UPDATEs of 4,094 and 2,014
     * bytes (as TSO super-packets of 4,160 and 2,080 bytes) of which 200 bytes of frame were kept.
     * Both are listed as tshark lists them, incomplete, with what was captured; the next message frames.
     */
    @Test
    void aRealCaptureCutByItsSnapLengthListsTheCutMessagesAsIncomplete() throws Exception {
        List<String> theirs = new ArrayList<>();
        for (String line : org.bgpscope.testing.TestCaptures.referenceLines("snaplen-200.pcap.tshark-fields.txt")) {
            String[] f = line.split("\\|");
            theirs.add(f[0] + " " + f[2] + "/" + f[3]);
        }
        try (CaptureIndex index = CaptureIndex.open(org.bgpscope.testing.TestCaptures.file("snaplen-200.pcap"),
                org.bgpscope.capture.Progress.NONE)) {
            List<String> ours = new ArrayList<>();
            List<String> incomplete = new ArrayList<>();
            MessageIndex m = index.messages();
            for (int i = 0; i < m.size(); i++) {
                ours.add(m.frame(i) + " " + m.type(i) + "/" + m.length(i));
                if ((m.flags(i) & MessageIndex.F_INCOMPLETE) != 0) {
                    incomplete.add(m.frame(i) + ": " + m.bytesPresent(i) + " of " + m.length(i));
                }
            }
            assertEquals(theirs, ours);
            // 200 bytes of frame less Ethernet (14), IPv4 (20) and TCP with timestamps (32).
            assertEquals(List.of("11: 134 of 4094", "13: 134 of 2014"), incomplete);
            List<String> problems = index.problems().stream().map(p -> p.frame() + ": " + p.text()).toList();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("11: frame 11 cut by the capture's snap length 200 (200 of 4160 bytes captured)"),
                    problems.toString());
            assertTrue(problems.get(1).startsWith("13: frame 13 cut by the capture's snap length 200"), problems.toString());
        }
    }
}

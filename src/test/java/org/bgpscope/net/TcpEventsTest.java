package org.bgpscope.net;

import static org.bgpscope.testing.Packets.ethernet;
import static org.bgpscope.testing.Packets.ipv4Tcp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.TcpEventTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handshake, closes, resets, refusals, retransmissions and losses of BGP connections are rows of their own. */
class TcpEventsTest {
    @TempDir
    Path dir;

    private static final int A = 0x0A000001;
    private static final int B = 0x0A000002;
    private static final int RST = 0x04;

    private static List<String> events(CaptureIndex index) {
        List<String> out = new ArrayList<>();
        TcpEvents ev = index.events();
        for (int e = 0; e < ev.size(); e++) {
            out.add(ev.frame(e) + " " + ev.event(e).label());
        }
        return out;
    }

    @Test
    void aRstAnsweringASynIsARefusedConnectionNamingBothEnds() throws Exception {
        byte[] pcap = Packets.pcap(
                ethernet(ipv4Tcp(A, B, 40000, 179, 999, 0, Packets.SYN, new byte[0])),
                ethernet(ipv4Tcp(B, A, 179, 40000, 0, 1000, RST | Packets.ACK, new byte[0])),
                ethernet(ipv4Tcp(A, B, 40001, 179, 5000, 0, Packets.SYN, new byte[0])),
                ethernet(ipv4Tcp(B, A, 179, 40001, 0, 5001, RST | Packets.ACK, new byte[0])));
        try (CaptureIndex index = TempCaptures.index(dir, "refused.pcap", pcap)) {
            assertEquals(List.of("1 SYN", "2 refused", "3 SYN", "4 refused"), events(index));
            TcpEvents ev = index.events();
            assertEquals(-1, ev.flow(1), "a refused attempt opens no flow");
            assertArrayEquals(new String[] {"10.0.0.2:179", "10.0.0.1:40000"}, ev.endpoints(index.capture().data(), 1));
            assertTrue(index.problems().stream().anyMatch(p -> p.text().startsWith("no BGP message in 4 frames")),
                    "the list still says why there is no BGP message");
            FieldNode tree = TcpEventTree.decode(index, 1);
            assertEquals("refused", tree.value());
            assertEquals(1, tree.find("frame.tcp.flags.rst").size(), "the event's tree shows the TCP header it was read from");
        }
    }

    @Test
    void aRstThatDoesNotAcknowledgeTheSynIsAResetNotARefusal() throws Exception {
        byte[] pcap = Packets.pcap(
                ethernet(ipv4Tcp(A, B, 40000, 179, 999, 0, Packets.SYN, new byte[0])),
                ethernet(ipv4Tcp(B, A, 179, 40000, 0, 77, RST | Packets.ACK, new byte[0])));
        try (CaptureIndex index = TempCaptures.index(dir, "rst.pcap", pcap)) {
            assertEquals(List.of("1 SYN", "2 RST"), events(index));
        }
    }

    @Test
    void aRetransmissionWithOtherBytesSaysWhereTheyDifferAndKeepsTheFirstCopy() throws Exception {
        byte[] first = Packets.bgp(2, 30, 1);
        byte[] second = first.clone();
        second[25] = 9;
        byte[] pcap = new Packets.Session().syn().send(first).sendAt(0, second).pcap();
        try (CaptureIndex index = TempCaptures.index(dir, "differs.pcap", pcap)) {
            assertEquals(List.of("1 SYN", "3 retransmission (different bytes)"), events(index));
            assertEquals("30 bytes sent again (stream bytes 0 to 29), but stream byte 25 is 0x09 here and 0x01 in the copy from "
                    + "frame 2, which is the one used", index.events().detail(1));
            assertEquals(1, index.messages().size());
            assertArrayEquals(first, index.bytes(0).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void aRetransmissionOfTheSameBytesNamesTheFrameItRepeats() throws Exception {
        byte[] m = Packets.keepalive();
        byte[] pcap = new Packets.Session().syn().send(m).sendAt(0, m).pcap();
        try (CaptureIndex index = TempCaptures.index(dir, "same.pcap", pcap)) {
            assertEquals(List.of("1 SYN", "3 retransmission"), events(index));
            assertEquals("19 bytes sent again (stream bytes 0 to 18), the same bytes as frame 2", index.events().detail(1));
        }
    }

    @Test
    void aSegmentAheadOfAHoleIsOutOfOrderAndTheHoleIsLostWhenTheReceiverAcknowledgesPastIt() throws Exception {
        byte[] a = Packets.keepalive();
        byte[] b = Packets.bgp(2, 30, 1);
        byte[] pcap = new Packets.Session().syn().sendAt(19, b).ackFromPeer(49).pcap();
        try (CaptureIndex index = TempCaptures.index(dir, "hole.pcap", pcap)) {
            assertEquals(List.of("1 SYN", "2 out of order", "3 lost"), events(index));
            assertEquals("arrived ahead of 19 missing bytes (stream bytes 0 to 18)", index.events().detail(1));
            assertEquals("the receiver acknowledged 19 bytes (stream bytes 0 to 18) that the capture does not have",
                    index.events().detail(2));
            assertEquals(0, index.events().flow(2) & 1, "the loss is on the sender's direction, not the acknowledging one");
            assertEquals(1, index.messages().size());
            assertArrayEquals(b, index.bytes(0).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void theAckOfAFinSentBeforeAnyDataIsNoLoss() throws Exception {
        // As in exa-gobgp.pcap frames 291-296: the accepting side closes at once, before the other side's OPEN.
        byte[] open = Packets.bgp(1, 29, 0);
        byte[] pcap = Packets.pcap(
                ethernet(ipv4Tcp(A, B, 40000, 179, 999, 0, Packets.SYN, new byte[0])),
                ethernet(ipv4Tcp(B, A, 179, 40000, 5000, 1000, Packets.SYN | Packets.ACK, new byte[0])),
                ethernet(ipv4Tcp(B, A, 179, 40000, 5001, 1000, Packets.FIN | Packets.ACK, new byte[0])),
                ethernet(ipv4Tcp(A, B, 40000, 179, 1000, 5002, Packets.ACK | Packets.PSH, open)));
        try (CaptureIndex index = TempCaptures.index(dir, "fin.pcap", pcap)) {
            assertEquals(List.of("1 SYN", "2 SYN-ACK", "3 FIN"), events(index));
            assertEquals(0, index.stats().gaps());
        }
    }

    @Test
    void theRealSessionsShowTheirHandshakesClosesAndResets() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("exa-gobgp.pcap"), org.bgpscope.capture.Progress.NONE)) {
            List<String> e = events(index);
            assertEquals(List.of("1 SYN", "2 SYN-ACK", "288 FIN", "290 RST", "291 SYN", "292 SYN-ACK", "294 FIN", "296 RST",
                    "297 SYN", "298 SYN-ACK", "300 FIN", "303 RST"), e, "tshark: frames 1, 2, 288, 290, 291, 292, 294, 296, 297, 298, 300, 303");
        }
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bird-frr-lossy.pcap"), org.bgpscope.capture.Progress.NONE)) {
            List<String> e = events(index).stream().filter(s -> s.contains("retransmission")).toList();
            assertEquals(List.of("17 retransmission", "62 retransmission", "80 retransmission", "84 retransmission"), e,
                    "the frames tshark's analysis flags as retransmitted or overlapping old data");
            assertTrue(events(index).contains("2 refused"), "BIRD's first attempt is refused: FRR was not listening yet");
        }
    }

    /** IPv4 + TCP with one option of {@code kind} ({@code len} bytes, padded to a 4-byte multiple) and a payload. */
    private static byte[] withOption(int kind, int len, int seq, byte[] payload) {
        int opt = (len + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(40 + opt + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + opt + payload.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(A).putInt(B);
        b.putShort((short) 40000).putShort((short) 179).putInt(seq).putInt(1).put((byte) ((5 + opt / 4) << 4)).put((byte) 0x18)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        b.put((byte) kind).put((byte) len).put(new byte[len - 2]);
        for (int k = len; k < opt; k++) {
            b.put((byte) 1);
        }
        b.put(payload);
        return ethernet(b.array());
    }

    @Test
    void tcpMd5AndTcpAoAreNamedInTheSessionOfTheirMessages() throws Exception {
        byte[] k = Packets.keepalive();
        for (int[] c : new int[][] {{19, 18}, {29, 16}}) {
            byte[] pcap = Packets.pcap(withOption(c[0], c[1], 1000, k));
            try (CaptureIndex index = TempCaptures.index(dir, "auth" + c[0] + ".pcap", pcap)) {
                assertEquals(1, index.messages().size());
                String t = new Sessions(index).transport(0);
                assertTrue(t != null && t.contains(c[0] == 19 ? "TCP MD5 signature option (RFC 2385" : "TCP-AO, RFC 5925"), t);
            }
        }
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), org.bgpscope.capture.Progress.NONE)) {
            assertEquals(null, new Sessions(index).transport(0), "an unsigned session says nothing");
        }
    }
}

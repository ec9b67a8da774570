package org.bgpscope.net;

import static org.bgpscope.testing.Packets.bgp;
import static org.bgpscope.testing.Packets.concat;
import static org.bgpscope.testing.Packets.ethernet;
import static org.bgpscope.testing.Packets.ipv4Tcp;
import static org.bgpscope.testing.Packets.keepalive;
import static org.bgpscope.testing.Packets.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.Packets.Session;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramingAndReassemblyTest {
    @TempDir
    Path dir;

    private CaptureIndex index(byte[] pcap) throws Exception {
        return TempCaptures.index(dir, "t.pcap", pcap);
    }

    private static String types(CaptureIndex index) {
        StringBuilder sb = new StringBuilder();
        MessageIndex m = index.messages();
        for (int i = 0; i < m.size(); i++) {
            sb.append(sb.isEmpty() ? "" : " ").append(m.kind(i) == MessageKind.BGP_MESSAGE ? m.type(i) + "/" + m.length(i) : m.kind(i).label() + "/" + m.bytesPresent(i));
            if ((m.flags(i) & MessageIndex.F_INCOMPLETE) != 0) {
                sb.append("!");
            }
        }
        return sb.toString();
    }

    @Test
    void splitUpdateIsReassembledAcrossThreeSegments() throws Exception {
        byte[] update = bgp(2, 300, 7);
        try (CaptureIndex index = index(new Session().syn().send(slice(update, 0, 10)).send(slice(update, 10, 200))
                .send(slice(update, 200, 300)).pcap())) {
            assertEquals("2/300", types(index));
            List<Piece> pieces = index.messages().pieces(0);
            assertEquals(List.of(2, 3, 4), pieces.stream().map(Piece::frame).toList());
            assertEquals(4, index.messages().frame(0));
            assertArrayEquals(update, index.bytes(0).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void severalMessagesInOneSegmentAreEachAZeroCopySlice() throws Exception {
        try (CaptureIndex index = index(new Session().syn().send(concat(keepalive(), bgp(2, 40, 1), keepalive())).pcap())) {
            assertEquals("4/19 2/40 4/19", types(index));
            for (int i = 0; i < 3; i++) {
                assertTrue(!index.messages().hasPieces(i));
                assertEquals(2, index.messages().frame(i));
            }
            assertEquals(index.messages().rawOffset(0) + 19, index.messages().rawOffset(1));
        }
    }

    @Test
    void retransmissionsAndOverlapsDeliverEachByteOnce() throws Exception {
        byte[] a = bgp(2, 100, 1);
        byte[] b = bgp(2, 50, 2);
        byte[] stream = concat(a, b);
        try (CaptureIndex index = index(new Session().syn()
                .sendAt(0, slice(stream, 0, 60))
                .sendAt(0, slice(stream, 0, 60))       // exact retransmission
                .sendAt(40, slice(stream, 40, 120))    // overlaps 20 bytes
                .sendAt(120, slice(stream, 120, 150)).pcap())) {
            assertEquals("2/100 2/50", types(index));
            assertArrayEquals(a, index.bytes(0).toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(b, index.bytes(1).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void outOfOrderSegmentWaitsForTheHoleToBeFilled() throws Exception {
        byte[] stream = concat(keepalive(), bgp(2, 60, 3));
        try (CaptureIndex index = index(new Session().syn()
                .sendAt(40, slice(stream, 40, 79))
                .sendAt(0, slice(stream, 0, 40)).pcap())) {
            assertEquals("4/19 2/60", types(index));
            assertEquals(3, index.messages().frame(1), "completed when the hole was filled");
            assertArrayEquals(bgp(2, 60, 3), index.bytes(1).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void bytesTheReceiverAcknowledgedButTheCaptureLostMarkTheMessageIncompleteAndFramingResynchronises() throws Exception {
        byte[] big = bgp(2, 200, 9);
        byte[] stream = concat(big, keepalive(), bgp(2, 30, 1));
        try (CaptureIndex index = index(new Session().syn()
                .sendAt(0, slice(stream, 0, 80))
                // bytes 80..150 never captured; the peer acknowledged them
                .ackFromPeer(150)
                .sendAt(150, slice(stream, 150, stream.length)).pcap())) {
            // The lost piece leaves: the first 80 bytes (incomplete UPDATE), the tail of the UPDATE after the
            // hole (unframed), then framing picks up at the KEEPALIVE's marker.
            assertEquals("2/200! bytes/50! 4/19 2/30", types(index));
            assertEquals(MessageIndex.F_AFTER_GAP, index.messages().flags(2));
            assertEquals(200, index.messages().length(0));
            assertEquals(80, index.messages().bytesPresent(0));
        }
    }

    @Test
    void aHoleNoAckExplainsIsGivenUpAtTheEndOfTheCapture() throws Exception {
        byte[] stream = concat(keepalive(), keepalive(), keepalive());
        try (CaptureIndex index = index(new Session().syn()
                .sendAt(0, slice(stream, 0, 19))
                .sendAt(38, slice(stream, 38, 57)).pcap())) {
            assertEquals("4/19 4/19", types(index));
            assertEquals(1, index.stats().gaps());
        }
    }

    @Test
    void captureJoinedMidStreamSkipsToTheFirstMarker() throws Exception {
        byte[] stream = concat(slice(bgp(2, 100, 0x11), 60, 100), keepalive(), keepalive());
        try (CaptureIndex index = index(new Session().sendAt(0, stream).pcap())) {
            assertEquals("bytes/40! 4/19 4/19", types(index));
        }
    }

    @Test
    void badMarkerIsAFramingProblemAtItsOffsetThenFramingResynchronises() throws Exception {
        byte[] junk = new byte[25];
        java.util.Arrays.fill(junk, (byte) 0x41);
        try (CaptureIndex index = index(new Session().syn().send(concat(keepalive(), junk, keepalive())).pcap())) {
            assertEquals("4/19 bytes/25 4/19", types(index));
            assertEquals(MessageIndex.F_BAD_MARKER, index.messages().flags(1));
            assertEquals(index.messages().rawOffset(0) + 19, index.messages().firstOffset(1));
        }
    }

    @Test
    void lengthBelowNineteenIsABadLength() throws Exception {
        byte[] bad = keepalive();
        bad[17] = 5;
        try (CaptureIndex index = index(new Session().syn().send(concat(bad, keepalive())).pcap())) {
            assertEquals("bytes/19 4/19", types(index));
            assertEquals(MessageIndex.F_BAD_LENGTH, index.messages().flags(0));
        }
    }

    @Test
    void vlanAndQinQTaggedEthernetFramesAreRead() throws Exception {
        byte[] ip = ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 5, 1, 0x18, keepalive());
        try (CaptureIndex index = index(Packets.pcap(ethernet(ip, 0x0800, 0x8100),
                ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 24, 1, 0x18, keepalive()), 0x0800, 0x88A8, 0x8100)))) {
            assertEquals("4/19 4/19", types(index));
        }
    }

    @Test
    void linuxCookedSll2AndSllAndRawIpAreRead() throws Exception {
        byte[] ip = ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 5, 1, 0x18, keepalive());
        byte[] sll2 = ByteBuffer.allocate(20 + ip.length).putShort((short) 0x0800).put(new byte[18]).put(ip).array();
        byte[] sll = ByteBuffer.allocate(16 + ip.length).put(new byte[14]).putShort((short) 0x0800).put(ip).array();
        for (var c : List.of(new Object[] {276, sll2}, new Object[] {113, sll}, new Object[] {101, ip})) {
            try (CaptureIndex index = index(Packets.pcap(ByteOrder.LITTLE_ENDIAN, false, (Integer) c[0], (byte[]) c[1]))) {
                assertEquals("4/19", types(index), "link type " + c[0]);
            }
        }
    }

    @Test
    void ipv4OptionsAndEthernetPaddingAreNotTakenForTcpData() throws Exception {
        byte[] plain = ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 5, 1, 0x18, keepalive());
        // Add 4 bytes of IPv4 options (IHL 6) and 10 bytes of trailing Ethernet padding.
        byte[] withOptions = concat(slice(plain, 0, 20), new byte[] {1, 1, 1, 0}, slice(plain, 20, plain.length), new byte[10]);
        withOptions[0] = 0x46;
        int total = plain.length + 4;
        withOptions[2] = (byte) (total >>> 8);
        withOptions[3] = (byte) total;
        try (CaptureIndex index = index(Packets.pcap(ethernet(withOptions)))) {
            assertEquals("4/19", types(index));
            assertEquals(0, index.messages().flags(0));
        }
    }

    @Test
    void ipv6WithExtensionHeadersIsRead() throws Exception {
        byte[] tcp = slice(ipv4Tcp(0, 0, 40000, 179, 5, 1, 0x18, keepalive()), 20, 40 + 19);
        byte[] hopByHop = {6, 0, 1, 4, 0, 0, 0, 0};
        ByteBuffer ip6 = ByteBuffer.allocate(40 + 8 + tcp.length);
        ip6.putInt(0x60000000).putShort((short) (8 + tcp.length)).put((byte) 0).put((byte) 64);
        ip6.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        ip6.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
        ip6.put(hopByHop).put(tcp);
        try (CaptureIndex index = index(Packets.pcap(ethernet(ip6.array(), 0x86DD)))) {
            assertEquals("4/19", types(index));
            assertEquals("[2001:db8::1]:40000", index.flows().flow(index.messages().flow(0)).src());
        }
    }

    @Test
    void aLoneIpFragmentIsHeldThenReportedMissingItsOtherFragments() throws Exception {
        byte[] ip = ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 5, 1, 0x18, keepalive());
        ip[6] = 0x20; // more fragments
        try (CaptureIndex index = index(Packets.pcap(ethernet(ip)))) {
            assertEquals(0, index.messages().size());
            assertEquals(1, index.stats().fragments());
            assertTrue(index.problems().getFirst().text().contains("incomplete at the end of the capture"), index.problems().toString());
            assertEquals(1, index.problems().getFirst().frame());
        }
    }

    @Test
    void ipv6AddressesPrintInRfc5952Form() {
        assertEquals("2001:db8::1", Addresses.ipv6(new int[] {0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}));
        assertEquals("2001:db8:0:1:1:1:1:1", Addresses.ipv6(new int[] {0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}));
        assertEquals("2001:0:0:1::1", Addresses.ipv6(new int[] {0x2001, 0, 0, 1, 0, 0, 0, 1}));
        assertEquals("::", Addresses.ipv6(new int[8]));
        assertEquals("::ffff:192.0.2.1", Addresses.ipv6(new int[] {0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201}));
    }
}

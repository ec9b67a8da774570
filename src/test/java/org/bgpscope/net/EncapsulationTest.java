package org.bgpscope.net;

import static org.bgpscope.testing.Packets.bgp;
import static org.bgpscope.testing.Packets.concat;
import static org.bgpscope.testing.Packets.ethernet;
import static org.bgpscope.testing.Packets.ipv4Tcp;
import static org.bgpscope.testing.Packets.keepalive;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link layers and tunnels, each built byte by byte from its definition (the RFC, or the format's
 * reference reader where there is no RFC), each carrying a KEEPALIVE from 10.0.0.1:40000 to
 * 10.0.0.2:179 (or 2001:db8::1 to 2001:db8::2).
 */
class EncapsulationTest {
    @TempDir
    Path dir;

    private static final HexFormat HEX = HexFormat.of();

    static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    /** The IPv4 packet of the tests: a KEEPALIVE on port 179. */
    static byte[] tcp4() {
        return ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000, 1, 0x18, keepalive());
    }

    /** The same over IPv6, 2001:db8::1 to 2001:db8::2. */
    static byte[] tcp6() {
        byte[] t = ipv4Tcp(0, 0, 40000, 179, 1000, 1, 0x18, keepalive());
        byte[] tcp = Packets.slice(t, 20, t.length);
        return ipv6(6, tcp);
    }

    static byte[] ipv6(int next, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length);
        b.putInt(0x60000000).putShort((short) payload.length).put((byte) next).put((byte) 64);
        b.put(hex("20010db8000000000000000000000001")).put(hex("20010db8000000000000000000000002")).put(payload);
        return b.array();
    }

    /** An IPv4 header (RFC 791 §3.1, no options) with {@code protocol}, from 192.0.2.1 to 192.0.2.2. */
    static byte[] ipv4(int protocol, byte[] payload) {
        return ipv4(protocol, payload, 7, 0);
    }

    static byte[] ipv4(int protocol, byte[] payload, int id, int fragmentField) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id).putShort((short) fragmentField)
                .put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(0xC0000201).putInt(0xC0000202).put(payload);
        return b.array();
    }

    private CaptureIndex open(int linkType, byte[]... frames) throws Exception {
        return TempCaptures.index(dir, "t.pcap", Packets.pcap(ByteOrder.LITTLE_ENDIAN, false, linkType, frames));
    }

    private static void keepaliveFrom(CaptureIndex index, String src) {
        assertEquals(1, index.messages().size(), index.problems().toString());
        assertEquals(MessageKind.BGP_MESSAGE, index.messages().kind(0));
        assertEquals(4, index.messages().type(0));
        assertArrayEquals(keepalive(), index.bytes(0).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(src, index.flows().flow(index.messages().flow(0)).src());
        assertEquals(java.util.List.of(), index.problems());
    }

    @Test
    void pppWithAndWithoutTheHdlcAddressAndControlBytes() throws Exception {
        // RFC 1662 §3.1: 0xFF 0x03, then the RFC 1661 §2 protocol: 0x0021 IPv4, 0x0057 IPv6.
        try (CaptureIndex index = open(LinkType.PPP, concat(hex("ff03 0021"), tcp4()))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        try (CaptureIndex index = open(LinkType.PPP, concat(hex("0057"), tcp6()))) {
            keepaliveFrom(index, "[2001:db8::1]:40000");
        }
        // Protocol field compression (RFC 1661 §6.5): one byte, odd.
        try (CaptureIndex index = open(LinkType.PPP, concat(hex("21"), tcp4()))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
    }

    @Test
    void pppInHdlcFramingAndCiscoHdlc() throws Exception {
        try (CaptureIndex index = open(LinkType.PPP_HDLC, concat(hex("ff03 0021"), tcp4()))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        // Cisco HDLC: address 0x0F (unicast) or 0x8F, control 0x00, then an ethertype.
        try (CaptureIndex index = open(LinkType.C_HDLC, concat(hex("0f00 0800"), tcp4()))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        try (CaptureIndex index = open(LinkType.C_HDLC, concat(hex("8f00 86dd"), tcp6()))) {
            keepaliveFrom(index, "[2001:db8::1]:40000");
        }
    }

    @Test
    void juniperEthernetPseudoHeaderWithAndWithoutExtensions() throws Exception {
        // "MGC", flags 0x01 (packet in), then the Ethernet frame.
        try (CaptureIndex index = open(LinkType.JUNIPER_ETHER, concat(hex("4d4743 01"), ethernet(tcp4())))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        // Flags 0x81: extensions present, 2-byte length 10, TLVs: interface name "ge-0" (type 1), interface index 6 (type 6).
        byte[] ext = hex("4d4743 81 000a 0104 67652d30 0602 0006");
        try (CaptureIndex index = open(LinkType.JUNIPER_ETHER, concat(ext, ethernet(tcp4())))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        try (CaptureIndex index = open(LinkType.JUNIPER_ETHER, concat(hex("000000 01"), ethernet(tcp4())))) {
            assertEquals(0, index.messages().size());
            assertTrue(index.problems().getFirst().text().contains("MGC"), index.problems().toString());
            assertTrue(index.problems().getFirst().text().contains("link type 178"), index.problems().toString());
        }
    }

    @Test
    void mplsLabelStacksArePoppedToTheBottomOfStack() throws Exception {
        // RFC 3032 §2.1: label 16, S=0; label 17, S=1 (byte 2 low bit), TTL 64; then IPv4.
        byte[] labels = hex("00010040 00011140");
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(concat(labels, tcp4()), 0x8847))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(concat(hex("00011140"), tcp6()), 0x8848))) {
            keepaliveFrom(index, "[2001:db8::1]:40000");
        }
        // An Ethernet pseudowire (RFC 4448) with a control word (first nibble 0, RFC 4385 §3) and
        // without. Wireshark's heuristic reads the first as an Ethernet frame starting at the control
        // word (its protocols: mpls:pwethheuristic:pwethnocw:eth:data); we take the reading that puts a
        // known ethertype in the type field.
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(concat(labels, hex("00000000"), ethernet(tcp4())), 0x8847))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(concat(labels, ethernet(tcp4())), 0x8847))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        // Behind a VLAN tag.
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(concat(labels, tcp4()), 0x8847, 0x8100))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
    }

    @Test
    void greWithAndWithoutChecksumKeyAndSequence() throws Exception {
        // RFC 2784 §2.1: flags/version 0, protocol type 0x0800.
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(hex("0000 0800"), tcp4()))))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        // C, K and S set (0xB000): checksum + reserved, key (RFC 2890 §2.1), sequence number (§2.2); IPv6 inside.
        byte[] gre = hex("b000 86dd 00000000 0000002a 00000001");
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(gre, tcp6()))))) {
            keepaliveFrom(index, "[2001:db8::1]:40000");
        }
        // Transparent Ethernet bridging (0x6558): an Ethernet frame inside.
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(hex("2000 6558 00000005"), ethernet(tcp4())))))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        // GRE version 1 (PPTP) is said, not guessed.
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(hex("3001 880b 00040000 00000001"), tcp4()))))) {
            assertEquals(0, index.messages().size());
            assertTrue(index.problems().getFirst().text().contains("GRE version 1"), index.problems().toString());
            assertEquals(1, index.problems().getFirst().frame());
        }
    }

    @Test
    void erspanTypesOneTwoAndThree() throws Exception {
        // Type I: GRE protocol 0x88BE with no sequence number, the mirrored frame right after.
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(hex("0000 88be"), ethernet(tcp4())))))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        // Type II: sequence number present, then 8 bytes: version 1, VLAN 0, COS/En/T, session 5, index.
        byte[] two = hex("1000 88be 00000001" + "1000 0005 00000000");
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(two, ethernet(tcp4())))))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        // Type III: protocol 0x22EB, 12 bytes (version 2, session, timestamp, SGT, P/FT/HW ID/D/Gra/O), O=1: an 8-byte platform subheader.
        byte[] three = hex("1000 22eb 00000001" + "2000 0005 11223344 0000 0001" + "0800000000000000");
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(three, ethernet(tcp4())))))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        byte[] threeNoPlatform = hex("1000 22eb 00000001" + "2000 0005 11223344 0000 0000");
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(47, concat(threeNoPlatform, ethernet(tcp4())))))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
    }

    @Test
    void vxlanOnPort4789() throws Exception {
        // RFC 7348 §5: UDP to 4789, 8-byte header with the I flag and VNI 100, then Ethernet.
        byte[] inner = concat(hex("08000000 00006400"), ethernet(tcp4()));
        byte[] udp = concat(hex("c000 12b5"), new byte[] {(byte) ((8 + inner.length) >>> 8), (byte) (8 + inner.length)}, hex("0000"), inner);
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(17, udp)))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
    }

    @Test
    void ipInIpAllFourWays() throws Exception {
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(4, tcp4())))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv4(41, tcp6())))) {   // 6in4, RFC 4213 §3.5
            keepaliveFrom(index, "[2001:db8::1]:40000");
        }
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv6(41, tcp6()), 0x86DD))) {   // RFC 2473
            keepaliveFrom(index, "[2001:db8::1]:40000");
        }
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(ipv6(4, tcp4()), 0x86DD))) {
            keepaliveFrom(index, "10.0.0.1:40000");
        }
    }

    @Test
    void nestedEncapsulationsAreReadAndTheirDepthIsBounded() throws Exception {
        // MPLS, then GRE in IPv4, then VXLAN, then IPv6 in IPv4, then the packet.
        byte[] six = ipv4(41, tcp6());
        byte[] vx = concat(hex("08000000 00006400"), ethernet(six));
        byte[] udp = concat(hex("c000 12b5"), new byte[] {(byte) ((8 + vx.length) >>> 8), (byte) (8 + vx.length)}, hex("0000"), vx);
        byte[] gre = ipv4(47, concat(hex("0000 0800"), ipv4(17, udp)));
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(concat(hex("00011140"), gre), 0x8847))) {
            keepaliveFrom(index, "[2001:db8::1]:40000");
        }
        byte[] p = tcp4();
        for (int i = 0; i < FrameParser.MAX_DEPTH + 1; i++) {
            p = ipv4(4, p);
        }
        try (CaptureIndex index = open(LinkType.ETHERNET, ethernet(p))) {
            assertEquals(0, index.messages().size());
            IndexProblem first = index.problems().getFirst();
            assertEquals(1, first.frame());
            assertTrue(first.text().contains("more than 8 encapsulations") && first.text().contains("link type 1"), first.text());
            assertTrue(index.problems().getLast().text().startsWith("no BGP message in 1 frames"), index.problems().toString());
        }
    }

    @Test
    void anUnknownLinkTypeIsAProblemOfItsFramesNeverASilentEmptyList() throws Exception {
        try (CaptureIndex index = open(147, tcp4(), tcp4(), tcp4())) {
            assertEquals(0, index.messages().size());
            IndexProblem first = index.problems().getFirst();
            assertEquals(1, first.frame());
            assertTrue(first.text().contains("link type 147 (USER0)"), first.text());
            assertTrue(index.problems().stream().anyMatch(q -> q.text().startsWith("3 frames could not be read")), index.problems().toString());
            assertTrue(index.problems().getLast().text().contains("no BGP message in 3 frames")
                    && index.problems().getLast().text().contains("3 frames unreadable"), index.problems().toString());
        }
    }

    @Test
    void anUpdateCarriedThroughATunnelKeepsItsFileOffsets() throws Exception {
        byte[] update = bgp(2, 60, 9);
        byte[] frame = ethernet(ipv4(47, concat(hex("0000 0800"), ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000, 1, 0x18, update))));
        try (CaptureIndex index = open(LinkType.ETHERNET, frame)) {
            assertEquals(1, index.messages().size());
            // pcap header 24, record header 16, Ethernet 14, outer IPv4 20, GRE 4, inner IPv4 20, TCP 20.
            assertEquals(24 + 16 + 14 + 20 + 4 + 20 + 20, index.messages().firstOffset(0));
            assertArrayEquals(update, index.bytes(0).toArray(ValueLayout.JAVA_BYTE));
        }
    }
}

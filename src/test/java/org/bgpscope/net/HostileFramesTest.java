package org.bgpscope.net;

import static org.bgpscope.net.EncapsulationTest.hex;
import static org.bgpscope.net.EncapsulationTest.ipv4;
import static org.bgpscope.net.EncapsulationTest.ipv6;
import static org.bgpscope.net.EncapsulationTest.tcp4;
import static org.bgpscope.net.EncapsulationTest.tcp6;
import static org.bgpscope.testing.Packets.concat;
import static org.bgpscope.testing.Packets.ethernet;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every link layer and tunnel, with bytes flipped and frames cut at random: parsing never throws and
 * never reads outside the frame, and indexing a capture of such frames (fragments included) ends.
 */
class HostileFramesTest {
    @TempDir
    Path dir;

    private record Sample(int linkType, byte[] frame) {}

    private static List<Sample> samples() {
        byte[] vx = concat(hex("08000000 00006400"), ethernet(tcp4()));
        byte[] udp = concat(hex("c000 12b5"), new byte[] {(byte) ((8 + vx.length) >>> 8), (byte) (8 + vx.length)}, hex("0000"), vx);
        byte[] frag = ethernet(ipv4(6, Packets.slice(tcp4(), 20, 60), 3, 0x2000));
        byte[] frag6 = ethernet(ipv6(44, concat(hex("06000001 00000009"), Packets.slice(tcp6(), 40, 80))), 0x86DD);
        return List.of(
                new Sample(LinkType.PPP, concat(hex("ff03 0021"), tcp4())),
                new Sample(LinkType.PPP_HDLC, concat(hex("ff03 0057"), tcp6())),
                new Sample(LinkType.C_HDLC, concat(hex("0f00 0800"), tcp4())),
                new Sample(LinkType.JUNIPER_ETHER, concat(hex("4d4743 81 000a 0104 67652d30 0602 0006"), ethernet(tcp4()))),
                new Sample(LinkType.ETHERNET, ethernet(concat(hex("00010040 00011140"), tcp4()), 0x8847)),
                new Sample(LinkType.ETHERNET, ethernet(ipv4(47, concat(hex("b000 86dd 00000000 0000002a 00000001"), tcp6())))),
                new Sample(LinkType.ETHERNET, ethernet(ipv4(47, concat(hex("1000 22eb 00000001 2000 0005 11223344 0000 0001 0800000000000000"),
                        ethernet(tcp4()))))),
                new Sample(LinkType.ETHERNET, ethernet(ipv4(47, concat(hex("1000 88be 00000001 1000 0005 00000000"), ethernet(tcp4()))))),
                new Sample(LinkType.ETHERNET, ethernet(ipv4(17, udp))),
                new Sample(LinkType.ETHERNET, ethernet(ipv6(41, tcp6()), 0x86DD)),
                new Sample(LinkType.ETHERNET, frag),
                new Sample(LinkType.ETHERNET, frag6));
    }

    @Test
    void flippedAndCutFramesNeverThrow() {
        Random random = new Random(13);
        FrameParser parser = new FrameParser();
        TcpSegment seg = new TcpSegment();
        for (Sample s : samples()) {
            for (int round = 0; round < 20_000; round++) {
                byte[] f = s.frame().clone();
                int flips = 1 + random.nextInt(4);
                for (int k = 0; k < flips; k++) {
                    f[random.nextInt(f.length)] = (byte) random.nextInt(256);
                }
                int len = random.nextInt(4) == 0 ? random.nextInt(f.length + 1) : f.length;
                // The segment ends where the frame does: a read past the frame throws and fails the test.
                byte[] padded = new byte[16 + len];
                System.arraycopy(f, 0, padded, 16, len);
                MemorySegment data = MemorySegment.ofArray(padded).asSlice(0, 16 + len);
                FrameParser.Result r = parser.parse(data, 16, len, s.linkType(), seg);
                if (r == FrameParser.Result.TCP) {
                    assertTrue(seg.payloadOffset >= 16 && seg.payloadOffset + seg.payloadLength <= 16 + len, "payload inside the frame");
                }
                if (r == FrameParser.Result.FRAGMENT) {
                    assertTrue(seg.fragment.payload >= 16 && seg.fragment.payload + seg.fragment.length <= 16 + len, "fragment inside the frame");
                }
            }
        }
    }

    @Test
    void aCaptureOfDamagedTunnelsAndFragmentsIndexesToTheEnd() throws Exception {
        Random random = new Random(7);
        List<byte[]> frames = new ArrayList<>();
        for (int round = 0; round < 3000; round++) {
            for (Sample s : samples()) {
                if (s.linkType() != LinkType.ETHERNET) {
                    continue;
                }
                byte[] f = s.frame().clone();
                f[14 + random.nextInt(f.length - 14)] = (byte) random.nextInt(256);
                frames.add(f);
            }
        }
        try (CaptureIndex index = TempCaptures.index(dir, "h.pcap", Packets.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames.toArray(new byte[0][])))) {
            assertTrue(index.complete());
            assertTrue(index.records() == frames.size());
        }
    }
}

package org.bgpscope.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bgpscope.net.CaptureIndex;

/**
 * Link layer, IP, TCP reassembly and BGP framing fed frame by frame: the fuzz input is a list of
 * frames, which this target wraps in a well-formed classic pcap so that the fuzzer spends its time
 * in {@code FrameParser}, {@code TcpReassembler} and {@code BgpFramer} rather than in the pcap header.
 *
 * <p>Input: one byte choosing the link type, then frames, each a 2-byte big-endian length and that
 * many bytes (a short last frame takes what is left). Seeds are the first frames of real sessions.
 */
class FramesFuzzTest {
    /** Ethernet, raw IP, Linux SLL, BSD loopback, raw IPv4, raw IPv6, Linux SLL2. */
    static final int[] LINK_TYPES = {1, 101, 113, 0, 228, 229, 276};

    @FuzzTest
    void frames(byte[] data) {
        try (CaptureIndex index = FuzzFiles.index("frames.pcap", pcap(data))) {
            if (index != null) {
                FuzzFiles.checkPieces(index);
            }
        }
    }

    /** The classic pcap (microseconds, little-endian) that carries the frames of a fuzz input. */
    static byte[] pcap(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 256);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        int link = data.length == 0 ? 1 : LINK_TYPES[(data[0] & 0xFF) % LINK_TYPES.length];
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(link);
        out.writeBytes(h.array());
        int at = 1;
        int frame = 0;
        while (at < data.length) {
            int len = at + 1 < data.length ? ((data[at] & 0xFF) << 8) | (data[at + 1] & 0xFF) : 0;
            at = Math.min(at + 2, data.length);
            len = Math.min(len, data.length - at);
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(1_700_000_000 + frame).putInt(frame % 1_000_000).putInt(len).putInt(len);
            out.writeBytes(r.array());
            out.write(data, at, len);
            at += len;
            frame++;
        }
        return out.toByteArray();
    }

    /** The fuzz input for frames, the inverse of {@link #pcap}: how seeds are made from captures. */
    static byte[] input(int linkType, java.util.List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int k = 0;
        while (LINK_TYPES[k] != linkType) {
            k++;
        }
        out.write(k);
        for (byte[] f : frames) {
            out.write(f.length >> 8);
            out.write(f.length & 0xFF);
            out.writeBytes(f);
        }
        return out.toByteArray();
    }
}

package org.bgpscope.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Saves bytes that are no longer any capture's (a message edited in the byte editor): as raw BGP, or
 * as a classic pcap of one raw-IPv4 packet (LINKTYPE_RAW, 101) from 192.0.2.1:179 to 192.0.2.2:50179
 * (RFC 5737 documentation addresses) whose TCP segment carries the bytes, with correct IPv4 and TCP
 * checksums, so any pcap reader, ours, tshark or tcpdump, reads the message back.
 */
public final class EditedMessage {
    private EditedMessage() {}

    public static void saveRaw(Path out, byte[] message) throws IOException, org.bgpscope.capture.CaptureException {
        OutputFiles.replaceAtomically(OutputFiles.target(out), os -> {
            os.write(message);
            return null;
        });
    }

    public static void savePcap(Path out, byte[] message, long epochSeconds) throws IOException, org.bgpscope.capture.CaptureException {
        byte[] packet = packet(message);
        OutputFiles.replaceAtomically(OutputFiles.target(out), os -> {
            write(os, packet, epochSeconds);
            return null;
        });
    }

    private static void write(OutputStream os, byte[] packet, long seconds) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(24 + 16).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(101);
        h.putInt((int) seconds).putInt(0).putInt(packet.length).putInt(packet.length);
        os.write(h.array());
        os.write(packet);
    }

    private static final int SRC = 0xC0000201;
    private static final int DST = 0xC0000202;

    /** IPv4 (RFC 791) and TCP (RFC 9293) headers, ACK and PSH, around {@code payload}. */
    static byte[] packet(byte[] payload) {
        int total = 20 + 20 + payload.length;
        if (total > 65535) {
            throw new IllegalArgumentException(payload.length + " bytes do not fit one IPv4 packet");
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(SRC).putInt(DST);
        b.putShort((short) 179).putShort((short) 50179).putInt(1).putInt(1).put((byte) 0x50).put((byte) 0x18)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(payload);
        byte[] p = b.array();
        int ip = checksum(p, 0, 20, 0);
        p[10] = (byte) (ip >>> 8);
        p[11] = (byte) ip;
        // TCP checksum over the pseudo-header (addresses, protocol, TCP length) and the segment.
        int tcpLength = 20 + payload.length;
        long pseudo = (SRC >>> 16) + (SRC & 0xFFFF) + (DST >>> 16) + (DST & 0xFFFF) + 6 + tcpLength;
        int tcp = checksum(p, 20, tcpLength, pseudo);
        p[36] = (byte) (tcp >>> 8);
        p[37] = (byte) tcp;
        return p;
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes at {@code off}, plus {@code initial}. */
    private static int checksum(byte[] p, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += ((p[off + i] & 0xFF) << 8) | (p[off + i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            sum += (p[off + len - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}

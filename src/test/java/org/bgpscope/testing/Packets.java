package org.bgpscope.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Builds frames, BGP messages and capture files byte by byte for hand-made edge cases. */
public final class Packets {
    private Packets() {}

    /** A BGP message of {@code length} bytes and {@code type}, its body filled with {@code fill}. */
    public static byte[] bgp(int type, int length, int fill) {
        byte[] m = new byte[length];
        Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        m[18] = (byte) type;
        Arrays.fill(m, 19, length, (byte) fill);
        return m;
    }

    public static byte[] keepalive() {
        return bgp(4, 19, 0);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    public static final int FIN = 1;
    public static final int SYN = 2;
    public static final int ACK = 0x10;
    public static final int PSH = 0x08;

    /** IPv4 + TCP (no options) carrying {@code payload}. */
    public static byte[] ipv4Tcp(int src, int dst, int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(40 + payload.length).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack).put((byte) 0x50).put((byte) flags)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0).put(payload);
        return b.array();
    }

    public static byte[] ethernet(byte[] ip, int ethertype, int... vlanTags) {
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTags.length + ip.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
        for (int tpid : vlanTags) {
            b.putShort((short) tpid).putShort((short) 100);
        }
        b.putShort((short) ethertype).put(ip);
        return b.array();
    }

    public static byte[] ethernet(byte[] ip) {
        return ethernet(ip, 0x0800);
    }

    /** A classic pcap file of the given frames, one per record, 1 s apart. */
    public static byte[] pcap(ByteOrder order, boolean nanos, int linkType, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
        int t = 1_700_000_000;
        for (byte[] f : frames) {
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt(t++).putInt(nanos ? 123_456_789 : 123_456).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    public static byte[] pcap(byte[]... frames) {
        return pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames);
    }

    /** One TCP connection's frames from 10.0.0.1:40000 to 10.0.0.2:179, starting with a SYN. */
    public static final class Session {
        private final java.util.List<byte[]> frames = new java.util.ArrayList<>();
        private int seq = 1000;

        public Session syn() {
            frames.add(ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, seq - 1, 0, SYN, new byte[0])));
            return this;
        }

        /** Sends {@code data} at the current sequence number and advances it. */
        public Session send(byte[] data) {
            frames.add(ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, seq, 1, ACK | PSH, data)));
            seq += data.length;
            return this;
        }

        /** Sends {@code data} at an explicit sequence offset from the start (for retransmissions and reordering). */
        public Session sendAt(int offset, byte[] data) {
            frames.add(ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000 + offset, 1, ACK | PSH, data)));
            return this;
        }

        /** The receiver acknowledges everything up to {@code offset} from the start. */
        public Session ackFromPeer(int offset) {
            frames.add(ethernet(ipv4Tcp(0x0A000002, 0x0A000001, 179, 40000, 1, 1000 + offset, ACK, new byte[0])));
            return this;
        }

        public byte[][] frames() {
            return frames.toArray(new byte[0][]);
        }

        public byte[] pcap() {
            return Packets.pcap(frames());
        }
    }
}

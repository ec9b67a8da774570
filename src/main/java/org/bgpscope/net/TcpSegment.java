package org.bgpscope.net;

/**
 * The TCP segment of the current frame, as offsets into the mapped file. One instance is reused for
 * every frame, so parsing allocates nothing.
 */
public final class TcpSegment {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    public int ipVersion;
    public long srcAddress;
    public long dstAddress;
    public int addressLength;
    public int srcPort;
    public int dstPort;
    public int seq;
    public int ack;
    public int flags;
    public long payloadOffset;
    public int payloadLength;
    /** File offset of the IP header, for problems that point at it. */
    public long ipOffset;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}

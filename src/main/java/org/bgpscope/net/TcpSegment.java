package org.bgpscope.net;

import java.lang.foreign.MemorySegment;

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
    /** File offset of the TCP header. */
    public long tcpOffset;
    /** The segment-authentication option the segment carries: 19 (TCP-MD5, RFC 2385), 29 (TCP-AO, RFC 5925) or 0. */
    public int signature;
    /** File offset of the IP header, for problems that point at it. */
    public long ipOffset;
    /**
     * Where {@link #srcAddress} and {@link #dstAddress} point: the mapped file, or the copy of a
     * reassembled IP datagram.
     */
    public MemorySegment source;
    /** Payload bytes the IP header promises beyond the end of the frame (cut by the snap length). */
    public int missing;
    /** Why the frame cannot be read, when {@link FrameParser.Result#UNREADABLE} or unsupported. */
    public String problem;
    /** The IP fragment found, when {@link FrameParser.Result#FRAGMENT}. */
    public final IpReassembler.Fragment fragment = new IpReassembler.Fragment();
    /**
     * When more than 0, the payload is these file runs in order (a reassembled IP datagram's bytes
     * from several frames), not {@link #payloadOffset}.
     */
    public int runs;
    public long[] runOffset = new long[4];
    public int[] runLength = new int[4];
    public int[] runFrame = new int[4];

    void reset(MemorySegment data) {
        source = data;
        missing = 0;
        problem = null;
        runs = 0;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}

package org.bgpscope.net;

/** Counts from indexing a capture, for the status bar and the benchmark. */
public final class IndexStats {
    volatile long tcpSegments;
    volatile long bgpSegments;
    volatile long fragments;
    volatile long retransmitted;
    volatile long outOfOrder;
    volatile long gaps;

    public long tcpSegments() { return tcpSegments; }
    public long bgpSegments() { return bgpSegments; }
    public long fragments() { return fragments; }
    public long retransmitted() { return retransmitted; }
    public long outOfOrder() { return outOfOrder; }
    public long gaps() { return gaps; }
}

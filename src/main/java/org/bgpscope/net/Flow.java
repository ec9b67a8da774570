package org.bgpscope.net;

/**
 * One direction of a conversation: a TCP connection's sender and receiver (address and port), or an
 * MRT peer and the local (collector) side with their AS numbers, -1 where unknown. Flows come in pairs,
 * so a flow's reverse direction is {@code id ^ 1}.
 */
public record Flow(int id, String src, String dst, String srcAddress, String dstAddress, long srcAs, long dstAs) {
    /** Describes both directions of a new pair when the flow table first sees it. */
    @FunctionalInterface
    public interface Builder {
        Flow build(int id, boolean reversed);
    }

    public int reverse() {
        return id ^ 1;
    }

    /** The conversation both directions share: the lower id of the pair. */
    public int conversation() {
        return id >>> 1;
    }
}

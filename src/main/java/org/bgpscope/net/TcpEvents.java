package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bgpscope.capture.Bytes;

/**
 * The TCP events of a capture ({@link TcpEvent}), in frame order, kept apart from the BGP messages so
 * that message numbers do not depend on them. Each is a fixed record of a {@link MessageIndex}
 * ({@link MessageKind#TCP_EVENT}, the event's ordinal as its type): its bytes are the IP packet of the
 * frame that shows the event (headers and any payload), and its flags field holds where the TCP header
 * starts in them, so an event on a connection that never carried data (a refused attempt) still names
 * its addresses and ports without per-connection state. A side table holds the few details that a
 * record cannot (which bytes were lost, where a retransmission differs).
 */
public final class TcpEvents implements AutoCloseable {
    /** Events kept; past this (a flood of connection attempts) they are counted, not listed. */
    static final int MAX_EVENTS = 1_000_000;

    private final MessageIndex rows = new MessageIndex();
    private final Map<Integer, String> details = new ConcurrentHashMap<>();
    private long dropped;

    public int size() {
        return rows.size();
    }

    public TcpEvent event(int i) { return TcpEvent.of(rows.type(i)); }
    public int frame(int i) { return rows.frame(i); }
    public long time(int i) { return rows.time(i); }
    /** The flow (direction of a connection) the event belongs to, or -1 for a connection that carried no data. */
    public int flow(int i) { return rows.flow(i); }
    /** File offset of the IP packet that shows the event, or -1 when no single packet does (end of capture). */
    public long offset(int i) { return rows.length(i) == 0 ? -1 : rows.rawOffset(i); }
    public int length(int i) { return rows.length(i); }
    /** Offset of the TCP header within {@link #offset}'s bytes. */
    public int tcpHeaderAt(int i) { return rows.flags(i); }
    /** What the event says beyond its kind, or null. */
    public String detail(int i) { return details.get(i); }

    /** Events not kept because more than {@link #MAX_EVENTS} happened. */
    public long dropped() { return dropped; }

    void add(TcpEvent e, int frame, long time, int flow, long ipOffset, int length, int tcpAt, String detail) {
        if (rows.size() >= MAX_EVENTS || tcpAt > 0xFFFF) {
            dropped++;
            return;
        }
        int i = rows.size();
        if (detail != null) {
            details.put(i, detail);
        }
        rows.add(length == 0 ? 0 : ipOffset, time, frame, length, flow, e.ordinal(), MessageKind.TCP_EVENT, length == 0 ? 0 : tcpAt);
    }

    /**
     * "address:port → address:port" of event {@code i}, read from its packet's IP and TCP headers, or
     * null when it has no packet.
     */
    public String[] endpoints(MemorySegment data, int i) {
        if (length(i) == 0) {
            return null;
        }
        long ip = offset(i);
        long tcp = ip + tcpHeaderAt(i);
        int a = (Bytes.u8(data, ip) >>> 4) == 4 ? 4 : 16;
        long src = a == 4 ? ip + 12 : ip + 8;
        String s = Addresses.format(data, src, a);
        String d = Addresses.format(data, src + a, a);
        return new String[] {Addresses.endpoint(s, Bytes.u16(data, tcp)), Addresses.endpoint(d, Bytes.u16(data, tcp + 2))};
    }

    /**
     * The flow of event {@code i}: its own, or, for a segment seen before its connection carried data
     * (a SYN), the flow its addresses and ports later got; -1 when the connection never carried data.
     */
    public int flowOf(MemorySegment data, FlowTable flows, int i) {
        int f = flow(i);
        if (f >= 0 || length(i) == 0) {
            return f;
        }
        long ip = offset(i);
        long tcp = ip + tcpHeaderAt(i);
        int a = (Bytes.u8(data, ip) >>> 4) == 4 ? 4 : 16;
        long src = a == 4 ? ip + 12 : ip + 8;
        byte[] key = new byte[2 * a + 4];
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, src, key, 0, 2 * a);
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, tcp, key, 2 * a, 4);
        return flows.find(key, key.length);
    }

    @Override
    public void close() {
        rows.close();
    }
}

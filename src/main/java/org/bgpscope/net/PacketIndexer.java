package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.PacketCursor;
import org.bgpscope.capture.Progress;

/** Indexes the BGP messages of a pcap or pcapng capture: frames, TCP on port 179, reassembly, framing. */
final class PacketIndexer {
    static final int BGP_PORT = 179;
    private static final int PROGRESS_EVERY = 1 << 14;

    private final CaptureIndex target;
    private final byte[] key = new byte[36];
    private final byte[] reverseKey = new byte[36];

    PacketIndexer(CaptureIndex target) {
        this.target = target;
    }

    void run(Progress progress) throws CaptureException {
        MemorySegment data = target.capture().data();
        PacketCursor cursor = target.capture().packets();
        FrameParser parser = new FrameParser();
        TcpSegment seg = new TcpSegment();
        TcpReassembler tcp = new TcpReassembler(data, target.messages());
        IndexStats stats = target.stats();
        long total = data.byteSize();
        boolean warnedLink = false;
        long tcpSegments = 0;
        long bgpSegments = 0;
        while (cursor.next()) {
            int n = cursor.number();
            target.checkpoint(n, cursor.recordOffset());
            if (cursor.timeDigits() != target.timeDigits()) {
                // pcapng: a new interface with a finer if_tsresol.
                target.timeDigits(cursor.timeDigits());
            }
            if ((n & (PROGRESS_EVERY - 1)) == 0) {
                target.records(n);
                CaptureIndex.check(progress, cursor.recordOffset(), total);
            }
            if (cursor.recordProblem() != null) {
                target.problem(n, cursor.recordOffset(), cursor.recordProblem());
                continue;
            }
            FrameParser.Result r = parser.parse(data, cursor.dataOffset(), cursor.capturedLength(), cursor.linkType(), seg);
            switch (r) {
                case TCP -> {
                    tcpSegments++;
                    if (seg.srcPort != BGP_PORT && seg.dstPort != BGP_PORT) {
                        continue;
                    }
                    bgpSegments++;
                    tcp.segment(flowOf(data, seg), seg, n, cursor.timeNanos());
                }
                case FRAGMENT -> {
                    stats.fragments++;
                    target.problem(n, seg.ipOffset, "IP fragment: fragments are reported, not reassembled");
                }
                case UNSUPPORTED_LINK -> {
                    if (!warnedLink) {
                        warnedLink = true;
                        target.problem(n, cursor.recordOffset(), "link type " + cursor.linkType()
                                + " is not one we read (Ethernet, SLL, SLL2, raw IP, null/loopback)");
                    }
                }
                case TRUNCATED -> {
                    if (cursor.capturedLength() < cursor.originalLength()) {
                        target.problem(n, cursor.dataOffset(), "frame cut by the snapshot length ("
                                + cursor.capturedLength() + " of " + cursor.originalLength() + " bytes) before its TCP payload");
                    }
                }
                case NOT_TCP -> { }
            }
        }
        target.records(cursor.number());
        if (cursor.problem() != null) {
            target.stoppedEarly(cursor.problem(), cursor.problemOffset());
        }
        tcp.finish();
        stats.tcpSegments = tcpSegments;
        stats.bgpSegments = bgpSegments;
        stats.retransmitted = tcp.retransmittedSegments();
        stats.outOfOrder = tcp.outOfOrderSegments();
        stats.gaps = tcp.gaps();
    }

    /** Finds or adds the flow of a segment; the key is built in reused arrays. */
    private int flowOf(MemorySegment data, TcpSegment seg) {
        int a = seg.addressLength;
        int len = 2 * a + 4;
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, seg.srcAddress, key, 0, a);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, seg.dstAddress, key, a, a);
        key[2 * a] = (byte) (seg.srcPort >>> 8);
        key[2 * a + 1] = (byte) seg.srcPort;
        key[2 * a + 2] = (byte) (seg.dstPort >>> 8);
        key[2 * a + 3] = (byte) seg.dstPort;
        FlowTable flows = target.flows();
        int id = flows.find(key, len);
        if (id >= 0) {
            return id;
        }
        System.arraycopy(key, a, reverseKey, 0, a);
        System.arraycopy(key, 0, reverseKey, a, a);
        System.arraycopy(key, 2 * a + 2, reverseKey, 2 * a, 2);
        System.arraycopy(key, 2 * a, reverseKey, 2 * a + 2, 2);
        String src = Addresses.format(data, seg.srcAddress, a);
        String dst = Addresses.format(data, seg.dstAddress, a);
        int sp = seg.srcPort;
        int dp = seg.dstPort;
        return flows.addPair(key, reverseKey, len, (fid, reversed) -> reversed
                ? new Flow(fid, Addresses.endpoint(dst, dp), Addresses.endpoint(src, sp), dst, src, -1, -1)
                : new Flow(fid, Addresses.endpoint(src, sp), Addresses.endpoint(dst, dp), src, dst, -1, -1));
    }
}

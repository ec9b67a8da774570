package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.PacketCursor;
import org.bgpscope.capture.Progress;

/** Indexes the BGP messages of a pcap or pcapng capture: frames, TCP on port 179, reassembly, framing. */
final class PacketIndexer implements Indexer {
    static final int BGP_PORT = 179;
    private static final int PROGRESS_EVERY = 1 << 14;

    private final CaptureIndex target;
    private final byte[] key = new byte[36];
    private final byte[] reverseKey = new byte[36];
    private final SynCache syns = new SynCache();
    /**
     * Flow ids (two per connection) before new connections are no longer read: about 100 bytes of
     * heap each, so at most about 200 MB. No real capture comes near a million BGP connections.
     */
    static final int MAX_FLOWS = 2_000_000;
    private long ignoredSegments;

    PacketIndexer(CaptureIndex target) {
        this.target = target;
    }

    private MemorySegment data;
    private PacketCursor cursor;
    private final FrameParser parser = new FrameParser();
    private final TcpSegment seg = new TcpSegment();
    private TcpReassembler tcp;
    private IpReassembler fragments;
    private long tcpSegments;
    private long bgpSegments;

    /**
     * Indexes every record the mapping holds from where the last call stopped; TCP streams and IP
     * fragments stay open for the records a growing file appends ({@link #grow}).
     */
    @Override
    public void index(Progress progress) throws CaptureException {
        if (cursor == null) {
            data = target.capture().data();
            cursor = target.capture().packets();
            tcp = new TcpReassembler(data, target.messages(), target.events());
            fragments = new IpReassembler(data, target::problem);
        }
        IndexStats stats = target.stats();
        long total = data.byteSize();
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
            if (cursor.capturedLength() >= cursor.originalLength()) {
                // Bytes the IP header promises past a frame the capture did not cut are no snap-length loss.
                seg.missing = 0;
                seg.fragment.missing = 0;
            }
            if (r == FrameParser.Result.FRAGMENT) {
                stats.fragments++;
                r = reassemble(fragments, seg, n, data);
            }
            switch (r) {
                case TCP -> {
                    tcpSegments++;
                    int flow;
                    if (seg.srcPort != BGP_PORT && seg.dstPort != BGP_PORT) {
                        // BMP on any port, told by content (RFC 7854 §4.1); SYNs are kept for its stream start.
                        flow = bmpFlowOf(seg, n);
                        if (flow < 0) {
                            continue;
                        }
                    } else {
                        flow = flowOf(seg, tcp, n);
                    }
                    bgpSegments++;
                    if ((seg.flags & (TcpSegment.SYN | TcpSegment.FIN | TcpSegment.RST)) != 0) {
                        control(seg, flow, n, cursor.timeNanos(), data);
                    }
                    if (flow >= 0 && seg.signature != 0) {
                        target.flows().signed(flow, seg.signature);
                    }
                    if (flow >= 0) {
                        tcp.segment(flow, seg, n, cursor.timeNanos());
                        if (seg.missing > 0 && cursor.capturedLength() < cursor.originalLength()) {
                            target.problem(n, cursor.dataOffset() + cursor.capturedLength(), "frame " + n + " cut by the capture's snap length "
                                    + snapLength(cursor) + " (" + cursor.capturedLength() + " of " + cursor.originalLength()
                                    + " bytes captured): the BGP message it carries is incomplete, what was captured is listed");
                        }
                    }
                }
                case FRAGMENT -> { }
                case UNSUPPORTED_LINK -> unreadable(n, cursor.recordOffset(), "link type " + cursor.linkType() + " ("
                        + LinkType.name(cursor.linkType()) + ") is not one we read (Ethernet, PPP, Cisco HDLC, Juniper Ethernet, "
                        + "SLL, SLL2, raw IP, null/loopback)", cursor.linkType());
                case UNREADABLE -> unreadable(n, cursor.dataOffset(), seg.problem + " (link type " + cursor.linkType() + ", "
                        + LinkType.name(cursor.linkType()) + ")", cursor.linkType());
                case TRUNCATED -> {
                    if (cursor.capturedLength() < cursor.originalLength()) {
                        target.problem(n, cursor.dataOffset(), "frame " + n + " cut by the capture's snap length " + snapLength(cursor)
                                + " (" + cursor.capturedLength() + " of " + cursor.originalLength() + " bytes) before its TCP payload");
                    }
                }
                case NOT_TCP -> { }
            }
        }
        target.records(cursor.number());
        stats.tcpSegments = tcpSegments;
        stats.bgpSegments = bgpSegments;
        stats.retransmitted = tcp.retransmittedSegments();
        stats.outOfOrder = tcp.outOfOrderSegments();
    }

    /** Why reading stopped early, or null; {@code endsInsideRecord} says whether more bytes could fix it. */
    @Override
    public String stopped() {
        return cursor == null ? null : cursor.problem();
    }

    @Override
    public boolean waitingForRecord() {
        return cursor != null && cursor.endsInsideRecord();
    }

    /** The file grew: reading goes on over the longer mapping, from the record its old end cut if any. */
    @Override
    public void grow(MemorySegment longer) {
        data = longer;
        cursor.grow(longer);
        tcp.grow(longer);
        fragments.grow(longer);
    }

    /** The end of the capture: what is still pending is listed as incomplete, and the counts are reported. */
    @Override
    public void finish() {
        long total = data.byteSize();
        fragments.finish();
        if (unreadable > 0) {
            target.problem(cursor.number(), total, String.format("%,d frames could not be read (the first: frame %,d, %s)",
                    unreadable, firstUnreadable, firstUnreadableWhy));
        }
        target.records(cursor.number());
        if (cursor.problem() != null) {
            target.stoppedEarly(cursor.problem(), cursor.problemOffset());
        }
        tcp.finish();
        if (target.events().dropped() > 0) {
            target.problem(cursor.number(), total, String.format("%,d more TCP events (connection attempts, resets, retransmissions) "
                    + "were counted but not listed: at most %,d are kept", target.events().dropped(), TcpEvents.MAX_EVENTS));
        }
        if (tcp.evicted() > 0) {
            target.problem(cursor.number(), total, String.format("%,d TCP streams were closed early because more than %,d had "
                    + "bytes in flight at once; their pending bytes are listed as incomplete", tcp.evicted(), TcpReassembler.MAX_LIVE));
        }
        if (ignoredSegments > 0) {
            target.problem(cursor.number(), total, String.format("%,d segments of connections first seen after the first %,d "
                    + "connections with data were not read", ignoredSegments, MAX_FLOWS / 2));
        }
        if (target.messages().size() == 0 && cursor.problem() == null) {
            // Never a silent empty list: say what the frames held instead.
            target.problem(cursor.number(), total, String.format("no BGP message in %,d frames: %,d TCP segments, %,d of them "
                    + "on port 179 (%,d connections with data)", cursor.number(), tcpSegments, bgpSegments, target.flows().size() / 2)
                    + (unreadable > 0 ? String.format(", %,d frames unreadable", unreadable) : ""));
        }
        IndexStats stats = target.stats();
        stats.tcpSegments = tcpSegments;
        stats.bgpSegments = bgpSegments;
        stats.retransmitted = tcp.retransmittedSegments();
        stats.outOfOrder = tcp.outOfOrderSegments();
        stats.gaps = tcp.gaps();
    }

    /**
     * A SYN, SYN-ACK, FIN or RST as a row of its own (RFC 9293 §3.5, §3.6). A RST that answers a SYN no
     * SYN-ACK answered, acknowledging exactly that SYN, is a refused connection (§3.10.7.1). The flow key
     * of the segment is in {@link #key} (put there by {@link #flowOf}).
     */
    private void control(TcpSegment seg, int flow, int frame, long time, MemorySegment data) {
        TcpEvent e;
        if (seg.has(TcpSegment.RST)) {
            e = TcpEvent.RST;
            if (flow < 0 && seg.has(TcpSegment.ACK)) {
                int a = seg.addressLength;
                int len = 2 * a + 4;
                System.arraycopy(key, a, reverseKey, 0, a);
                System.arraycopy(key, 0, reverseKey, a, a);
                System.arraycopy(key, 2 * a + 2, reverseKey, 2 * a, 2);
                System.arraycopy(key, 2 * a, reverseKey, 2 * a + 2, 2);
                long isn = syns.peek(reverseKey, len);
                if (isn >= 0 && ((isn + 1) & 0xFFFFFFFFL) == (seg.ack & 0xFFFFFFFFL) && syns.peek(key, len) < 0) {
                    e = TcpEvent.REFUSED;
                }
            }
        } else if (seg.has(TcpSegment.SYN)) {
            e = seg.has(TcpSegment.ACK) ? TcpEvent.SYN_ACK : TcpEvent.SYN;
        } else {
            e = TcpEvent.FIN;
        }
        boolean inFile = seg.source == data && seg.runs == 0;
        target.events().add(e, frame, time, flow, seg.ipOffset, inFile ? (int) (seg.payloadOffset + seg.payloadLength - seg.ipOffset) : 0,
                (int) (seg.tcpOffset - seg.ipOffset), null);
    }

    private long unreadable;
    private int firstUnreadable;
    private String firstUnreadableWhy;
    /** Link types already named in a problem: each gets its own, the rest are counted. */
    private final java.util.Set<Integer> namedLinks = new java.util.HashSet<>();
    /** Unreadable frames reported one by one before they are only counted. */
    static final int UNREADABLE_REPORTED = 100;

    /** A frame that cannot be read: a problem naming it and the link type, then counted. */
    private void unreadable(int frame, long offset, String why, int linkType) {
        unreadable++;
        if (firstUnreadable == 0) {
            firstUnreadable = frame;
            firstUnreadableWhy = why;
        }
        if (unreadable <= UNREADABLE_REPORTED || namedLinks.add(linkType)) {
            namedLinks.add(linkType);
            target.problem(frame, offset, "frame " + frame + " cannot be read: " + why);
        }
    }

    private static int snapLength(PacketCursor cursor) {
        return cursor.snapLength() > 0 ? cursor.snapLength() : cursor.capturedLength();
    }

    /**
     * Adds the fragment just parsed; when it completes its datagram, reads the datagram's contents
     * (from a copy, for the headers) and points the segment's payload at the fragments' file runs.
     */
    private FrameParser.Result reassemble(IpReassembler fragments, TcpSegment seg, int frame, MemorySegment data) {
        IpReassembler.Fragment f = seg.fragment;
        if (f.source != data) {
            seg.problem = "an IP fragment inside a reassembled IP datagram";
            return FrameParser.Result.UNREADABLE;
        }
        IpReassembler.Datagram d = fragments.add(f, frame, seg.ipOffset);
        if (d == null) {
            return FrameParser.Result.FRAGMENT;
        }
        MemorySegment b = d.bytes();
        seg.reset(b);
        seg.ipVersion = d.version();
        seg.srcAddress = 0;
        seg.dstAddress = d.addressLength();
        seg.addressLength = d.addressLength();
        seg.ipOffset = d.ipOffset();
        FrameParser.Result r = FrameParser.transport(b, d.protocol(), d.payloadStart(), b.byteSize(), b.byteSize(), seg, d.depth());
        if (r == FrameParser.Result.FRAGMENT) {
            seg.problem = "an IP fragment inside a reassembled IP datagram";
            return FrameParser.Result.UNREADABLE;
        }
        if (r != FrameParser.Result.TCP) {
            return r;
        }
        // The TCP payload, as datagram offsets, mapped to the file runs of the fragments holding it.
        long from = seg.payloadOffset - d.payloadStart();
        long to = from + seg.payloadLength;
        seg.runs = 0;
        long[] dOff = d.runDatagramOffset();
        for (int k = 0; k < dOff.length; k++) {
            long s = Math.max(from, dOff[k]);
            long e = Math.min(to, dOff[k] + d.runLength()[k]);
            if (s >= e) {
                continue;
            }
            if (seg.runs == seg.runOffset.length) {
                seg.runOffset = java.util.Arrays.copyOf(seg.runOffset, seg.runs * 2);
                seg.runLength = java.util.Arrays.copyOf(seg.runLength, seg.runs * 2);
                seg.runFrame = java.util.Arrays.copyOf(seg.runFrame, seg.runs * 2);
            }
            seg.runOffset[seg.runs] = d.runFileOffset()[k] + (s - dOff[k]);
            seg.runLength[seg.runs] = (int) (e - s);
            seg.runFrame[seg.runs] = d.runFrame()[k];
            seg.runs++;
        }
        if (seg.payloadLength == 0) {
            seg.runs = 0;
        }
        return r;
    }

    /**
     * Finds the flow of a segment, or adds it when the segment carries data; the key is built in
     * reused arrays. A segment with no data and no flow yet (a SYN, a bare ACK) adds nothing: a SYN's
     * initial sequence number goes to a fixed-size cache until the connection's first data, so that a
     * flood of connection attempts costs no memory. Returns -1 for a segment that needs no flow.
     */
    private int flowOf(TcpSegment seg, TcpReassembler tcp, int frame) {
        int a = seg.addressLength;
        int len = key(seg);
        FlowTable flows = target.flows();
        int id = flows.find(key, len);
        if (id >= 0) {
            return id;
        }
        if (seg.payloadLength == 0) {
            if (seg.has(TcpSegment.SYN)) {
                syns.put(key, len, seg.seq);
            }
            return -1;
        }
        if (flows.size() >= MAX_FLOWS) {
            ignoredSegments++;
            return -1;
        }
        System.arraycopy(key, a, reverseKey, 0, a);
        System.arraycopy(key, 0, reverseKey, a, a);
        System.arraycopy(key, 2 * a + 2, reverseKey, 2 * a, 2);
        System.arraycopy(key, 2 * a, reverseKey, 2 * a + 2, 2);
        id = flows.addTcpPair(key, reverseKey, len);
        long isn = syns.take(key, len);
        if (isn >= 0 && !seg.has(TcpSegment.SYN)) {
            tcp.opened(id, (int) isn);
        }
        long reverseIsn = syns.take(reverseKey, len);
        if (reverseIsn >= 0) {
            tcp.opened(id + 1, (int) reverseIsn);
        }
        return id;
    }

    /** Puts the segment's flow key (source and destination address, then ports) in {@link #key}; returns its length. */
    private int key(TcpSegment seg) {
        int a = seg.addressLength;
        MemorySegment.copy(seg.source, ValueLayout.JAVA_BYTE, seg.srcAddress, key, 0, a);
        MemorySegment.copy(seg.source, ValueLayout.JAVA_BYTE, seg.dstAddress, key, a, a);
        key[2 * a] = (byte) (seg.srcPort >>> 8);
        key[2 * a + 1] = (byte) seg.srcPort;
        key[2 * a + 2] = (byte) (seg.dstPort >>> 8);
        key[2 * a + 3] = (byte) seg.dstPort;
        return 2 * a + 4;
    }

    private BmpPeers bmpPeers;

    /**
     * The flow of a segment off port 179: a BMP connection already seen, or a new one whose first data
     * starts with a BMP common header. Returns -1 for anything else (a SYN is remembered, as for BGP).
     */
    private int bmpFlowOf(TcpSegment seg, int frame) {
        int len = key(seg);
        int id = target.flows().find(key, len);
        if (id >= 0) {
            return id;
        }
        if (seg.payloadLength == 0) {
            if (seg.has(TcpSegment.SYN)) {
                syns.put(key, len, seg.seq);
            }
            return -1;
        }
        long at = seg.runs == 0 ? seg.payloadOffset : seg.runOffset[0];
        MemorySegment src = seg.runs == 0 ? seg.source : data;
        long avail = seg.runs == 0 ? seg.payloadLength : seg.runLength[0];
        if (!BmpFramer.startsBmp(src, at, avail)) {
            return -1;
        }
        if (bmpPeers == null) {
            bmpPeers = new BmpPeers(target);
        }
        id = flowOf(seg, tcp, frame);
        if (id >= 0) {
            tcp.bmp(id, bmpPeers);
        }
        return id;
    }

    /**
     * Initial sequence numbers of SYNs whose connection has sent no data yet, in a direct-mapped table
     * of fixed size keyed by a 64-bit hash of the flow key: a collision forgets the older SYN, and the
     * stream is then joined at its first marker instead.
     */
    static final class SynCache {
        private static final int SIZE = 1 << 16;
        private final long[] hashes = new long[SIZE];
        private final int[] seqs = new int[SIZE];

        private static long hash(byte[] key, int len) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < len; i++) {
                h = (h ^ (key[i] & 0xFF)) * 0x100000001b3L;
            }
            return h == 0 ? 1 : h;
        }

        void put(byte[] key, int len, int seq) {
            long h = hash(key, len);
            int slot = (int) (h ^ (h >>> 32)) & (SIZE - 1);
            hashes[slot] = h;
            seqs[slot] = seq;
        }

        /** The sequence number of the SYN with this key (as unsigned), or -1. */
        long peek(byte[] key, int len) {
            long h = hash(key, len);
            int slot = (int) (h ^ (h >>> 32)) & (SIZE - 1);
            return hashes[slot] == h ? seqs[slot] & 0xFFFFFFFFL : -1;
        }

        /** The sequence number of the SYN with this key (as unsigned), or -1; forgets it. */
        long take(byte[] key, int len) {
            long h = hash(key, len);
            int slot = (int) (h ^ (h >>> 32)) & (SIZE - 1);
            if (hashes[slot] != h) {
                return -1;
            }
            hashes[slot] = 0;
            return seqs[slot] & 0xFFFFFFFFL;
        }
    }
}

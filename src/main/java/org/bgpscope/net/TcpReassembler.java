package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts each direction of each TCP connection back in sequence order (RFC 9293 §3.4) and hands the
 * in-order bytes to that direction's {@link BgpFramer}. Retransmitted and overlapping bytes are
 * delivered once; out-of-order segments wait, as file offsets, until the hole before them is filled.
 * A hole is declared lost when the receiver acknowledges past it (the receiver had bytes the capture
 * missed), when too much waits behind it, or at the end of the capture.
 */
public final class TcpReassembler {
    /** Out-of-order segments held per direction before the hole before them is given up. */
    private static final int MAX_WAITING = 4096;
    /** Out-of-order segments held in all directions together; past it the adding direction gives its holes up. */
    private static final int MAX_WAITING_ALL = 100_000;
    /**
     * Directions with reassembly state at once. Past it, the half least recently active are closed
     * early: their pending bytes become incomplete entries, and later bytes resynchronise on a marker.
     * Real captures hold a few hundred BGP sessions; this bounds memory under a flood of connections.
     */
    static final int MAX_LIVE = 100_000;

    private MemorySegment data;
    private final MessageIndex index;
    private final TcpEvents events;
    /** The packet of the segment being processed, for the events it shows: IP header offset, length, TCP header within. */
    private long packetAt;
    private int packetLength;
    private int tcpAt;
    private int flowNow;
    private long timeNow;
    private int frameNow;
    private final List<Direction> directions = new ArrayList<>();
    private long retransmitted;
    private long gaps;
    private long outOfOrder;
    private int live;
    private long evicted;
    private int waitingAll;

    public TcpReassembler(MemorySegment data, MessageIndex index, TcpEvents events) {
        this.data = data;
        this.index = index;
        this.events = events;
    }

    /** Recent runs delivered per direction, to compare retransmitted bytes with the copy taken. */
    private static final int RECENT = 8;

    /** The file grew and was mapped again: the same offsets, read from the longer mapping. */
    void grow(MemorySegment longer) {
        data = longer;
        for (Direction d : directions) {
            if (d != null) {
                d.framer.grow(longer);
            }
        }
    }

    private final class Direction {
        StreamFramer framer;
        boolean started;
        /** Sequence number expected next, and the same position counted from the stream's start. */
        int nextSeq;
        long nextPos;
        TreeMap<Long, long[]> waiting;
        long finPos = -1;
        int lastFrame;
        final int flow;
        // A ring of the last runs delivered (stream position, file offset, length, frame), made on first use.
        long[] recentPos;
        long[] recentOffset;
        int[] recentLength;
        int[] recentFrame;
        int recentNext;

        Direction(int flow) {
            this.flow = flow;
            framer = bmpFlows.get(flow) ? new BmpFramer(data, index, flow, bmp) : new BgpFramer(data, index, flow);
        }

        void remember(long pos, long offset, int length, int frame) {
            if (recentPos == null) {
                recentPos = new long[RECENT];
                recentOffset = new long[RECENT];
                recentLength = new int[RECENT];
                recentFrame = new int[RECENT];
            }
            int k = recentNext++ & (RECENT - 1);
            recentPos[k] = pos;
            recentOffset[k] = offset;
            recentLength[k] = length;
            recentFrame[k] = frame;
        }

        long position(int seq) {
            return nextPos + (seq - nextSeq);
        }

        void advanceTo(long pos) {
            nextSeq += (int) (pos - nextPos);
            nextPos = pos;
        }
    }

    private Direction direction(int flow) {
        while (directions.size() <= flow) {
            directions.add(null);
        }
        Direction d = directions.get(flow);
        if (d == null) {
            if (live >= MAX_LIVE) {
                evictLeastRecentlyActive();
            }
            d = new Direction(flow);
            directions.set(flow, d);
            live++;
        }
        return d;
    }

    /** Closes the half of the live directions that were active longest ago. */
    private void evictLeastRecentlyActive() {
        int[] frames = new int[live];
        int k = 0;
        for (Direction d : directions) {
            if (d != null) {
                frames[k++] = d.lastFrame;
            }
        }
        Arrays.sort(frames, 0, k);
        int cutoff = frames[k / 2];
        for (int i = 0; i < directions.size(); i++) {
            Direction d = directions.get(i);
            if (d != null && d.lastFrame <= cutoff) {
                end(d);
                directions.set(i, null);
                live--;
                evicted++;
            }
        }
    }

    /** Directions that carry BMP (RFC 7854), told by {@link PacketIndexer} from their first bytes. */
    private final java.util.BitSet bmpFlows = new java.util.BitSet();
    private BmpPeers bmp;

    /** Frames both directions of connection {@code flow} as BMP; {@code peers} gives the monitored peers' flows. */
    void bmp(int flow, BmpPeers peers) {
        bmp = peers;
        bmpFlows.set(flow);
        bmpFlows.set(flow ^ 1);
        // The flow was just made for this first data (a SYN may have started its directions already).
        for (int f : new int[] {flow, flow ^ 1}) {
            if (f < directions.size() && directions.get(f) != null) {
                directions.get(f).framer = new BmpFramer(data, index, f, peers);
            }
        }
    }

    /** A connection first seen by its data whose SYN was seen before: its stream starts at {@code isn + 1}. */
    public void opened(int flow, int isn) {
        Direction d = direction(flow);
        if (!d.started) {
            d.started = true;
            d.nextSeq = isn + 1;
            d.nextPos = 0;
        }
    }

    /** One TCP segment of {@code flow}, carried by record {@code frame}. */
    public void segment(int flow, TcpSegment seg, int frame, long time) {
        flowNow = flow;
        frameNow = frame;
        timeNow = time;
        if (seg.source == data && seg.runs == 0) {
            packetAt = seg.ipOffset;
            packetLength = (int) (seg.payloadOffset + seg.payloadLength - seg.ipOffset);
            tcpAt = (int) (seg.tcpOffset - seg.ipOffset);
        } else {
            packetLength = 0;
        }
        Direction d = direction(flow);
        d.lastFrame = frame;
        d.framer.at(frame, time);
        int seq = seg.seq;
        if (seg.has(TcpSegment.SYN)) {
            if (d.started && seq + 1 != d.nextSeq) {
                // A new connection on the same addresses and ports: the old stream ends here.
                end(d);
                d.framer.at(frame, time);
                d.started = false;
            }
            if (!d.started) {
                d.started = true;
                d.nextSeq = seq + 1;
                d.nextPos = 0;
            }
            seq++;
        }
        if (seg.payloadLength > 0) {
            if (!d.started) {
                // Joined after the handshake: the first byte seen may be inside a message.
                d.started = true;
                d.nextSeq = seq;
                d.nextPos = 0;
                d.framer.joinMidStream();
            }
            long pos = d.position(seq);
            if (seg.runs == 0) {
                data(d, pos, seg.payloadOffset, seg.payloadLength, frame);
            } else {
                // A reassembled IP datagram: its payload lies in several frames' runs, delivered in order.
                for (int k = 0; k < seg.runs; k++) {
                    data(d, pos, seg.runOffset[k], seg.runLength[k], seg.runFrame[k]);
                    pos += seg.runLength[k];
                }
            }
        }
        if (seg.missing > 0 && d.started) {
            cut(d, d.position(seq) + seg.payloadLength, seg.missing, frame, time);
        }
        if (seg.has(TcpSegment.FIN)) {
            // FIN takes one sequence number (RFC 9293 §3.4): the peer's ACK of it is not lost data.
            d.finPos = d.position(seq) + seg.payloadLength;
        }
        if (seg.has(TcpSegment.ACK)) {
            acknowledged(flow ^ 1, seg.ack, frame, time);
        }
    }

    private void data(Direction d, long pos, long offset, int length, int frame) {
        long end = pos + length;
        if (end <= d.nextPos) {
            retransmitted++;
            retransmission(d, pos, offset, length, null);
            return;
        }
        if (pos > d.nextPos) {
            outOfOrder++;
            if (d.waiting == null) {
                d.waiting = new TreeMap<>();
            }
            if (d.waiting.isEmpty()) {
                event(TcpEvent.OUT_OF_ORDER, String.format("arrived ahead of %,d missing bytes (stream bytes %,d to %,d)",
                        pos - d.nextPos, d.nextPos, pos - 1));
            }
            long[] old = d.waiting.get(pos);
            if (old != null) {
                retransmitted++;
                boolean longer = old[1] < length;
                waitingCopy(old, offset, length, longer);
            }
            if (old == null || old[1] < length) {
                if (d.waiting.put(pos, new long[] {offset, length, frame}) == null) {
                    waitingAll++;
                }
            }
            if (d.waiting.size() > MAX_WAITING) {
                skipHole(d);
            } else if (waitingAll > MAX_WAITING_ALL) {
                while (!d.waiting.isEmpty()) {
                    skipHole(d);
                }
            }
            return;
        }
        if (pos < d.nextPos) {
            retransmitted++;
            int trim = (int) (d.nextPos - pos);
            retransmission(d, pos, offset, trim, "partly: ");
            offset += trim;
            length -= trim;
            pos += trim;
        }
        deliver(d, pos, offset, length, frame);
        release(d);
    }

    private void deliver(Direction d, long pos, long offset, int length, int frame) {
        d.framer.accept(offset, length, frame);
        d.remember(pos, offset, length, frame);
        d.advanceTo(pos + length);
    }

    /**
     * Bytes {@code [pos, pos+length)} the stream already had: compared with the copy taken, where
     * it is still among the direction's recent runs.
     */
    private void retransmission(Direction d, long pos, long offset, int length, String prefix) {
        long covered = 0;
        int firstFrame = -1;
        for (int k = 0; d.recentPos != null && k < RECENT; k++) {
            long s = Math.max(pos, d.recentPos[k]);
            long e = Math.min(pos + length, d.recentPos[k] + d.recentLength[k]);
            if (s >= e || d.recentLength[k] == 0) {
                continue;
            }
            covered += e - s;
            firstFrame = d.recentFrame[k];
            long mine = offset + (s - pos);
            long taken = d.recentOffset[k] + (s - d.recentPos[k]);
            long at = data.asSlice(mine, e - s).mismatch(data.asSlice(taken, e - s));
            if (at >= 0) {
                event(TcpEvent.RETRANSMISSION_DIFFERENT, String.format("%,d bytes sent again (stream bytes %,d to %,d), but stream byte "
                        + "%,d is 0x%02x here and 0x%02x in the copy from frame %,d, which is the one used",
                        length, pos, pos + length - 1, s + at, data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, mine + at) & 0xFF,
                        data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, taken + at) & 0xFF, d.recentFrame[k]));
                return;
            }
        }
        String how = covered == length ? String.format(", the same bytes as frame %,d", firstFrame)
                : covered > 0 ? String.format(", %,d of them compared and the same", covered) : "";
        event(TcpEvent.RETRANSMISSION, String.format("%s%,d bytes sent again (stream bytes %,d to %,d)%s",
                prefix == null ? "" : prefix, length, pos, pos + length - 1, how));
    }

    /** A second copy of a segment still waiting behind a hole: the longer copy is kept. */
    private void waitingCopy(long[] old, long offset, int length, boolean longer) {
        int n = (int) Math.min(old[1], length);
        long at = data.asSlice(offset, n).mismatch(data.asSlice(old[0], n));
        if (at >= 0) {
            event(TcpEvent.RETRANSMISSION_DIFFERENT, String.format("a segment sent again before the bytes ahead of it arrived differs "
                    + "from the copy of frame %,d at its byte %,d; the %s copy is used", old[2], at, longer ? "new, longer" : "first"));
        } else {
            event(TcpEvent.RETRANSMISSION, String.format("%,d bytes sent again while waiting behind missing bytes, the same as frame %,d",
                    length, old[2]));
        }
    }

    private void event(TcpEvent e, String detail) {
        events.add(e, frameNow, timeNow, flowNow, packetAt, packetLength, tcpAt, detail);
    }

    /**
     * The capture cut the segment's last {@code missing} bytes (snap length): when the stream has
     * reached the cut, the message in progress is incomplete and framing resynchronises after it.
     */
    private void cut(Direction d, long at, int missing, int frame, long time) {
        long resume = at + missing;
        if (d.nextPos < at || d.nextPos >= resume) {
            return;
        }
        gaps++;
        event(TcpEvent.LOST, String.format("%,d bytes (stream bytes %,d to %,d) cut by the capture's snap length", missing, at, resume - 1));
        d.framer.at(frame, time);
        d.framer.gap();
        long to = resume;
        if (d.waiting != null && !d.waiting.isEmpty()) {
            to = Math.min(to, Math.max(d.nextPos, d.waiting.firstKey()));
        }
        d.advanceTo(to);
        release(d);
    }

    /** Delivers waiting segments that the stream has now reached. */
    private void release(Direction d) {
        while (d.waiting != null && !d.waiting.isEmpty() && d.waiting.firstKey() <= d.nextPos) {
            Map.Entry<Long, long[]> e = d.waiting.pollFirstEntry();
            waitingAll--;
            long[] v = e.getValue();
            long pos = e.getKey();
            long end = pos + v[1];
            if (end <= d.nextPos) {
                continue;
            }
            int trim = (int) (d.nextPos - pos);
            deliver(d, pos + trim, v[0] + trim, (int) v[1] - trim, (int) v[2]);
        }
    }

    /** The stream's next bytes are not in the capture: skip to the first waiting segment. */
    private void skipHole(Direction d) {
        gaps++;
        long hole = d.waiting.firstKey() - d.nextPos;
        if (hole > 0) {
            flowNow = d.flow;
            event(TcpEvent.LOST, String.format("%,d bytes (stream bytes %,d to %,d) never arrived; reading resumes at the next BGP marker",
                    hole, d.nextPos, d.waiting.firstKey() - 1));
        }
        d.framer.gap();
        d.advanceTo(d.waiting.firstKey());
        release(d);
    }

    private void acknowledged(int flow, int ack, int frame, long time) {
        if (flow >= directions.size()) {
            return;
        }
        Direction d = directions.get(flow);
        if (d == null || !d.started) {
            return;
        }
        long pos = d.position(ack);
        if (d.finPos >= 0 && d.nextPos >= d.finPos && pos <= d.finPos + 1) {
            return;
        }
        if (pos == d.nextPos + 1 && (d.waiting == null || d.waiting.isEmpty())) {
            // The ACK of a FIN sent before the connection carried data (the FIN had no stream yet to join).
            d.finPos = d.nextPos;
            return;
        }
        // An ACK more than 1 GiB ahead is a wrapped or unrelated number, not a loss.
        if (pos > d.nextPos && pos - d.nextPos < (1L << 30)) {
            // The receiver has bytes the capture never saw.
            gaps++;
            long to0 = d.waiting != null && !d.waiting.isEmpty() ? Math.min(pos, d.waiting.firstKey()) : pos;
            int acking = flowNow;
            flowNow = d.flow;
            event(TcpEvent.LOST, String.format("the receiver acknowledged %,d bytes (stream bytes %,d to %,d) that the capture does not have",
                    to0 - d.nextPos, d.nextPos, to0 - 1));
            flowNow = acking;
            d.framer.at(frame, time);
            d.framer.gap();
            long to = pos;
            if (d.waiting != null && !d.waiting.isEmpty()) {
                to = Math.min(to, d.waiting.firstKey());
            }
            d.advanceTo(to);
            release(d);
        }
    }

    private void end(Direction d) {
        while (d.waiting != null && !d.waiting.isEmpty()) {
            skipHole(d);
        }
        d.framer.flush();
    }

    /** End of the capture: holes are lost, partial messages are indexed as incomplete. */
    public void finish() {
        packetLength = 0;
        for (Direction d : directions) {
            if (d != null) {
                end(d);
            }
        }
    }

    /** Directions closed early because more than {@link #MAX_LIVE} had state at once. */
    public long evicted() { return evicted; }

    public long retransmittedSegments() { return retransmitted; }
    public long gaps() { return gaps; }
    public long outOfOrderSegments() { return outOfOrder; }
}

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
    private final List<Direction> directions = new ArrayList<>();
    private long retransmitted;
    private long gaps;
    private long outOfOrder;
    private int live;
    private long evicted;
    private int waitingAll;

    public TcpReassembler(MemorySegment data, MessageIndex index) {
        this.data = data;
        this.index = index;
    }

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
        final BgpFramer framer;
        boolean started;
        /** Sequence number expected next, and the same position counted from the stream's start. */
        int nextSeq;
        long nextPos;
        TreeMap<Long, long[]> waiting;
        long finPos = -1;
        int lastFrame;

        Direction(int flow) {
            framer = new BgpFramer(data, index, flow);
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
            return;
        }
        if (pos > d.nextPos) {
            outOfOrder++;
            if (d.waiting == null) {
                d.waiting = new TreeMap<>();
            }
            long[] old = d.waiting.get(pos);
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
            offset += trim;
            length -= trim;
        }
        d.framer.accept(offset, length, frame);
        d.advanceTo(end);
        release(d);
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
            d.framer.accept(v[0] + trim, (int) v[1] - trim, (int) v[2]);
            d.advanceTo(end);
        }
    }

    /** The stream's next bytes are not in the capture: skip to the first waiting segment. */
    private void skipHole(Direction d) {
        gaps++;
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
        // An ACK more than 1 GiB ahead is a wrapped or unrelated number, not a loss.
        if (pos > d.nextPos && pos - d.nextPos < (1L << 30)) {
            // The receiver has bytes the capture never saw.
            gaps++;
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

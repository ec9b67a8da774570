package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.bgpscope.capture.Bytes;

/**
 * Cuts one direction's in-order TCP byte stream into BGP messages (RFC 4271 §4.1: 16-byte marker of
 * all ones, 2-byte length from 19 to 4096, or 65535 with RFC 8654 extended messages, 1-byte type).
 * The stream arrives as runs of file bytes; a message inside one run is indexed as a single file
 * offset, one that spans runs keeps a piece per run. Bytes that cannot be framed are indexed too, as
 * {@link MessageKind#UNFRAMED}, and framing resynchronises on the next marker.
 */
final class BgpFramer implements StreamFramer {
    static final int HEADER = 19;
    private static final int MAX_LENGTH = 65535;

    private MemorySegment data;
    private final MessageIndex index;
    private final int flow;

    /** Stream bytes not yet framed. */
    private final PendingRuns pending;
    private long lastTime;
    private int lastFrame;

    /** After a gap, or when the stream was joined in the middle: skip to the next marker. */
    private boolean resync;
    /** Whether bytes were lost before the resynchronisation (not so when the capture just began late). */
    private boolean lost;
    private int nextFlags;


    BgpFramer(MemorySegment data, MessageIndex index, int flow) {
        this.data = data;
        this.index = index;
        this.flow = flow;
        this.pending = new PendingRuns(data);
    }

    /** The file grew and was mapped again: pending runs keep their offsets, read from the longer mapping. */
    @Override
    public void grow(MemorySegment longer) {
        data = longer;
        pending.remap(longer);
    }

    @Override
    public void joinMidStream() {
        resync = true;
    }

    /** The frame being processed: messages completed from now on are completed by it. */
    @Override
    public void at(int frame, long time) {
        lastFrame = frame;
        lastTime = time;
    }

    /**
     * In-order stream bytes {@code [offset, offset+length)} of the file, carried by {@code frame}
     * (an earlier frame when buffered out-of-order data is released).
     */
    @Override
    public void accept(long offset, int length, int frame) {
        long time = lastTime;
        // A run released from the out-of-order queue by a later frame takes the slow path, so that its
        // message keeps the carrying frame in a piece (an export must copy that record too).
        if (pending.size() == 0 && !resync && frame == lastFrame) {
            // Fast path: whole messages inside this run are single file slices.
            long end = offset + length;
            long p = offset;
            while (end - p >= HEADER) {
                if (data.get(ValueLayout.JAVA_LONG_UNALIGNED, p) != -1L || data.get(ValueLayout.JAVA_LONG_UNALIGNED, p + 8) != -1L) {
                    break;
                }
                int len = Bytes.u16(data, p + 16);
                if (len < HEADER || end - p < len) {
                    break;
                }
                index.add(p, time, lastFrame, len, flow, Bytes.u8(data, p + 18), MessageKind.BGP_MESSAGE, nextFlags);
                nextFlags = 0;
                p += len;
            }
            if (p == end) {
                return;
            }
            offset = p;
            length = (int) (end - p);
        }
        pending.add(offset, length, frame);
        frame();
    }

    private void frame() {
        while (true) {
            if (resync) {
                int skipped = MessageIndex.F_INCOMPLETE | (lost ? MessageIndex.F_AFTER_GAP : 0);
                long k = findMarker(0);
                if (k < 0) {
                    // Keep what could still be the start of a marker; the rest is the tail of a message.
                    long drop = pending.size() - (HEADER - 1);
                    if (drop > 0) {
                        emit(drop, MessageKind.UNFRAMED, 0, (int) drop, skipped);
                    }
                    return;
                }
                if (k > 0) {
                    emit(k, MessageKind.UNFRAMED, 0, (int) k, skipped);
                }
                resync = false;
                if (lost) {
                    nextFlags |= MessageIndex.F_AFTER_GAP;
                    lost = false;
                }
            }
            if (pending.size() < HEADER) {
                return;
            }
            boolean marker = true;
            for (int i = 0; i < 16 && marker; i++) {
                marker = pending.byteAt(i) == 0xFF;
            }
            int len = (pending.byteAt(16) << 8) | pending.byteAt(17);
            if (!marker || len < HEADER) {
                long k = findMarker(1);
                int flag = marker ? MessageIndex.F_BAD_LENGTH : MessageIndex.F_BAD_MARKER;
                if (k > 0) {
                    emit(k, MessageKind.UNFRAMED, 0, (int) k, flag);
                    continue;
                }
                if (pending.size() > MAX_LENGTH + HEADER) {
                    long drop = pending.size() - (HEADER - 1);
                    emit(drop, MessageKind.UNFRAMED, 0, (int) drop, flag);
                }
                return;
            }
            if (pending.size() < len) {
                return;
            }
            int f = nextFlags;
            nextFlags = 0;
            emit(len, MessageKind.BGP_MESSAGE, pending.byteAt(18), len, f);
        }
    }

    /**
     * Bytes were lost before the next data: what is pending becomes an incomplete entry, and framing
     * resynchronises on the next marker.
     */
    @Override
    public void gap() {
        flush();
        resync = true;
        lost = true;
    }

    /** End of stream: whatever is pending is an incomplete message. */
    @Override
    public void flush() {
        if (pending.size() == 0) {
            return;
        }
        boolean header = pending.size() >= HEADER;
        for (int i = 0; i < 16 && header; i++) {
            header = pending.byteAt(i) == 0xFF;
        }
        int len = header ? (pending.byteAt(16) << 8) | pending.byteAt(17) : 0;
        int flags = nextFlags | MessageIndex.F_INCOMPLETE;
        nextFlags = 0;
        if (header && len >= HEADER) {
            emit(pending.size(), MessageKind.BGP_MESSAGE, pending.byteAt(18), len, flags);
        } else {
            emit(pending.size(), MessageKind.UNFRAMED, 0, (int) pending.size(), flags);
        }
    }

    /** Position of the next plausible header (marker, length 19..65535, type 1..5) at or after {@code from}. */
    private long findMarker(long from) {
        if (pending.size() < HEADER) {
            return -1;
        }
        byte[] buf = pending.copy((int) Math.min(pending.size(), Integer.MAX_VALUE - 8));
        int run = 0;
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] != (byte) 0xFF) {
                run = 0;
                continue;
            }
            run++;
            if (run >= 16) {
                int start = i - 15;
                if (start < from || start + HEADER > buf.length) {
                    continue;
                }
                int len = ((buf[start + 16] & 0xFF) << 8) | (buf[start + 17] & 0xFF);
                int type = buf[start + 18] & 0xFF;
                if (len >= HEADER && type >= 1 && type <= 5) {
                    return start;
                }
            }
        }
        return -1;
    }

    /** Indexes the next {@code n} pending bytes as one entry and removes them from the queue. */
    private void emit(long n, MessageKind kind, int type, int length, int flags) {
        int count = pending.take(n);
        long[] pOff = pending.offsets();
        boolean whole = count == 1 && kind == MessageKind.BGP_MESSAGE && (flags & MessageIndex.F_INCOMPLETE) == 0
                && pending.frames()[0] == lastFrame;
        long where = whole ? pOff[0] : index.addPieces(pOff, pending.lengths(), pending.frames(), count);
        // The entry belongs to the frame whose arrival completed it, as in Wireshark.
        index.add(where, lastTime, lastFrame, length, flow, type, kind, flags);
    }
}

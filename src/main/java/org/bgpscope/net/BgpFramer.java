package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
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

    // Pending stream bytes not yet framed: a queue of file runs.
    // Allocated on first use: most directions never hold a partial message.
    private long[] runOffset = NO_LONGS;
    private int[] runLength = NO_INTS;
    private int[] runFrame = NO_INTS;
    private int runs;
    private long pending;
    private long lastTime;
    private int lastFrame;

    /** After a gap, or when the stream was joined in the middle: skip to the next marker. */
    private boolean resync;
    /** Whether bytes were lost before the resynchronisation (not so when the capture just began late). */
    private boolean lost;
    private int nextFlags;

    // Scratch arrays for the pieces of one message, reused.
    private long[] pOff = NO_LONGS;
    private int[] pLen = NO_INTS;
    private int[] pFrame = NO_INTS;
    private static final long[] NO_LONGS = {};
    private static final int[] NO_INTS = {};

    BgpFramer(MemorySegment data, MessageIndex index, int flow) {
        this.data = data;
        this.index = index;
        this.flow = flow;
    }

    /** The file grew and was mapped again: pending runs keep their offsets, read from the longer mapping. */
    @Override
    public void grow(MemorySegment longer) {
        data = longer;
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
        if (pending == 0 && !resync && frame == lastFrame) {
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
        push(offset, length, frame);
        frame();
    }

    private void push(long offset, int length, int frame) {
        if (runs == runOffset.length) {
            int n = Math.max(4, runs * 2);
            runOffset = Arrays.copyOf(runOffset, n);
            runLength = Arrays.copyOf(runLength, n);
            runFrame = Arrays.copyOf(runFrame, n);
        }
        runOffset[runs] = offset;
        runLength[runs] = length;
        runFrame[runs] = frame;
        runs++;
        pending += length;
    }

    private void frame() {
        while (true) {
            if (resync) {
                int skipped = MessageIndex.F_INCOMPLETE | (lost ? MessageIndex.F_AFTER_GAP : 0);
                long k = findMarker(0);
                if (k < 0) {
                    // Keep what could still be the start of a marker; the rest is the tail of a message.
                    long drop = pending - (HEADER - 1);
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
            if (pending < HEADER) {
                return;
            }
            boolean marker = true;
            for (int i = 0; i < 16 && marker; i++) {
                marker = byteAt(i) == 0xFF;
            }
            int len = (byteAt(16) << 8) | byteAt(17);
            if (!marker || len < HEADER) {
                long k = findMarker(1);
                int flag = marker ? MessageIndex.F_BAD_LENGTH : MessageIndex.F_BAD_MARKER;
                if (k > 0) {
                    emit(k, MessageKind.UNFRAMED, 0, (int) k, flag);
                    continue;
                }
                if (pending > MAX_LENGTH + HEADER) {
                    long drop = pending - (HEADER - 1);
                    emit(drop, MessageKind.UNFRAMED, 0, (int) drop, flag);
                }
                return;
            }
            if (pending < len) {
                return;
            }
            int f = nextFlags;
            nextFlags = 0;
            emit(len, MessageKind.BGP_MESSAGE, byteAt(18), len, f);
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
        if (pending == 0) {
            return;
        }
        boolean header = pending >= HEADER;
        for (int i = 0; i < 16 && header; i++) {
            header = byteAt(i) == 0xFF;
        }
        int len = header ? (byteAt(16) << 8) | byteAt(17) : 0;
        int flags = nextFlags | MessageIndex.F_INCOMPLETE;
        nextFlags = 0;
        if (header && len >= HEADER) {
            emit(pending, MessageKind.BGP_MESSAGE, byteAt(18), len, flags);
        } else {
            emit(pending, MessageKind.UNFRAMED, 0, (int) pending, flags);
        }
    }

    /** Position of the next plausible header (marker, length 19..65535, type 1..5) at or after {@code from}. */
    private long findMarker(long from) {
        if (pending < HEADER) {
            return -1;
        }
        byte[] buf = copyPending((int) Math.min(pending, Integer.MAX_VALUE - 8));
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

    private byte[] copyPending(int max) {
        byte[] out = new byte[(int) Math.min(pending, max)];
        int o = 0;
        for (int r = 0; r < runs && o < out.length; r++) {
            int n = Math.min(runLength[r], out.length - o);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, runOffset[r], out, o, n);
            o += n;
        }
        return out;
    }

    private int byteAt(long k) {
        for (int r = 0; r < runs; r++) {
            if (k < runLength[r]) {
                return Bytes.u8(data, runOffset[r] + k);
            }
            k -= runLength[r];
        }
        throw new IndexOutOfBoundsException();
    }

    /** Indexes the next {@code n} pending bytes as one entry and removes them from the queue. */
    private void emit(long n, MessageKind kind, int type, int length, int flags) {
        int count = 0;
        long left = n;
        while (left > 0) {
            int take = (int) Math.min(left, runLength[0]);
            if (count == pOff.length) {
                int k = Math.max(4, count * 2);
                pOff = Arrays.copyOf(pOff, k);
                pLen = Arrays.copyOf(pLen, k);
                pFrame = Arrays.copyOf(pFrame, k);
            }
            pOff[count] = runOffset[0];
            pLen[count] = take;
            pFrame[count] = runFrame[0];
            count++;
            left -= take;
            consumeHead(take);
        }
        boolean whole = count == 1 && kind == MessageKind.BGP_MESSAGE && (flags & MessageIndex.F_INCOMPLETE) == 0
                && pFrame[0] == lastFrame;
        long where = whole ? pOff[0] : index.addPieces(pOff, pLen, pFrame, count);
        // The entry belongs to the frame whose arrival completed it, as in Wireshark.
        index.add(where, lastTime, lastFrame, length, flow, type, kind, flags);
    }

    private void consumeHead(int n) {
        pending -= n;
        if (n == runLength[0]) {
            runs--;
            System.arraycopy(runOffset, 1, runOffset, 0, runs);
            System.arraycopy(runLength, 1, runLength, 0, runs);
            System.arraycopy(runFrame, 1, runFrame, 0, runs);
        } else {
            runOffset[0] += n;
            runLength[0] -= n;
        }
    }
}

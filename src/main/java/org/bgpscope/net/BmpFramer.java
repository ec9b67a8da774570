package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.bgpscope.capture.Bytes;

/**
 * Cuts one direction's in-order TCP byte stream into BMP messages (RFC 7854 §4.1: version 3, a
 * 4-byte length that counts the 6-byte common header, a type). Each message is indexed as a row of
 * kind {@link MessageKind#BMP_MESSAGE}, and {@link BmpPeers} indexes the BGP messages it carries.
 * Bytes that are no BMP message are indexed as {@link MessageKind#UNFRAMED} (flagged
 * {@link MessageIndex#F_BMP}), and framing resynchronises on the next plausible common header.
 */
final class BmpFramer implements StreamFramer {
    static final int HEADER = 6;
    static final int VERSION = 3;
    /** Types 0 to 6 (RFC 7854 §4.1); later IANA types are read as well if they come. */
    static final int MAX_TYPE = 6;
    /** No BMP message of a real router comes near it; a bound for telling a header from random bytes. */
    static final long MAX_LENGTH = 1 << 24;

    private MemorySegment data;
    private final MessageIndex index;
    private final int flow;
    private final BmpPeers peers;

    private long[] runOffset = new long[4];
    private int[] runLength = new int[4];
    private int[] runFrame = new int[4];
    private int runs;
    private long pending;
    private long lastTime;
    private int lastFrame;
    private boolean resync;
    private boolean lost;
    /** While resynchronising after a bad header: that header's flags for the bytes skipped; 0 otherwise. */
    private int resyncFlags;
    private int nextFlags;
    private long[] pOff = new long[4];
    private int[] pLen = new int[4];
    private int[] pFrame = new int[4];

    BmpFramer(MemorySegment data, MessageIndex index, int flow, BmpPeers peers) {
        this.data = data;
        this.index = index;
        this.flow = flow;
        this.peers = peers;
    }

    /** Whether {@code version, length, type} make a plausible BMP common header (RFC 7854 §4.1). */
    static boolean plausible(int version, long length, int type) {
        return version == VERSION && length >= HEADER && length <= MAX_LENGTH && type <= MAX_TYPE;
    }

    /** Whether a BMP common header starts at {@code off} of {@code s} (with {@code avail} bytes there). */
    static boolean startsBmp(MemorySegment s, long off, long avail) {
        if (avail < HEADER || !plausible(Bytes.u8(s, off), Bytes.u32(s, off + 1), Bytes.u8(s, off + 5))) {
            return false;
        }
        long len = Bytes.u32(s, off + 1);
        // A whole first message must be followed by the end of the bytes or by another version byte.
        return len >= avail || Bytes.u8(s, off + len) == VERSION;
    }

    @Override
    public void grow(MemorySegment longer) {
        data = longer;
    }

    @Override
    public void joinMidStream() {
        resync = true;
    }

    @Override
    public void at(int frame, long time) {
        lastFrame = frame;
        lastTime = time;
    }

    @Override
    public void accept(long offset, int length, int frame) {
        if (runs == runOffset.length) {
            int n = runs * 2;
            runOffset = Arrays.copyOf(runOffset, n);
            runLength = Arrays.copyOf(runLength, n);
            runFrame = Arrays.copyOf(runFrame, n);
        }
        runOffset[runs] = offset;
        runLength[runs] = length;
        runFrame[runs] = frame;
        runs++;
        pending += length;
        frame();
    }

    private void frame() {
        while (true) {
            if (resync) {
                int skipped = resyncFlags != 0 ? resyncFlags
                        : MessageIndex.F_INCOMPLETE | MessageIndex.F_BMP | (lost ? MessageIndex.F_AFTER_GAP : 0);
                long k = findHeader(0);
                if (k < 0) {
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
                resyncFlags = 0;
                if (lost) {
                    nextFlags |= MessageIndex.F_AFTER_GAP;
                    lost = false;
                }
            }
            if (pending < HEADER) {
                return;
            }
            long len = length();
            if (!plausible(byteAt(0), len, byteAt(5))) {
                long k = findHeader(1);
                int flag = MessageIndex.F_BMP | (byteAt(0) == VERSION ? MessageIndex.F_BAD_LENGTH : MessageIndex.F_BAD_MARKER);
                if (k > 0) {
                    emit(k, MessageKind.UNFRAMED, 0, (int) k, flag);
                    continue;
                }
                // Nothing pending starts a message: it is all unframed, and the bytes to come are
                // searched as they arrive, so that damage costs time in proportion to its length.
                long drop = pending - (HEADER - 1);
                if (drop > 0) {
                    emit(drop, MessageKind.UNFRAMED, 0, (int) drop, flag);
                }
                resync = true;
                resyncFlags = flag;
                return;
            }
            if (pending < len) {
                return;
            }
            int f = nextFlags;
            nextFlags = 0;
            emit(len, MessageKind.BMP_MESSAGE, byteAt(5), (int) len, f);
        }
    }

    private long length() {
        return ((long) byteAt(1) << 24) | (byteAt(2) << 16) | (byteAt(3) << 8) | byteAt(4);
    }

    @Override
    public void gap() {
        flush();
        resync = true;
        resyncFlags = 0;
        lost = true;
    }

    @Override
    public void flush() {
        if (pending == 0) {
            return;
        }
        int flags = nextFlags | MessageIndex.F_INCOMPLETE;
        nextFlags = 0;
        if (pending >= HEADER && plausible(byteAt(0), length(), byteAt(5))) {
            emit(pending, MessageKind.BMP_MESSAGE, byteAt(5), (int) length(), flags);
        } else {
            emit(pending, MessageKind.UNFRAMED, 0, (int) pending, flags | MessageIndex.F_BMP);
        }
    }

    /** Position of the next plausible common header at or after {@code from}, or -1. */
    private long findHeader(long from) {
        byte[] buf = copyPending((int) Math.min(pending, MAX_LENGTH + HEADER));
        MemorySegment s = MemorySegment.ofArray(buf);
        for (int i = (int) from; i + HEADER <= buf.length; i++) {
            if (buf[i] == VERSION && startsBmp(s, i, buf.length - i)) {
                return i;
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

    /** Indexes the next {@code n} pending bytes as one entry, and for a whole BMP message what it carries. */
    private void emit(long n, MessageKind kind, int type, int length, int flags) {
        int count = 0;
        long left = n;
        byte[] bytes = kind == MessageKind.BMP_MESSAGE && (flags & MessageIndex.F_INCOMPLETE) == 0 ? copyPending((int) n) : null;
        while (left > 0) {
            int take = (int) Math.min(left, runLength[0]);
            if (count == pOff.length) {
                pOff = Arrays.copyOf(pOff, count * 2);
                pLen = Arrays.copyOf(pLen, count * 2);
                pFrame = Arrays.copyOf(pFrame, count * 2);
            }
            pOff[count] = runOffset[0];
            pLen[count] = take;
            pFrame[count] = runFrame[0];
            count++;
            left -= take;
            consumeHead(take);
        }
        boolean whole = count == 1 && (flags & MessageIndex.F_INCOMPLETE) == 0 && pFrame[0] == lastFrame;
        long where = whole ? pOff[0] : index.addPieces(pOff, pLen, pFrame, count);
        int row = index.size();
        index.add(where, lastTime, lastFrame, length, flow, type, kind, flags);
        if (bytes != null) {
            peers.carried(flow, row, MemorySegment.ofArray(bytes), pOff, pLen, pFrame, count, lastFrame, lastTime);
        }
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

package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
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

    private final MessageIndex index;
    private final int flow;
    private final BmpPeers peers;

    /** Stream bytes not yet framed. */
    private final PendingRuns pending;
    private long lastTime;
    private int lastFrame;
    private boolean resync;
    private boolean lost;
    /** While resynchronising after a bad header: that header's flags for the bytes skipped; 0 otherwise. */
    private int resyncFlags;
    private int nextFlags;

    BmpFramer(MemorySegment data, MessageIndex index, int flow, BmpPeers peers) {
        this.pending = new PendingRuns(data);
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
        pending.remap(longer);
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
        pending.add(offset, length, frame);
        frame();
    }

    private void frame() {
        while (true) {
            if (resync) {
                int skipped = resyncFlags != 0 ? resyncFlags
                        : MessageIndex.F_INCOMPLETE | MessageIndex.F_BMP | (lost ? MessageIndex.F_AFTER_GAP : 0);
                long k = findHeader(0);
                if (k < 0) {
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
                resyncFlags = 0;
                if (lost) {
                    nextFlags |= MessageIndex.F_AFTER_GAP;
                    lost = false;
                }
            }
            if (pending.size() < HEADER) {
                return;
            }
            long len = length();
            if (!plausible(pending.byteAt(0), len, pending.byteAt(5))) {
                long k = findHeader(1);
                int flag = MessageIndex.F_BMP | (pending.byteAt(0) == VERSION ? MessageIndex.F_BAD_LENGTH : MessageIndex.F_BAD_MARKER);
                if (k > 0) {
                    emit(k, MessageKind.UNFRAMED, 0, (int) k, flag);
                    continue;
                }
                // Nothing pending starts a message: it is all unframed, and the bytes to come are
                // searched as they arrive, so that damage costs time in proportion to its length.
                long drop = pending.size() - (HEADER - 1);
                if (drop > 0) {
                    emit(drop, MessageKind.UNFRAMED, 0, (int) drop, flag);
                }
                resync = true;
                resyncFlags = flag;
                return;
            }
            if (pending.size() < len) {
                return;
            }
            int f = nextFlags;
            nextFlags = 0;
            emit(len, MessageKind.BMP_MESSAGE, pending.byteAt(5), (int) len, f);
        }
    }

    private long length() {
        return ((long) pending.byteAt(1) << 24) | (pending.byteAt(2) << 16) | (pending.byteAt(3) << 8) | pending.byteAt(4);
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
        if (pending.size() == 0) {
            return;
        }
        int flags = nextFlags | MessageIndex.F_INCOMPLETE;
        nextFlags = 0;
        if (pending.size() >= HEADER && plausible(pending.byteAt(0), length(), pending.byteAt(5))) {
            emit(pending.size(), MessageKind.BMP_MESSAGE, pending.byteAt(5), (int) length(), flags);
        } else {
            emit(pending.size(), MessageKind.UNFRAMED, 0, (int) pending.size(), flags | MessageIndex.F_BMP);
        }
    }

    /** Position of the next plausible common header at or after {@code from}, or -1. */
    private long findHeader(long from) {
        byte[] buf = pending.copy((int) Math.min(pending.size(), MAX_LENGTH + HEADER));
        MemorySegment s = MemorySegment.ofArray(buf);
        for (int i = (int) from; i + HEADER <= buf.length; i++) {
            if (buf[i] == VERSION && startsBmp(s, i, buf.length - i)) {
                return i;
            }
        }
        return -1;
    }

    /** Indexes the next {@code n} pending bytes as one entry, and for a whole BMP message what it carries. */
    private void emit(long n, MessageKind kind, int type, int length, int flags) {
        byte[] bytes = kind == MessageKind.BMP_MESSAGE && (flags & MessageIndex.F_INCOMPLETE) == 0 ? pending.copy((int) n) : null;
        int count = pending.take(n);
        long[] pOff = pending.offsets();
        boolean whole = count == 1 && (flags & MessageIndex.F_INCOMPLETE) == 0 && pending.frames()[0] == lastFrame;
        long where = whole ? pOff[0] : index.addPieces(pOff, pending.lengths(), pending.frames(), count);
        int row = index.size();
        index.add(where, lastTime, lastFrame, length, flow, type, kind, flags);
        if (bytes != null) {
            peers.carried(flow, row, MemorySegment.ofArray(bytes), pOff, pending.lengths(), pending.frames(), count, lastFrame, lastTime);
        }
    }
}

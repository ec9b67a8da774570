package org.bgpscope.net;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Every message of a capture as a fixed 32-byte record in native memory, so that tens of millions
 * of messages index with a small Java heap. Records are appended by one indexing thread and read by
 * any other: {@link #size()} is published after the record is written, and chunks never move.
 *
 * <pre>
 *  0 long  file offset of the first byte, or -(piece table position + 1) when the message has pieces
 *  8 long  time, nanoseconds since the epoch
 * 16 int   number of the record (frame) that completed the message
 * 20 int   length from the BGP header (or of the MRT entry)
 * 24 int   flow id (direction of a TCP connection, or MRT peer)
 * 28 byte  BGP type (or MRT subtype for MRT records that are not BGP messages)
 * 29 byte  {@link MessageKind} ordinal
 * 30 short flags, see {@code F_*}
 * </pre>
 * A message with pieces owns a run in the piece table: a header entry holding the piece count,
 * then (file offset, length, frame) per piece.
 */
public final class MessageIndex implements AutoCloseable {
    public static final int F_INCOMPLETE = 1;
    public static final int F_BAD_MARKER = 2;
    public static final int F_BAD_LENGTH = 4;
    public static final int F_AFTER_GAP = 8;
    public static final int F_AS4 = 16;
    public static final int F_ADDPATH = 32;
    public static final int F_LOCAL = 64;
    /**
     * A BGP message whose 19-byte header is not in the file (MRT type BGP, RFC 6396 Appendix B.2.1):
     * its pieces hold the body only, its length and type are what the header would say.
     */
    public static final int F_NO_HEADER = 128;
    /** A BGP message carried in a BMP message (RFC 7854 §4), or bytes not framed as BMP. */
    public static final int F_BMP = 256;
    /** A carried message of the Loc-RIB (RFC 9069 §4.1, peer type 3). */
    public static final int F_LOC_RIB = 512;
    /** A Route Monitoring's UPDATE: its AS number width is what the per-peer header says ({@link #F_AS4}). */
    public static final int F_BMP_AS = 1024;

    private static final int RECORD = 32;
    private static final int PIECE = 16;
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final Arena arena = Arena.ofShared();
    private volatile MemorySegment[] chunks = new MemorySegment[16];
    private volatile MemorySegment[] pieceChunks = new MemorySegment[4];
    private volatile int size;
    private long pieces;

    public int size() {
        return size;
    }

    /** Bytes of native memory the index holds. */
    public long nativeBytes() {
        long n = 0;
        for (MemorySegment c : chunks) {
            n += c == null ? 0 : c.byteSize();
        }
        for (MemorySegment c : pieceChunks) {
            n += c == null ? 0 : c.byteSize();
        }
        return n;
    }

    public void add(long fileOffset, long time, int frame, int length, int flow, int type, MessageKind kind, int flags) {
        int i = size;
        int c = i >>> CHUNK_BITS;
        MemorySegment[] cs = chunks;
        if (c == cs.length) {
            cs = java.util.Arrays.copyOf(cs, c * 2);
        }
        if (cs[c] == null) {
            cs[c] = arena.allocate((long) CHUNK * RECORD, 8);
            chunks = cs;
        }
        MemorySegment s = cs[c];
        long o = (long) (i & MASK) * RECORD;
        s.set(LONG, o, fileOffset);
        s.set(LONG, o + 8, time);
        s.set(INT, o + 16, frame);
        s.set(INT, o + 20, length);
        s.set(INT, o + 24, flow);
        s.set(BYTE, o + 28, (byte) type);
        s.set(BYTE, o + 29, (byte) kind.ordinal());
        s.set(SHORT, o + 30, (short) flags);
        size = i + 1;
    }

    /** Forgets the messages from {@code n} on (their bytes are gone); readers then see {@code n}. */
    public void truncate(int n) {
        if (n < size) {
            size = n;
        }
    }

    /** Stores pieces and returns the value to pass as {@code fileOffset} to {@link #add}. */
    public long addPieces(long[] offsets, int[] lengths, int[] frames, int count) {
        long start = pieces;
        putPiece(pieces++, count, 0, 0);
        for (int k = 0; k < count; k++) {
            putPiece(pieces++, offsets[k], lengths[k], frames[k]);
        }
        return -(start + 1);
    }

    private void putPiece(long p, long offset, int length, int frame) {
        int c = (int) (p >>> CHUNK_BITS);
        MemorySegment[] cs = pieceChunks;
        if (c == cs.length) {
            cs = java.util.Arrays.copyOf(cs, c * 2);
        }
        if (cs[c] == null) {
            cs[c] = arena.allocate((long) CHUNK * PIECE, 8);
            pieceChunks = cs;
        }
        MemorySegment s = cs[c];
        long o = (p & MASK) * PIECE;
        s.set(LONG, o, offset);
        s.set(INT, o + 8, length);
        s.set(INT, o + 12, frame);
    }

    private MemorySegment chunk(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("message " + i + " of " + size);
        }
        return chunks[i >>> CHUNK_BITS];
    }

    private static long at(int i) {
        return (long) (i & MASK) * RECORD;
    }

    public long rawOffset(int i) { return chunk(i).get(LONG, at(i)); }
    public long time(int i) { return chunk(i).get(LONG, at(i) + 8); }
    public int frame(int i) { return chunk(i).get(INT, at(i) + 16); }
    public int length(int i) { return chunk(i).get(INT, at(i) + 20); }
    public int flow(int i) { return chunk(i).get(INT, at(i) + 24); }
    public int type(int i) { return chunk(i).get(BYTE, at(i) + 28) & 0xFF; }
    public MessageKind kind(int i) { return MessageKind.VALUES[chunk(i).get(BYTE, at(i) + 29)]; }
    public int flags(int i) { return chunk(i).get(SHORT, at(i) + 30) & 0xFFFF; }

    public boolean hasPieces(int i) {
        return rawOffset(i) < 0;
    }

    /** File offset of the first byte of message {@code i}. */
    public long firstOffset(int i) {
        long raw = rawOffset(i);
        return raw >= 0 ? raw : pieceLong(-raw - 1 + 1);
    }

    /** Where the bytes of message {@code i} lie in the file, in message order. */
    public List<Piece> pieces(int i) {
        long raw = rawOffset(i);
        if (raw >= 0) {
            return List.of(new Piece(raw, length(i), frame(i)));
        }
        long p = -raw - 1;
        int count = (int) pieceLong(p);
        List<Piece> out = new ArrayList<>(count);
        for (int k = 1; k <= count; k++) {
            MemorySegment s = pieceChunks[(int) ((p + k) >>> CHUNK_BITS)];
            long o = ((p + k) & MASK) * PIECE;
            out.add(new Piece(s.get(LONG, o), s.get(INT, o + 8), s.get(INT, o + 12)));
        }
        return out;
    }

    /** How many runs of the file message {@code i}'s bytes lie in (1 when it lies in one). */
    public int pieceCount(int i) {
        long raw = rawOffset(i);
        return raw >= 0 ? 1 : (int) pieceLong(-raw - 1);
    }

    /** File offset of piece {@code k} of message {@code i} ({@code k < pieceCount(i)}). */
    public long pieceOffset(int i, int k) {
        long raw = rawOffset(i);
        return raw >= 0 ? raw : pieceLong(-raw - 1 + 1 + k);
    }

    /** Length of piece {@code k} of message {@code i}. */
    public int pieceLength(int i, int k) {
        long raw = rawOffset(i);
        if (raw >= 0) {
            return length(i);
        }
        long p = -raw - 1 + 1 + k;
        return pieceChunks[(int) (p >>> CHUNK_BITS)].get(INT, (p & MASK) * PIECE + 8);
    }

    /** Bytes of message {@code i} present in the capture (less than its length when incomplete). */
    public long bytesPresent(int i) {
        if (!hasPieces(i)) {
            return length(i);
        }
        long n = 0;
        for (Piece p : pieces(i)) {
            n += p.length();
        }
        return n;
    }

    private long pieceLong(long p) {
        return pieceChunks[(int) (p >>> CHUNK_BITS)].get(LONG, (p & MASK) * PIECE);
    }

    @Override
    public synchronized void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}

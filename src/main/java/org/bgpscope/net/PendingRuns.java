package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.bgpscope.capture.Bytes;

/**
 * Stream bytes a framer holds but has not framed yet: a queue of runs of file bytes, each with the
 * frame that carried it, read through the mapped file (no copy). A framed message is taken off the
 * front as pieces, one per run it covers, so every byte keeps its file offset and frame. BGP and BMP
 * framing share it.
 */
final class PendingRuns {
    private static final long[] NO_LONGS = {};
    private static final int[] NO_INTS = {};

    private MemorySegment data;
    // Allocated on first use: most directions never hold a partial message.
    private long[] runOffset = NO_LONGS;
    private int[] runLength = NO_INTS;
    private int[] runFrame = NO_INTS;
    private int runs;
    private long size;

    // The pieces of the last take, reused.
    private long[] pOff = NO_LONGS;
    private int[] pLen = NO_INTS;
    private int[] pFrame = NO_INTS;

    PendingRuns(MemorySegment data) {
        this.data = data;
    }

    /** The file grew and was mapped again: runs keep their offsets, read from the longer mapping. */
    void remap(MemorySegment longer) {
        data = longer;
    }

    /** Bytes held. */
    long size() {
        return size;
    }

    void add(long offset, int length, int frame) {
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
        size += length;
    }

    /** Byte {@code k} of what is held. */
    int byteAt(long k) {
        for (int r = 0; r < runs; r++) {
            if (k < runLength[r]) {
                return Bytes.u8(data, runOffset[r] + k);
            }
            k -= runLength[r];
        }
        throw new IndexOutOfBoundsException();
    }

    /** A copy of the first {@code max} bytes held (fewer when fewer are held): for searching and hand-off. */
    byte[] copy(int max) {
        byte[] out = new byte[(int) Math.min(size, max)];
        int o = 0;
        for (int r = 0; r < runs && o < out.length; r++) {
            int n = Math.min(runLength[r], out.length - o);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, runOffset[r], out, o, n);
            o += n;
        }
        return out;
    }

    /**
     * Takes the first {@code n} bytes off the queue; returns how many pieces they make, whose file
     * offsets, lengths and frames are in {@link #offsets()}, {@link #lengths()}, {@link #frames()} until
     * the next take.
     */
    int take(long n) {
        int count = 0;
        long left = n;
        while (left > 0) {
            int piece = (int) Math.min(left, runLength[0]);
            if (count == pOff.length) {
                int k = Math.max(4, count * 2);
                pOff = Arrays.copyOf(pOff, k);
                pLen = Arrays.copyOf(pLen, k);
                pFrame = Arrays.copyOf(pFrame, k);
            }
            pOff[count] = runOffset[0];
            pLen[count] = piece;
            pFrame[count] = runFrame[0];
            count++;
            left -= piece;
            dropHead(piece);
        }
        return count;
    }

    long[] offsets() {
        return pOff;
    }

    int[] lengths() {
        return pLen;
    }

    int[] frames() {
        return pFrame;
    }

    private void dropHead(int n) {
        size -= n;
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

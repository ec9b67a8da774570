package org.bgpscope.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * bzip2 decompressed on every core. A bzip2 stream is a header ("BZh" and the block size) and
 * blocks that each start with the 48-bit magic 0x314159265359 at any bit position, followed by the
 * block's CRC; the stream ends with the magic 0x177245385090 and the combined CRC of its blocks.
 * Blocks depend on nothing before them, so each is cut out at its bit position, made a stream of its
 * own (header, the block, end magic, its CRC as the combined CRC) and decompressed on a thread of its
 * own by Commons Compress; the results are read in order. Concatenated streams (as {@code cat a.bz2
 * b.bz2}) are read one after the other, and each stream's combined CRC is checked against its blocks'.
 * A block that fails to decompress (a cut or corrupt file) ends the data there, after every block before
 * it, with the block's offset in the compressed file.
 */
public final class ParallelBzip2 extends InputStream {
    private static final long BLOCK_MAGIC = 0x314159265359L;
    private static final long END_MAGIC = 0x177245385090L;
    private static final long MASK48 = (1L << 48) - 1;

    private final InputStream in;
    private final ExecutorService pool;
    private final int ahead;
    private final ArrayDeque<Future<byte[]>> inflight = new ArrayDeque<>();

    /** Compressed bytes held: {@code held[0]} is byte {@code base} of the file. */
    private byte[] held = new byte[1 << 20];
    private int heldLength;
    private long base;
    private boolean inputEnded;

    /** Where the next marker is looked for (a bit position in the file). */
    private long scanBit;
    /** The block being delimited (its magic's bit position), or -1 before the stream's first block. */
    private long blockStart = -1;
    /** Where the stream being read began (byte offset), and the combined CRC of its blocks so far. */
    private long streamStart;
    private int combinedCrc;
    private boolean finished;

    private byte[] out = new byte[0];
    private int outPos;

    /** Decompresses {@code in} with {@code threads} threads at once. */
    public ParallelBzip2(InputStream in, int threads) throws IOException {
        this.in = in;
        this.ahead = Math.max(2, threads * 2);
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "bgpscope-bzip2");
            t.setDaemon(true);
            return t;
        });
        if (!fill(4) || !isStreamHeader(0)) {
            close();
            throw new IOException("not a bzip2 stream: no BZh header");
        }
        scanBit = 32;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == out.length) {
            if (!nextOutput()) {
                return -1;
            }
        }
        int n = Math.min(len, out.length - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        pool.shutdownNow();
        in.close();
    }

    private boolean firstOut = true;

    /** Takes the next decompressed block, starting more blocks while it waits; false at the end. */
    private boolean nextOutput() throws IOException {
        // The first block alone: on a cold start it is decoded while the compiler still takes a core,
        // and the first rows wait for it; blocks decoded beside it would only slow it down.
        int limit = firstOut ? 1 : ahead;
        while (inflight.size() < limit && !finished) {
            delimitNext();
        }
        firstOut = false;
        Future<byte[]> f = inflight.poll();
        if (f == null) {
            return false;
        }
        try {
            out = f.get();
            outPos = 0;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException e) {
            inflight.clear();
            finished = true;
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Finds the next marker and queues the block it ends (or a failure, which ends the data there). */
    private void delimitNext() throws IOException {
        long marker;
        try {
            marker = nextMarker();
        } catch (IOException e) {
            queueFailure(e);
            return;
        }
        if (marker < 0) {
            // The file ends inside a stream: its last block has no end, so it is cut.
            if (blockStart >= 0) {
                queueFailure(new IOException("bzip2 data cut short in the block at offset " + (blockStart >>> 3)));
            } else {
                queueFailure(new IOException("bzip2 data cut short after its header at offset " + streamStart));
            }
            return;
        }
        boolean end = magicAt(marker) == END_MAGIC;
        // A marker is followed by a CRC: the block's, or the stream's combined one.
        if (!fillBits(marker + 80)) {
            queueFailure(new IOException("bzip2 data cut short at offset " + (marker >>> 3)));
            return;
        }
        if (blockStart >= 0) {
            submit(blockStart, marker);
        }
        if (!end) {
            blockStart = marker;
            int crc = (int) bits(marker + 48, 32);
            combinedCrc = (combinedCrc << 1 | combinedCrc >>> 31) ^ crc;
            scanBit = marker + 48;
            return;
        }
        // End of stream: its combined CRC, then padding to a byte, then another stream or the end.
        int stored = (int) bits(marker + 48, 32);
        if (stored != combinedCrc) {
            queueFailure(new IOException(String.format("bzip2 stream at offset %d: combined CRC %08x, its blocks make %08x",
                    streamStart, stored, combinedCrc)));
            return;
        }
        long next = (marker + 80 + 7) >>> 3;
        blockStart = -1;
        combinedCrc = 0;
        if (!fill(next - base + 4)) {
            if (next - base < heldLength) {
                queueFailure(new IOException("bytes after the bzip2 stream at offset " + next + " are no bzip2 stream"));
            } else {
                finished = true;
            }
            return;
        }
        if (!isStreamHeader((int) (next - base))) {
            queueFailure(new IOException("bytes after the bzip2 stream at offset " + next + " are no bzip2 stream"));
            return;
        }
        streamStart = next;
        scanBit = (next + 4) * 8;
    }

    private void queueFailure(IOException e) {
        inflight.add(CompletableFuture.failedFuture(e));
        finished = true;
    }

    /** The bit position of the next block or end magic at or after {@link #scanBit}, or -1 at the end of the file. */
    private long nextMarker() throws IOException {
        long bit = scanBit;
        while (true) {
            long byteAt = bit >>> 3;
            // A marker starting in byte byteAt needs up to 7 more bytes.
            if (!fill(byteAt - base + 7)) {
                // Fewer than 7 bytes left: no marker starts here.
                return -1;
            }
            int from = (int) (byteAt - base);
            int limit = heldLength - 6;
            // Slide a 64-bit window; each byte brings eight starting positions to test.
            for (int j = from; j < limit; j++) {
                long w = window(j);
                for (int s = (j == from ? (int) (bit & 7) : 0); s < 8; s++) {
                    long v = w >>> (16 - s) & MASK48;
                    if (v == BLOCK_MAGIC || v == END_MAGIC) {
                        return (base + j) * 8 + s;
                    }
                }
            }
            bit = (base + limit) * 8;
            if (inputEnded) {
                return -1;
            }
            compact(Math.min(blockStart < 0 ? bit >>> 3 : blockStart >>> 3, bit >>> 3));
            if (!fill(heldLength + (1 << 20))) {
                // Less arrived; loop once more over what did.
                if (bit >>> 3 >= base + heldLength - 6) {
                    return -1;
                }
            }
        }
    }

    /** The 8 bytes from held index {@code j} (zeros past the end). */
    private long window(int j) {
        long w = 0;
        for (int k = 0; k < 8; k++) {
            w = w << 8 | (j + k < heldLength ? held[j + k] & 0xFF : 0);
        }
        return w;
    }

    private long magicAt(long bit) {
        return bits(bit, 48);
    }

    /** {@code n} (at most 57) bits from bit position {@code bit}, which must be held. */
    private long bits(long bit, int n) {
        int j = (int) ((bit >>> 3) - base);
        long w = window(j);
        int s = (int) (bit & 7);
        return w << s >>> (64 - n);
    }

    /** Queues the block whose bits are {@code [from, to)}, made a stream of its own. */
    private void submit(long from, long to) {
        long nbits = to - from;
        byte[] stream = new byte[4 + (int) ((nbits + 80 + 7) >>> 3)];
        stream[0] = 'B';
        stream[1] = 'Z';
        stream[2] = 'h';
        stream[3] = '9';
        int j0 = (int) ((from >>> 3) - base);
        int s = (int) (from & 7);
        int whole = (int) (nbits >>> 3);
        byte[] h = held;
        for (int k = 0; k < whole; k++) {
            int a = h[j0 + k] & 0xFF;
            int b = j0 + k + 1 < heldLength ? h[j0 + k + 1] & 0xFF : 0;
            stream[4 + k] = (byte) ((a << s | b >>> (8 - s)) & 0xFF);
        }
        long crc = bits(from + 48, 32);
        long pos = 32L + whole * 8L;
        int rest = (int) (nbits & 7);
        if (rest > 0) {
            pos = put(stream, pos, bits(from + whole * 8L, rest), rest);
        }
        pos = put(stream, pos, END_MAGIC, 48);
        put(stream, pos, crc, 32);
        long offset = from >>> 3;
        inflight.add(pool.submit(() -> {
            try (InputStream one = new BZip2CompressorInputStream(new ByteArrayInputStream(stream), false)) {
                return one.readAllBytes();
            } catch (IOException | RuntimeException e) {
                throw new IOException("bzip2 block at offset " + offset + ": " + e.getMessage(), e);
            }
        }));
    }

    private static long put(byte[] b, long pos, long value, int n) {
        for (int k = n - 1; k >= 0; k--) {
            if ((value >>> k & 1) != 0) {
                b[(int) (pos >>> 3)] |= (byte) (0x80 >>> (pos & 7));
            }
            pos++;
        }
        return pos;
    }

    private boolean isStreamHeader(int j) {
        return held[j] == 'B' && held[j + 1] == 'Z' && held[j + 2] == 'h' && held[j + 3] >= '1' && held[j + 3] <= '9';
    }

    /** Holds bits up to (not including) {@code bit}; false when the file ends before. */
    private boolean fillBits(long bit) throws IOException {
        return fill(((bit + 7) >>> 3) - base + 7) || ((bit + 7) >>> 3) - base <= heldLength;
    }

    /** Reads until {@code want} bytes are held (from {@link #base}); false when the file ends first. */
    private boolean fill(long want) throws IOException {
        while (heldLength < want) {
            if (inputEnded) {
                return false;
            }
            if (want > held.length) {
                held = java.util.Arrays.copyOf(held, (int) Math.max(want, held.length * 2L));
            }
            int n = in.read(held, heldLength, held.length - heldLength);
            if (n < 0) {
                inputEnded = true;
                return false;
            }
            heldLength += n;
        }
        return true;
    }

    /** Drops the bytes before file offset {@code keepFrom}. */
    private void compact(long keepFrom) {
        int drop = (int) (keepFrom - base);
        if (drop <= 0) {
            return;
        }
        System.arraycopy(held, drop, held, 0, heldLength - drop);
        heldLength -= drop;
        base += drop;
    }
}

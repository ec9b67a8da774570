package org.bgpscope.capture;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.util.zip.GZIPInputStream;

/** How a capture file is compressed, told by its magic bytes. RIS publishes gzip, RouteViews bzip2. */
public enum Compression {
    NONE,
    GZIP,
    BZIP2;

    public static Compression detect(MemorySegment head) {
        long n = head.byteSize();
        if (n >= 2 && Bytes.u8(head, 0) == 0x1F && Bytes.u8(head, 1) == 0x8B) {
            return GZIP;
        }
        if (n >= 4 && Bytes.u8(head, 0) == 'B' && Bytes.u8(head, 1) == 'Z' && Bytes.u8(head, 2) == 'h'
                && Bytes.u8(head, 3) >= '1' && Bytes.u8(head, 3) <= '9') {
            return BZIP2;
        }
        return NONE;
    }

    /**
     * A stream of the decompressed bytes; concatenated members (as {@code cat a.gz b.gz}) are all read.
     * bzip2's blocks are decompressed on every core at once ({@link ParallelBzip2}).
     */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 1 << 16);
            case BZIP2 -> new ParallelBzip2(in, Runtime.getRuntime().availableProcessors());
        };
    }
}

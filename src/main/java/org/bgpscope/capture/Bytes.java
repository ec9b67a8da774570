package org.bgpscope.capture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Unaligned reads from a {@link MemorySegment} in either byte order. Every wire format we read is
 * big-endian except the capture-file headers, whose order the magic number decides.
 */
public final class Bytes {
    public static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    public static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    public static int u8(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    public static int u16(MemorySegment s, long off) {
        return s.get(BE16, off) & 0xFFFF;
    }

    public static int u24(MemorySegment s, long off) {
        return (u8(s, off) << 16) | u16(s, off + 1);
    }

    public static long u32(MemorySegment s, long off) {
        return s.get(BE32, off) & 0xFFFFFFFFL;
    }

    public static int i32(MemorySegment s, long off) {
        return s.get(BE32, off);
    }

    public static long i64(MemorySegment s, long off) {
        return s.get(BE64, off);
    }

    public static int u16(MemorySegment s, long off, boolean bigEndian) {
        return s.get(bigEndian ? BE16 : LE16, off) & 0xFFFF;
    }

    public static long u32(MemorySegment s, long off, boolean bigEndian) {
        return s.get(bigEndian ? BE32 : LE32, off) & 0xFFFFFFFFL;
    }

    /** Copies {@code len} bytes at {@code off} into a new array: only for keys, hashing and hand-off. */
    public static byte[] copy(MemorySegment s, long off, int len) {
        byte[] out = new byte[len];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, off, out, 0, len);
        return out;
    }

    public static String hex(MemorySegment s, long off, int len) {
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++) {
            int b = u8(s, off + i);
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }
}

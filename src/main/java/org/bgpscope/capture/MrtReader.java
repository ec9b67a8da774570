package org.bgpscope.capture;

import java.lang.foreign.MemorySegment;

/**
 * Walks MRT records (RFC 6396 §2): a 12-byte common header, then the message. The _ET types carry a
 * microsecond field first (§3), which is read into the time and excluded from the body.
 */
public final class MrtReader {
    public static final int HEADER = 12;

    public static final int TABLE_DUMP = 12;
    public static final int TABLE_DUMP_V2 = 13;
    public static final int BGP4MP = 16;
    public static final int BGP4MP_ET = 17;

    private final MemorySegment data;
    private final long size;
    private long pos;
    private int number;
    private long recordOffset;
    private long recordLength;
    private int type;
    private int subtype;
    private long bodyOffset;
    private int bodyLength;
    private long time;
    private String problem;
    private long problemOffset = -1;

    public MrtReader(MemorySegment data) {
        this.data = data;
        this.size = data.byteSize();
    }

    /** Types of RFC 6396 §4 (incl. the deprecated ones) and the IS-IS/OSPFv3 types it defines. */
    public static boolean isKnownType(int type) {
        return (type >= 0 && type <= 13) || type == 16 || type == 17 || type == 32 || type == 33 || type == 48 || type == 49;
    }

    public boolean next() {
        if (problem != null || pos >= size) {
            return false;
        }
        if (pos + HEADER > size) {
            fail(pos, "truncated MRT header of record " + (number + 1) + ": " + (size - pos) + " of 12 bytes");
            return false;
        }
        long sec = Bytes.u32(data, pos);
        int t = Bytes.u16(data, pos + 4);
        int st = Bytes.u16(data, pos + 6);
        long len = Bytes.u32(data, pos + 8);
        if (pos + HEADER + len > size) {
            fail(pos, "truncated MRT record " + (number + 1) + ": header says " + len + " bytes, only "
                    + (size - pos - HEADER) + " remain");
            return false;
        }
        boolean et = t == BGP4MP_ET || t == 33 || t == 49;
        if (et && len < 4) {
            fail(pos + 8, "MRT record " + (number + 1) + " of extended-timestamp type " + t + " is " + len
                    + " bytes long; expected at least 4 for the microseconds");
            return false;
        }
        number++;
        recordOffset = pos;
        recordLength = HEADER + len;
        type = t;
        subtype = st;
        long micros = et ? Bytes.u32(data, pos + HEADER) : 0;
        bodyOffset = pos + HEADER + (et ? 4 : 0);
        bodyLength = (int) (len - (et ? 4 : 0));
        time = sec * 1_000_000_000L + micros * 1000;
        pos += HEADER + len;
        return true;
    }

    private void fail(long offset, String why) {
        problem = why;
        problemOffset = offset;
    }

    public int number() { return number; }
    public long recordOffset() { return recordOffset; }
    public long recordLength() { return recordLength; }
    public int type() { return type; }
    public int subtype() { return subtype; }
    public long bodyOffset() { return bodyOffset; }
    public int bodyLength() { return bodyLength; }
    public long timeNanos() { return time; }
    public boolean extendedTime() { return type == BGP4MP_ET || type == 33 || type == 49; }
    public String problem() { return problem; }
    public long problemOffset() { return problemOffset; }
}

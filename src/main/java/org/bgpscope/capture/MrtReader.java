package org.bgpscope.capture;

import java.lang.foreign.MemorySegment;

/**
 * Walks MRT records (RFC 6396 §2): a 12-byte common header, then the message. The _ET types carry a
 * microsecond field first (§3), which is read into the time and excluded from the body.
 */
public final class MrtReader {
    public static final int HEADER = 12;

    /** Deprecated type BGP, RFC 6396 Appendix B.2.1: what MRTd and early Zebra wrote (RIPE RIS until 2000). */
    public static final int BGP = 5;
    public static final int TABLE_DUMP = 12;
    public static final int TABLE_DUMP_V2 = 13;
    public static final int BGP4MP = 16;
    public static final int BGP4MP_ET = 17;

    private MemorySegment data;
    private long size;
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
    private long skippedFrom = -1;
    private long skippedTo;
    private String skippedWhat;
    private boolean endsInsideRecord;

    public MrtReader(MemorySegment data) {
        this.data = data;
        this.size = data.byteSize();
    }

    /**
     * The longest record we take for real. RFC 6396 sets no limit, but the longest real records are a
     * BGP4MP record holding a 65,535-byte extended message, and TABLE_DUMP_V2 RIB records with one
     * entry per peer (about 100 KB for a thousand peers). A longer length is damage; it also keeps
     * every length and offset well inside an {@code int}.
     */
    public static final long MAX_RECORD = 16L << 20;

    /**
     * Whether a common header (RFC 6396 §2) could start a record written by real equipment: a type
     * that collectors write (BGP, OSPFv2, TABLE_DUMP, TABLE_DUMP_V2, BGP4MP, IS-IS, OSPFv3, with the
     * _ET forms), a subtype that type defines (RFC 6396 §4, RFC 8050) and a length between the type's
     * fixed part and {@link #MAX_RECORD}. Types 0 to 4 and 6 to 10 (NULL, START, DIE, RIP, IDRP, ...)
     * were never written by BGP collectors, and an all-zero header is type NULL of length 0: zeros
     * are no records.
     */
    public static boolean plausibleHeader(int type, int subtype, long length) {
        if (length > MAX_RECORD) {
            return false;
        }
        return switch (type) {
            case 5 -> subtype <= 7 && length >= 4;                     // BGP (deprecated), §B.2.1
            case 11 -> subtype <= 1 && length >= 8;                    // OSPFv2, §4.1
            case TABLE_DUMP -> (subtype == 1 || subtype == 2) && length >= 22;   // §4.2: subtype is the AFI
            case TABLE_DUMP_V2 -> subtype >= 1 && subtype <= 12 && length >= 6;  // §4.3, RFC 8050 §4
            case BGP4MP -> subtype <= 11 && length >= 8;               // §4.4, RFC 8050 §3
            case BGP4MP_ET -> subtype <= 11 && length >= 12;
            case 32, 48 -> subtype <= 1 && length >= 1;                // IS-IS, OSPFv3, §4.5 and §4.6
            case 33, 49 -> subtype <= 1 && length >= 5;
            default -> false;
        };
    }

    /** Whether a plausible header stands at {@code off} (false when fewer than 12 bytes remain). */
    private boolean plausibleAt(long off) {
        return off + HEADER <= size && plausibleHeader(Bytes.u16(data, off + 4), Bytes.u16(data, off + 6), Bytes.u32(data, off + 8));
    }

    /**
     * Where reading can resume after damage at {@code from}: the first offset whose header is
     * plausible and whose record either ends the file, or is followed by another plausible header, or
     * runs past the end (a cut last record). -1 when there is none.
     */
    private long resumeAfter(long from) {
        for (long q = from + 1; q + HEADER <= size; q++) {
            if (!plausibleAt(q)) {
                continue;
            }
            long end = q + HEADER + Bytes.u32(data, q + 8);
            if (end >= size - (HEADER - 1) || plausibleAt(end)) {
                return q;
            }
        }
        return -1;
    }

    public boolean next() {
        skippedFrom = -1;
        if (problem != null || pos >= size) {
            return false;
        }
        if (pos + HEADER > size) {
            cut("truncated MRT header of record " + (number + 1) + ": " + (size - pos) + " of 12 bytes");
            return false;
        }
        if (!plausibleAt(pos)) {
            // RFC 6396 has no resynchronisation marker: look for the next header that chains.
            long at = pos;
            String what = "type " + Bytes.u16(data, pos + 4) + ", subtype " + Bytes.u16(data, pos + 6) + ", length " + Bytes.u32(data, pos + 8);
            long resume = resumeAfter(pos);
            if (resume < 0) {
                fail(at, "no MRT record header here (" + what + ") nor in the " + (size - at) + " bytes after it");
                return false;
            }
            skippedFrom = at;
            skippedTo = resume;
            skippedWhat = what;
            pos = resume;
        }
        long sec = Bytes.u32(data, pos);
        int t = Bytes.u16(data, pos + 4);
        int st = Bytes.u16(data, pos + 6);
        long len = Bytes.u32(data, pos + 8);
        if (pos + HEADER + len > size) {
            cut("truncated MRT record " + (number + 1) + ": header says " + len + " bytes, only "
                    + (size - pos - HEADER) + " remain");
            return false;
        }
        boolean et = t == BGP4MP_ET || t == 33 || t == 49;
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

    /**
     * When the record just read came after damaged bytes: a description of the skip, naming both
     * offsets, else null.
     */
    public String skipped() {
        if (skippedFrom < 0) {
            return null;
        }
        return "bytes " + skippedFrom + " to " + (skippedTo - 1) + " are no MRT record (the header at " + skippedFrom
                + " says " + skippedWhat + "); reading resumed at the next plausible record header, at offset " + skippedTo;
    }

    public long skippedFrom() { return skippedFrom; }

    private void fail(long offset, String why) {
        problem = why;
        problemOffset = offset;
    }

    /** The file ends inside the record at {@code pos}: a problem, unless the file grows. */
    private void cut(String why) {
        fail(pos, why);
        endsInsideRecord = true;
    }

    /** Whether reading stopped because the file ends inside a record (a writer may still finish it). */
    public boolean endsInsideRecord() {
        return endsInsideRecord;
    }

    /**
     * Continues over a longer mapping of the same file: a record the old end cut is read again from
     * its start by the next {@link #next()}.
     */
    public void grow(MemorySegment longer) {
        data = longer;
        size = longer.byteSize();
        if (endsInsideRecord) {
            endsInsideRecord = false;
            problem = null;
            problemOffset = -1;
        }
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

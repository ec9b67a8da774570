package org.bgpscope.capture;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Classic libpcap files: microsecond or nanosecond magic, in either byte order
 * (draft-ietf-opsawg-pcap §3 and §4).
 */
public final class PcapReader implements PacketCursor {
    static final int FILE_HEADER = 24;
    static final int RECORD_HEADER = 16;
    /** A record larger than this is corruption, not a packet. */
    static final int MAX_RECORD = 256 << 20;

    private MemorySegment data;
    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;
    private final int snapLength;
    private long size;

    private long pos = FILE_HEADER;
    private int number;
    private long recordOffset;
    private int incl;
    private int orig;
    private long time;
    private String problem;
    private long problemOffset = -1;
    private boolean endsInsideRecord;

    public PcapReader(Path file, MemorySegment data) throws CaptureException {
        this.data = data;
        this.size = data.byteSize();
        if (size < FILE_HEADER) {
            throw new CaptureException(file, size, "truncated pcap file header: " + size + " of 24 bytes");
        }
        int be = data.get(Bytes.BE32, 0);
        bigEndian = be == CaptureFormat.PCAP_MICRO || be == CaptureFormat.PCAP_NANO;
        int magic = bigEndian ? be : data.get(Bytes.LE32, 0);
        nanos = magic == CaptureFormat.PCAP_NANO;
        // The link type's upper bits hold the FCS length (draft §4, LinkType and additional information).
        linkType = (int) (Bytes.u32(data, 20, bigEndian) & 0x0FFFFFFF);
        snapLength = (int) Math.min(Integer.MAX_VALUE, Bytes.u32(data, 16, bigEndian));
    }

    /** Continues from a record boundary seen before: the next record read is number {@code number + 1}. */
    public void seek(long offset, int number) {
        this.pos = offset;
        this.number = number;
        this.problem = null;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean nanosecond() {
        return nanos;
    }

    @Override
    public boolean next() {
        if (problem != null || pos >= size) {
            return false;
        }
        if (pos + RECORD_HEADER > size) {
            cut("truncated record header of record " + (number + 1) + ": " + (size - pos) + " of 16 bytes");
            return false;
        }
        long sec = Bytes.u32(data, pos, bigEndian);
        long frac = Bytes.u32(data, pos + 4, bigEndian);
        long in = Bytes.u32(data, pos + 8, bigEndian);
        long or = Bytes.u32(data, pos + 12, bigEndian);
        if (in > MAX_RECORD) {
            fail(pos + 8, "record " + (number + 1) + " claims " + in + " captured bytes; expected at most " + MAX_RECORD);
            return false;
        }
        if (pos + RECORD_HEADER + in > size) {
            cut("truncated record " + (number + 1) + ": header says " + in + " bytes, only "
                    + (size - pos - RECORD_HEADER) + " remain");
            return false;
        }
        recordOffset = pos;
        incl = (int) in;
        orig = (int) Math.min(or, Integer.MAX_VALUE);
        time = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
        number++;
        pos += RECORD_HEADER + in;
        return true;
    }

    private void fail(long offset, String why) {
        problem = why;
        problemOffset = offset;
    }

    /** The file ends inside the record at {@code pos}: a problem, unless the file grows. */
    private void cut(String why) {
        fail(pos, why);
        endsInsideRecord = true;
    }

    @Override
    public boolean endsInsideRecord() {
        return endsInsideRecord;
    }

    @Override
    public void grow(MemorySegment longer) {
        data = longer;
        size = longer.byteSize();
        if (endsInsideRecord) {
            // pos still points at the cut record: it is read again whole.
            endsInsideRecord = false;
            problem = null;
            problemOffset = -1;
        }
    }

    @Override public int number() { return number; }
    @Override public long recordOffset() { return recordOffset; }
    @Override public long recordLength() { return RECORD_HEADER + incl; }
    @Override public long dataOffset() { return recordOffset + RECORD_HEADER; }
    @Override public int capturedLength() { return incl; }
    @Override public int originalLength() { return orig; }
    @Override public long timeNanos() { return time; }
    @Override public int linkType() { return linkType; }
    @Override public int snapLength() { return snapLength; }
    @Override public int timeDigits() { return nanos ? 9 : 6; }
    @Override public String problem() { return problem; }
    @Override public long problemOffset() { return problemOffset; }
}

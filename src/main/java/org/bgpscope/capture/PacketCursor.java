package org.bgpscope.capture;

/**
 * Walks the packet records of a pcap or pcapng file in order without allocating: after
 * {@link #next()} returns true, the getters describe the current record as offsets into the mapped
 * file. When the file ends inside a record, {@code next()} returns false and {@link #problem()}
 * says where and why; every complete record before it was returned.
 */
public interface PacketCursor {
    boolean next() throws CaptureException;

    /** 1-based record number, the "frame number" of Wireshark. */
    int number();

    /** File offset and length of the whole record (header included), for exporting it unchanged. */
    long recordOffset();

    long recordLength();

    /** File offset of the captured packet bytes. */
    long dataOffset();

    int capturedLength();

    int originalLength();

    /** Time since the Unix epoch in nanoseconds. */
    long timeNanos();

    /** LINKTYPE_* value of the record's interface. */
    int linkType();

    /** The snap length of the record's interface (the file header's, for classic pcap), or -1 when unknown. */
    default int snapLength() {
        return -1;
    }

    /** Decimal digits of the fraction of a second that the capture records (6 for microseconds). */
    int timeDigits();

    /**
     * Why the record just returned holds no readable packet (it names an interface the section does
     * not describe, say), or null. Such a record keeps its frame number, with no bytes and link type
     * -1, and reading goes on.
     */
    default String recordProblem() {
        return null;
    }

    /** Why reading stopped before the end of the file, or null. */
    String problem();

    long problemOffset();

    /**
     * Whether reading stopped because the file ends inside a record (its header or its bytes are cut):
     * a file still being written shows this until the writer finishes the record.
     */
    boolean endsInsideRecord();

    /**
     * Continues over a longer mapping of the same file (one that grew while open): when reading
     * stopped because the file ended inside a record, the next {@link #next()} reads that record
     * again from its start. Other problems stay.
     */
    void grow(java.lang.foreign.MemorySegment longer);
}

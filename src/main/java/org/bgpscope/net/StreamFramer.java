package org.bgpscope.net;

import java.lang.foreign.MemorySegment;

/**
 * Cuts one direction's in-order TCP byte stream into the messages of its protocol: BGP
 * ({@link BgpFramer}) or BMP ({@link BmpFramer}). The stream arrives as runs of file bytes.
 */
interface StreamFramer {
    /** The frame being processed: messages completed from now on are completed by it. */
    void at(int frame, long time);

    /** In-order stream bytes {@code [offset, offset+length)} of the file, carried by {@code frame}. */
    void accept(long offset, int length, int frame);

    /** Bytes were lost before the next data: pending bytes become an incomplete entry. */
    void gap();

    /** End of stream: whatever is pending is an incomplete entry. */
    void flush();

    /** The stream was joined after its start: the first byte seen may be inside a message. */
    void joinMidStream();

    /** The file grew and was mapped again. */
    void grow(MemorySegment longer);
}

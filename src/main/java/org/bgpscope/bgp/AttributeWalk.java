package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Walks path attributes (RFC 4271 §4.3: flags, type code, 1- or 2-byte length) straight from the
 * bytes for the hot paths that build no tree. A length that runs past the end stops the walk.
 */
final class AttributeWalk {
    /** Called per attribute with its type code and value range; return true to stop. */
    interface Visitor {
        boolean visit(int code, long value, int length);
    }

    private AttributeWalk() {}

    /** @return true if a visitor call stopped the walk */
    static boolean walk(MemorySegment b, long p, long end, Visitor visitor) {
        while (p + 3 <= end) {
            int flags = Bytes.u8(b, p);
            int code = Bytes.u8(b, p + 1);
            boolean ext = (flags & 0x10) != 0;
            int len = ext ? Bytes.u16(b, p + 2) : Bytes.u8(b, p + 2);
            long v = p + (ext ? 4 : 3);
            if (v + len > end) {
                return false;
            }
            if (visitor.visit(code, v, len)) {
                return true;
            }
            p = v + len;
        }
        return false;
    }
}

package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Walks the parts of an UPDATE straight from the bytes, for the hot paths that build no tree (filters
 * and summaries): path attributes (RFC 4271 §4.3), NLRI prefixes (§4.3, with RFC 7911 path
 * identifiers) and AS_PATH segments (§5.1.2). A length that runs past the end stops the walk.
 */
final class UpdateWalk {
    /** Called per attribute with its type code and value range; return true to stop. */
    interface AttributeVisitor {
        boolean visit(int code, long value, int length);
    }

    /** Called per prefix with the offset of its address bytes and its length in bits; return true to stop. */
    interface PrefixVisitor {
        boolean visit(long address, int bits);
    }

    /** Called per AS_PATH segment with its type and the ASNs that fit; return true to stop. */
    interface SegmentVisitor {
        boolean visit(int type, long firstAsn, int count, int asnWidth);
    }

    private UpdateWalk() {}

    /** @return true if a visitor call stopped the walk */
    static boolean attributes(MemorySegment b, long p, long end, AttributeVisitor visitor) {
        while (p + 3 <= end) {
            int flags = Bytes.u8(b, p);
            int code = Bytes.u8(b, p + 1);
            boolean ext = (flags & 0x10) != 0;
            if (ext && p + 4 > end) {
                // An extended-length header needs 4 bytes (RFC 4271 §4.3): a cut one ends the walk.
                return false;
            }
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

    /** Prefixes of {@code addressBytes}-byte addresses; stops at a length too long for the address or the field. */
    static boolean prefixes(MemorySegment b, long p, long end, int addressBytes, boolean addPath, PrefixVisitor visitor) {
        while (p < end) {
            if (addPath) {
                p += 4;
            }
            int bits = Bytes.u8(b, p);
            int len = (bits + 7) / 8;
            if (bits > addressBytes * 8 || p + 1 + len > end) {
                return false;
            }
            if (visitor.visit(p + 1, bits)) {
                return true;
            }
            p += 1 + len;
        }
        return false;
    }

    /** AS_PATH or AS4_PATH segments; the count passed is clipped to the ASNs inside {@code end}. */
    static boolean segments(MemorySegment b, long p, long end, boolean as4, SegmentVisitor visitor) {
        int w = as4 ? 4 : 2;
        while (p + 2 <= end) {
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            int fits = (int) Math.min(count, (end - p - 2) / w);
            if (visitor.visit(type, p + 2, fits, w)) {
                return true;
            }
            p += 2 + (long) count * w;
        }
        return false;
    }

    static long asn(MemorySegment b, long at, int width) {
        return width == 4 ? Bytes.u32(b, at) : Bytes.u16(b, at);
    }
}

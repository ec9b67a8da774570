package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Says, straight from the bytes and without a field tree, that a message is surely well formed: a
 * KEEPALIVE of 19 bytes, or an UPDATE whose every part is one this check knows to the byte (the
 * common attributes of RFC 4271, RFC 1997, RFC 4360, RFC 4456, RFC 6793, RFC 8092, and unicast and
 * multicast NLRI, with ADD-PATH as the session says). Anything else is "not sure", and the caller
 * builds the tree to find out. So listing a capture's problems costs a tree only for the messages
 * that may have one. A test holds it to the decoder: what this calls clean, the tree finds clean.
 */
public final class QuickCheck {
    private QuickCheck() {}

    /** Whether the BGP message {@code b} surely decodes with no error and no warning under {@code s}. */
    public static boolean clean(MemorySegment b, Negotiated s) {
        try {
            long n = b.byteSize();
            if (n < 19 || Bytes.u16(b, 16) != n || b.get(Bytes.BE64, 0) != -1L || b.get(Bytes.BE64, 8) != -1L) {
                return false;
            }
            if (n > 4096 && s.source() == Negotiated.Source.OPENS && !s.extendedMessage()) {
                return false;
            }
            return switch (Bytes.u8(b, 18)) {
                case MessageType.KEEPALIVE -> n == 19;
                case MessageType.UPDATE -> update(b, n, s);
                default -> false;
            };
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * A TABLE_DUMP_V2 RIB entry as the index keeps it (RFC 6396 §4.3.2, RFC 8050 §4): the record header
     * and prefix, then one peer's entry whose attributes use 4-octet AS numbers and the abbreviated
     * MP_REACH_NLRI of RFC 6396 §4.3.4 (next hop length and next hop only).
     */
    public static boolean ribEntry(MemorySegment b) {
        try {
            int bits = Bytes.u8(b, 16);
            long q = 17 + (bits + 7) / 8 + 2;
            return q <= b.byteSize() && ribEntry(b.asSlice(0, q), b.asSlice(q));
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** The same, from the record's header and prefix and the peer's entry where they lie (the index's two pieces). */
    public static boolean ribEntry(MemorySegment head, MemorySegment entry) {
        try {
            if (Bytes.u16(head, 4) != 13) {
                return false;
            }
            int sub = Bytes.u16(head, 6);
            int base = sub >= 8 ? sub - 6 : sub;
            if (base < 2 || base > 5) {
                return false;
            }
            int bits = Bytes.u8(head, 16);
            if (bits > (base >= 4 ? 128 : 32) || head.byteSize() != 17 + (bits + 7) / 8 + 2) {
                return false;
            }
            int fixed = sub >= 8 ? 12 : 8;
            long end = fixed + Bytes.u16(entry, fixed - 2);
            if (end != entry.byteSize()) {
                return false;
            }
            return attributes(entry, fixed, end, AS4, true);
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static final Negotiated AS4 = new Negotiated(true, java.util.Set.of(), true, true, java.util.Set.of(),
            Negotiated.Source.MRT, "TABLE_DUMP_V2: 4-octet AS");

    private static boolean update(MemorySegment b, long n, Negotiated s) {
        if (n < 23 || s.as4() == null || !s.addPathKnown()) {
            return false;
        }
        int wl = Bytes.u16(b, 19);
        long a = 21L + wl;
        if (a + 2 > n) {
            return false;
        }
        long attrsEnd = a + 2 + Bytes.u16(b, a);
        if (attrsEnd > n) {
            return false;
        }
        boolean ap4 = s.addPath(Family.IPV4_UNICAST);
        if (!Readings.clean(b, 21, a, Family.IPV4_UNICAST, ap4) || !Readings.clean(b, attrsEnd, n, Family.IPV4_UNICAST, ap4)) {
            return false;
        }
        return attributes(b, a + 2, attrsEnd, s, false);
    }

    /**
     * Path attributes (RFC 4271 §4.3) that fill {@code [p, end)} exactly, each known here and present
     * once (RFC 7606 §3.g). In a RIB entry MP_REACH_NLRI has RFC 6396 §4.3.4's abbreviated form: next
     * hop length and next hop only.
     */
    private static boolean attributes(MemorySegment b, long p, long end, Negotiated s, boolean rib) {
        long[] seen = {0};
        long[] reached = {p};
        boolean stopped = UpdateWalk.attributes(b, p, end, (code, v, len) -> {
            // The attribute's header starts where the one before it ended.
            int flags = Bytes.u8(b, reached[0]);
            if (code >= 64 || (seen[0] & (1L << code)) != 0) {
                return true;
            }
            boolean ok = !rib ? attribute(b, code, flags, v, len, s)
                    : code == 14 ? (flags & 0xC0) == 0x80 && len >= 1 && len == 1 + Bytes.u8(b, v) && (len == 5 || len == 17 || len == 33)
                    : code != 15 && attribute(b, code, flags, v, len, s);
            if (!ok) {
                return true;
            }
            seen[0] |= 1L << code;
            reached[0] = v + len;
            return false;
        });
        // The walk ends early, without a stop, at a header or value that runs past the field.
        return !stopped && reached[0] == end;
    }

    /** One attribute this check knows, with the flags (RFC 7606 §3.c) and length its RFC fixes. */
    private static boolean attribute(MemorySegment b, int code, int flags, long v, int len, Negotiated s) {
        int kind = flags & 0xC0;
        return switch (code) {
            case 1 -> kind == 0x40 && len == 1 && Bytes.u8(b, v) <= 2;
            case 2 -> kind == 0x40 && Readings.pathFits(b, v, v + len, Boolean.TRUE.equals(s.as4()) ? 4 : 2);
            case 3 -> kind == 0x40 && len == 4;
            case 4 -> kind == 0x80 && len == 4;
            case 5 -> kind == 0x40 && len == 4;
            case 6 -> kind == 0x40 && len == 0;
            case 7 -> kind == 0xC0 && len == (Boolean.TRUE.equals(s.as4()) ? 8 : 6);
            case 8 -> kind == 0xC0 && len % 4 == 0;
            case 9 -> kind == 0x80 && len == 4;
            case 10 -> kind == 0x80 && len % 4 == 0 && len > 0;
            case 16 -> kind == 0xC0 && len % 8 == 0 && len > 0;
            case 17 -> kind == 0xC0 && Readings.pathFits(b, v, v + len, 4);
            case 18 -> kind == 0xC0 && len == 8;
            case 32 -> kind == 0xC0 && len % 12 == 0 && len > 0;
            case 14 -> kind == 0x80 && reach(b, v, len, s);
            case 15 -> kind == 0x80 && unreach(b, v, len, s);
            default -> false;
        };
    }

    /** RFC 4760 §3 for unicast and multicast IPv4 and IPv6, with a next hop of 4, 16 or 32 bytes. */
    private static boolean reach(MemorySegment b, long v, int len, Negotiated s) {
        if (len < 5) {
            return false;
        }
        Family f = new Family(Bytes.u16(b, v), Bytes.u8(b, v + 2));
        int nh = Bytes.u8(b, v + 3);
        long nlri = v + 4 + nh + 1;
        boolean simple = (f.afi() == 1 || f.afi() == 2) && (f.safi() == 1 || f.safi() == 2);
        return simple && (nh == 4 || nh == 16 || nh == 32) && nlri <= v + len && Readings.clean(b, nlri, v + len, f, s.addPath(f));
    }

    private static boolean unreach(MemorySegment b, long v, int len, Negotiated s) {
        if (len < 3) {
            return false;
        }
        Family f = new Family(Bytes.u16(b, v), Bytes.u8(b, v + 2));
        boolean simple = (f.afi() == 1 || f.afi() == 2) && (f.safi() == 1 || f.safi() == 2);
        return simple && Readings.clean(b, v + 3, v + len, f, s.addPath(f));
    }
}

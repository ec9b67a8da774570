package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Walks an UPDATE's attributes and unicast NLRI straight from the bytes to answer a filter (ASN in
 * the path, prefix, community) without building a tree. Malformed input simply does not match.
 */
final class UpdateScan {
    private UpdateScan() {}

    record Want(MessageFilter.AsnTerm asn, MessageFilter.OriginTerm origin, MessageFilter.PrefixTerm prefix,
                MessageFilter.CommunityTerm community) {}

    static boolean update(MemorySegment b, Negotiated s, Want want) {
        try {
            long n = b.byteSize();
            int wl = Bytes.u16(b, 19);
            long a = 21L + wl;
            if (a + 2 > n) {
                return false;
            }
            int al = Bytes.u16(b, a);
            boolean addPath4 = s.addPathKnown() && s.addPath(Family.IPV4_UNICAST);
            if (want.prefix() != null && (prefixes(b, 21, 21 + wl, 4, addPath4, want.prefix())
                    || prefixes(b, a + 2 + al, n, 4, addPath4, want.prefix()))) {
                return true;
            }
            if (want.origin() != null) {
                return origin(b, a + 2, Math.min(n, a + 2 + al), !Boolean.FALSE.equals(s.as4())) == want.origin().asn();
            }
            return attributes(b, a + 2, Math.min(n, a + 2 + al), s, want, false);
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** TABLE_DUMP_V2 paths have 4-octet AS numbers (RFC 6396 §4.3.4). */
    private static final Negotiated RIB_AS4 = new Negotiated(true, java.util.Set.of(), true, true, java.util.Set.of(), Negotiated.Source.MRT, "");

    /**
     * A TABLE_DUMP_V2 RIB entry (RFC 6396 §4.3.2) from its record's header and prefix ({@code head}) and
     * its peer's entry ({@code entry}), read where they lie in the file: the prefix from the one, the
     * attributes from the other.
     */
    static boolean ribEntry(MemorySegment head, MemorySegment entry, Want want) {
        try {
            if (Bytes.u16(head, 4) != 13) {
                return false;
            }
            int sub = Bytes.u16(head, 6);
            int base = sub >= 8 ? sub - 6 : sub;
            int ab = base == 4 || base == 5 ? 16 : 4;
            if (want.prefix() != null) {
                return MessageFilter.prefixMatches(want.prefix(), head, 17, Bytes.u8(head, 16), ab);
            }
            int fixed = sub >= 8 ? 12 : 8;
            long end = Math.min(entry.byteSize(), fixed + Bytes.u16(entry, fixed - 2));
            if (want.origin() != null) {
                return origin(entry, fixed, end, true) == want.origin().asn();
            }
            return attributes(entry, fixed, end, RIB_AS4, want, true);
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static boolean prefixes(MemorySegment b, long p, long end, int ab, boolean addPath, MessageFilter.PrefixTerm want) {
        return UpdateWalk.prefixes(b, p, end, ab, addPath, (at, bits) -> MessageFilter.prefixMatches(want, b, at, bits, ab));
    }

    private static boolean attributes(MemorySegment b, long from, long end, Negotiated s, Want want, boolean rib) {
        return UpdateWalk.attributes(b, from, end, (code, v, len) -> switch (code) {
            case 2, 17 -> want.asn() != null && path(b, v, v + len, code == 17 || !Boolean.FALSE.equals(s.as4()), want.asn().asn());
            case 8 -> communities(b, v, len, want);
            case 32 -> largeCommunities(b, v, len, want);
            case 14, 15 -> want.prefix() != null && !rib && mpPrefixes(b, code, v, len, s, want);
            default -> false;
        });
    }

    private static boolean communities(MemorySegment b, long v, int len, Want want) {
        long[] c = want.community() == null ? null : want.community().parts();
        if (c != null && c.length == 2) {
            for (long q = v; q + 4 <= v + len; q += 4) {
                if (Bytes.u16(b, q) == c[0] && Bytes.u16(b, q + 2) == c[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean largeCommunities(MemorySegment b, long v, int len, Want want) {
        long[] c = want.community() == null ? null : want.community().parts();
        if (c != null && c.length == 3) {
            for (long q = v; q + 12 <= v + len; q += 12) {
                if (Bytes.u32(b, q) == c[0] && Bytes.u32(b, q + 4) == c[1] && Bytes.u32(b, q + 8) == c[2]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mpPrefixes(MemorySegment b, int code, long v, int len, Negotiated s, Want want) {
        if (len < 3) {
            return false;
        }
        int afi = Bytes.u16(b, v);
        int safi = Bytes.u8(b, v + 2);
        if ((afi != 1 && afi != 2) || (safi != 1 && safi != 2)) {
            return false;
        }
        long nlri = code == 15 ? v + 3 : v + 5 + Bytes.u8(b, v + 3);
        boolean ap = s.addPathKnown() && s.addPath(new Family(afi, safi));
        return prefixes(b, nlri, v + len, afi == 2 ? 16 : 4, ap, want.prefix());
    }

    /**
     * The origin AS of an UPDATE's attributes, or -1: the last AS of the last AS_SEQUENCE, of AS4_PATH
     * when a 2-octet session carries one (RFC 6793 §4.2.3: its tail replaces AS_PATH's), else of
     * AS_PATH. A path that ends in an AS_SET has no single origin (RFC 6811 §2).
     */
    private static long origin(MemorySegment b, long from, long end, boolean as4) {
        long[] last = {-1, -1};
        UpdateWalk.attributes(b, from, end, (code, v, len) -> {
            if (code == 2 || code == 17 && !as4) {
                long[] o = {-1};
                UpdateWalk.segments(b, v, v + len, code == 17 || as4, (type, first, count, w) -> {
                    o[0] = type == 2 && count > 0 ? UpdateWalk.asn(b, first + (long) (count - 1) * w, w) : type == 1 ? -1 : o[0];
                    return false;
                });
                last[code == 2 ? 0 : 1] = o[0];
            }
            return false;
        });
        return last[1] >= 0 ? last[1] : last[0];
    }

    private static boolean path(MemorySegment b, long p, long end, boolean as4, long asn) {
        return UpdateWalk.segments(b, p, end, as4, (type, first, count, w) -> {
            for (int i = 0; i < count; i++) {
                if (UpdateWalk.asn(b, first + (long) i * w, w) == asn) {
                    return true;
                }
            }
            return false;
        });
    }
}

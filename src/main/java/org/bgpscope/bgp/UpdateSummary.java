package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;
import org.bgpscope.net.Addresses;

/**
 * "192.0.2.0/24 +2 more; path 65001 64512 {64999,64998}; next hop 10.0.0.1": an UPDATE's gist read
 * straight from its bytes for the message list, without a field tree. Malformed parts end the walk.
 */
final class UpdateSummary {
    private UpdateSummary() {}

    static String of(MemorySegment b, Negotiated s) {
        return of(b, s, new StringBuilder()).toString();
    }

    /** Appends the gist of UPDATE {@code b} to {@code sb}, writing from the bytes with no String on the way. */
    static StringBuilder of(MemorySegment b, Negotiated s, StringBuilder sb) {
        int start = sb.length();
        long n = b.byteSize();
        try {
            int wl = Bytes.u16(b, 19);
            long a = 21L + wl;
            int al = Bytes.u16(b, a);
            long nlri = a + 2 + al;
            boolean ap4 = s.addPathKnown() && s.addPath(Family.IPV4_UNICAST);
            if (wl == 0 && al == 0 && nlri == n) {
                return sb.append("End-of-RIB IPv4 unicast");
            }
            prefixes(b, nlri, n, 4, ap4, "", start, sb);
            long attrsEnd = Math.min(n, nlri);
            // Where the last AS_PATH, AS4_PATH and next hop lie: {path, length, AS4_PATH, length, hop, length}.
            long[] at = {-1, 0, -1, 0, -1, 0};
            UpdateWalk.attributes(b, a + 2, attrsEnd, (code, v, len) -> {
                switch (code) {
                    case 14 -> reach(b, v, len, s, start, sb, at);
                    case 15 -> unreach(b, v, len, s, start, sb);
                    default -> keep(at, code, v, len);
                }
                return false;
            });
            if (wl > 0) {
                prefixes(b, 21, 21 + wl, 4, ap4, "withdraw ", start, sb);
            }
            appendPathAndHop(b, a + 2, attrsEnd, at, !Boolean.FALSE.equals(s.as4()), start, sb);
        } catch (IndexOutOfBoundsException e) {
            sb.append(sb.length() == start ? "" : "; ").append("malformed");
        }
        return sb;
    }

    /**
     * "203.0.113.0/24; path 65001 65002; next hop 10.0.0.1": a TABLE_DUMP_V2 RIB entry (RFC 6396 §4.3.2)
     * from its record's header and prefix ({@code head}) and its peer's entry ({@code entry}), read where
     * they lie: the index keeps them as two pieces. AS numbers have 4 octets and MP_REACH_NLRI holds
     * its next hop only (RFC 6396 §4.3.4); an _ADDPATH subtype puts a path identifier before the
     * attributes (RFC 8050 §4).
     */
    static String ribEntry(MemorySegment head, MemorySegment entry) {
        return ribEntry(head, entry, new StringBuilder()).toString();
    }

    static StringBuilder ribEntry(MemorySegment head, MemorySegment entry, StringBuilder sb) {
        int start = sb.length();
        try {
            int sub = Bytes.u16(head, 6);
            boolean addPath = sub >= 8;
            int base = addPath ? sub - 6 : sub;
            Addresses.appendPrefix(sb, head, 17, Bytes.u8(head, 16), base == 4 || base == 5 ? 16 : 4);
            int fixed = addPath ? 12 : 8;
            if (addPath) {
                sb.append(" (path id ").append(Bytes.u32(entry, 6)).append(')');
            }
            attributes(entry, fixed, Math.min(entry.byteSize(), fixed + Bytes.u16(entry, fixed - 2)), true, sb);
        } catch (IndexOutOfBoundsException e) {
            sb.append(sb.length() == start ? "" : "; ").append("malformed");
        }
        return sb;
    }

    /**
     * A TABLE_DUMP record's one route (RFC 6396 §4.2): after the MRT header, view and sequence numbers,
     * the prefix (of the subtype's AFI) and its length, status, time, the peer's address and 2-octet AS,
     * and the attributes, whose AS numbers have 2 octets.
     */
    static String tableDump(MemorySegment b) {
        StringBuilder sb = new StringBuilder();
        try {
            int ab = Bytes.u16(b, 6) == 2 ? 16 : 4;
            Addresses.appendPrefix(sb, b, 16, Bytes.u8(b, 16 + ab), ab);
            long a = 16L + ab + 1 + 1 + 4 + ab + 2 + 2;
            attributes(b, a, Math.min(b.byteSize(), a + Bytes.u16(b, a - 2)), false, sb);
        } catch (IndexOutOfBoundsException e) {
            sb.append(sb.isEmpty() ? "" : "; ").append("malformed");
        }
        return sb.toString();
    }

    /** "; path ...; next hop ..." of a RIB entry's attributes in {@code [a, end)}, after its prefix. */
    private static void attributes(MemorySegment b, long a, long end, boolean as4, StringBuilder sb) {
        // {AS_PATH, length, AS4_PATH, length, next hop, length}, the last of each.
        long[] at = {-1, 0, -1, 0, -1, 0};
        UpdateWalk.attributes(b, a, end, (code, v, len) -> {
            switch (code) {
                case 14 -> {
                    // RFC 6396 §4.3.4: next hop length and next hop; some writers keep the whole attribute.
                    int nh = len >= 1 ? Bytes.u8(b, v) : 0;
                    long hop = v + 1;
                    if (len != 1 + nh && len >= 5) {
                        nh = Bytes.u8(b, v + 3);
                        hop = v + 4;
                    }
                    at[4] = hop;
                    at[5] = nh == 4 || nh == 16 ? nh : nh == 32 ? 16 : 0;
                }
                default -> keep(at, code, v, len);
            }
            return false;
        });
        // The prefix is written already: the path follows it with "; ".
        appendPathAndHop(b, a, end, at, as4, -1, sb);
    }

    /**
     * Keeps where the last AS_PATH (2), AS4_PATH (17) and NEXT_HOP (3) lie in {@code at}: {path,
     * length, AS4_PATH, length, next hop, length}; a NEXT_HOP of other than 4 bytes leaves no hop.
     */
    private static void keep(long[] at, int code, long v, int len) {
        switch (code) {
            case 2 -> {
                at[0] = v;
                at[1] = len;
            }
            case 17 -> {
                at[2] = v;
                at[3] = len;
            }
            case 3 -> {
                at[4] = v;
                at[5] = len == 4 ? 4 : 0;
            }
            default -> { }
        }
    }

    /**
     * Appends "path ..." (after "; " unless nothing was written since {@code start}) and "; next hop
     * ..." from where {@link #keep} found them in the attributes {@code [attrs, end)}.
     */
    private static void appendPathAndHop(MemorySegment b, long attrs, long end, long[] at, boolean as4, int start, StringBuilder sb) {
        if (at[0] >= 0) {
            int before = sb.length();
            sb.append(sb.length() == start ? "" : "; ").append("path ");
            int mark = sb.length();
            path(b, attrs, end, at, as4, sb);
            if (sb.length() == mark) {
                sb.setLength(before);
            }
        }
        if (at[5] > 0) {
            Addresses.append(sb.append("; next hop "), b, at[4], (int) at[5]);
        }
    }

    private static void prefixes(MemorySegment b, long p, long end, int ab, boolean addPath, String label, int start, StringBuilder sb) {
        long[] first = {-1, 0};
        int[] count = {0};
        UpdateWalk.prefixes(b, p, end, ab, addPath, (at, bits) -> {
            if (count[0]++ == 0) {
                first[0] = at;
                first[1] = bits;
            }
            return false;
        });
        if (count[0] > 0) {
            Addresses.appendPrefix(sb.append(sb.length() == start ? "" : "; ").append(label), b, first[0], (int) first[1], ab);
            if (count[0] > 1) {
                sb.append(" +").append(count[0] - 1).append(" more");
            }
        }
    }

    /** Appends MP_REACH_NLRI's NLRI (RFC 4760 §3) and keeps where its next hop lies in {@code at[4..5]}. */
    private static void reach(MemorySegment b, long v, int len, Negotiated s, int start, StringBuilder sb, long[] at) {
        Family f = new Family(Bytes.u16(b, v), Bytes.u8(b, v + 2));
        int nhLen = Bytes.u8(b, v + 3);
        long nlri = v + 5 + nhLen;
        if (nhLen == 4 || nhLen == 16 || nhLen == 32) {
            at[4] = v + 4;
            at[5] = nhLen == 32 ? 16 : nhLen;
        } else if (nhLen == 12 || nhLen == 24) {
            // A VPN next hop: its 8-byte route distinguisher of zeros, then the address (RFC 4364 §4.3.2).
            at[4] = v + 12;
            at[5] = nhLen - 8;
        } else {
            at[5] = 0;
        }
        unicastOrFamily(b, nlri, v + len, f, s, "", start, sb);
    }

    private static void unreach(MemorySegment b, long v, int len, Negotiated s, int start, StringBuilder sb) {
        Family f = new Family(Bytes.u16(b, v), Bytes.u8(b, v + 2));
        if (len == 3) {
            sb.append(sb.length() == start ? "" : "; ").append("End-of-RIB ").append(f);
            return;
        }
        unicastOrFamily(b, v + 3, v + len, f, s, "withdraw ", start, sb);
    }

    private static void unicastOrFamily(MemorySegment b, long p, long end, Family f, Negotiated s, String label, int start, StringBuilder sb) {
        if ((f.afi() == 1 || f.afi() == 2) && (f.safi() == 1 || f.safi() == 2)) {
            prefixes(b, p, end, f.afi() == 2 ? 16 : 4, s.addPathKnown() && s.addPath(f), label, start, sb);
        } else {
            sb.append(sb.length() == start ? "" : "; ").append(label).append(f).append(" NLRI ").append(end - p).append(" B");
        }
    }

    /**
     * Appends the AS path whose AS_PATH and AS4_PATH lie at {@code at[0..3]}, merged with AS4_PATH on a
     * 2-octet session (RFC 6793 §4.2.3); as far as it parses when malformed. A path that needs no merge
     * is written straight from its bytes.
     */
    private static void path(MemorySegment b, long attrs, long attrsEnd, long[] at, boolean as4, StringBuilder sb) {
        long p = at[0];
        long end = p + at[1];
        int width = as4 ? 4 : 2;
        if (as4 || at[2] < 0) {
            if (Readings.pathFits(b, p, end, width)) {
                AsPathMerge.appendText(sb, b, p, end, width);
                return;
            }
        } else {
            java.util.List<AsPathMerge.Segment> merged = AsPathMerge.effective(b, attrs, attrsEnd, false);
            if (merged != null) {
                AsPathMerge.appendText(sb, merged);
                return;
            }
        }
        int start = sb.length();
        UpdateWalk.segments(b, p, end, as4, (type, first, count, w) -> {
            boolean set = type == 1 || type == 4;
            sb.append(sb.length() == start ? "" : " ").append(set ? "{" : "");
            for (int i = 0; i < count; i++) {
                sb.append(i == 0 ? "" : set ? "," : " ").append(UpdateWalk.asn(b, first + (long) i * w, w));
            }
            sb.append(set ? "}" : "");
            return false;
        });
    }
}

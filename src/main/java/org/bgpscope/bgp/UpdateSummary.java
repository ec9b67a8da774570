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
        StringBuilder sb = new StringBuilder();
        long n = b.byteSize();
        try {
            int wl = Bytes.u16(b, 19);
            long a = 21L + wl;
            int al = Bytes.u16(b, a);
            long nlri = a + 2 + al;
            boolean ap4 = s.addPathKnown() && s.addPath(Family.IPV4_UNICAST);
            if (wl == 0 && al == 0 && nlri == n) {
                return "End-of-RIB IPv4 unicast";
            }
            prefixes(b, nlri, n, 4, ap4, "", sb);
            String[] pathAndHop = {"", ""};
            UpdateWalk.attributes(b, a + 2, Math.min(n, nlri), (code, v, len) -> {
                switch (code) {
                    case 2 -> pathAndHop[0] = path(b, a + 2, Math.min(n, nlri), v, len, !Boolean.FALSE.equals(s.as4()));
                    case 3 -> pathAndHop[1] = len == 4 ? Addresses.format(b, v, 4) : "";
                    case 14 -> pathAndHop[1] = reach(b, v, len, s, sb);
                    case 15 -> unreach(b, v, len, s, sb);
                    default -> { }
                }
                return false;
            });
            String path = pathAndHop[0];
            String hop = pathAndHop[1];
            if (wl > 0) {
                prefixes(b, 21, 21 + wl, 4, ap4, "withdraw ", sb);
            }
            if (!path.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : "; ").append("path ").append(path);
            }
            if (!hop.isEmpty()) {
                sb.append("; next hop ").append(hop);
            }
        } catch (IndexOutOfBoundsException e) {
            sb.append(sb.isEmpty() ? "" : "; ").append("malformed");
        }
        return sb.toString();
    }

    /**
     * "203.0.113.0/24; path 65001 65002; next hop 10.0.0.1": a TABLE_DUMP_V2 RIB entry (RFC 6396 §4.3.2)
     * from its record's header and prefix ({@code head}) and its peer's entry ({@code entry}), read where
     * they lie: the index keeps them as two pieces. AS numbers have 4 octets and MP_REACH_NLRI holds
     * its next hop only (RFC 6396 §4.3.4); an _ADDPATH subtype puts a path identifier before the
     * attributes (RFC 8050 §4).
     */
    static String ribEntry(MemorySegment head, MemorySegment entry) {
        StringBuilder sb = new StringBuilder();
        try {
            int sub = Bytes.u16(head, 6);
            boolean addPath = sub >= 8;
            int base = addPath ? sub - 6 : sub;
            sb.append(prefix(head, 17, Bytes.u8(head, 16), base == 4 || base == 5 ? 16 : 4));
            int fixed = addPath ? 12 : 8;
            if (addPath) {
                sb.append(" (path id ").append(Bytes.u32(entry, 6)).append(')');
            }
            attributes(entry, fixed, Math.min(entry.byteSize(), fixed + Bytes.u16(entry, fixed - 2)), true, sb);
        } catch (IndexOutOfBoundsException e) {
            sb.append(sb.isEmpty() ? "" : "; ").append("malformed");
        }
        return sb.toString();
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
            sb.append(prefix(b, 16, Bytes.u8(b, 16 + ab), ab));
            long a = 16L + ab + 1 + 1 + 4 + ab + 2 + 2;
            attributes(b, a, Math.min(b.byteSize(), a + Bytes.u16(b, a - 2)), false, sb);
        } catch (IndexOutOfBoundsException e) {
            sb.append(sb.isEmpty() ? "" : "; ").append("malformed");
        }
        return sb.toString();
    }

    private static String prefix(MemorySegment b, long at, int bits, int ab) {
        byte[] addr = new byte[ab];
        for (int k = 0; k < Math.min(ab, (bits + 7) / 8); k++) {
            addr[k] = (byte) Bytes.u8(b, at + k);
        }
        return Addresses.format(addr) + "/" + bits;
    }

    /** "; path ...; next hop ..." of a RIB entry's attributes in {@code [a, end)}. */
    private static void attributes(MemorySegment b, long a, long end, boolean as4, StringBuilder sb) {
        String[] pathAndHop = {"", ""};
        UpdateWalk.attributes(b, a, end, (code, v, len) -> {
            switch (code) {
                case 2 -> pathAndHop[0] = path(b, a, end, v, len, as4);
                case 3 -> pathAndHop[1] = len == 4 ? Addresses.format(b, v, 4) : "";
                case 14 -> {
                    // RFC 6396 §4.3.4: next hop length and next hop; some writers keep the whole attribute.
                    int nh = len >= 1 ? Bytes.u8(b, v) : 0;
                    long at = v + 1;
                    if (len != 1 + nh && len >= 5) {
                        nh = Bytes.u8(b, v + 3);
                        at = v + 4;
                    }
                    pathAndHop[1] = nh == 4 || nh == 16 || nh == 32 ? Addresses.format(b, at, nh == 32 ? 16 : nh) : "";
                }
                default -> { }
            }
            return false;
        });
        if (!pathAndHop[0].isEmpty()) {
            sb.append("; path ").append(pathAndHop[0]);
        }
        if (!pathAndHop[1].isEmpty()) {
            sb.append("; next hop ").append(pathAndHop[1]);
        }
    }

    private static void prefixes(MemorySegment b, long p, long end, int ab, boolean addPath, String label, StringBuilder sb) {
        String[] first = {null};
        int[] count = {0};
        UpdateWalk.prefixes(b, p, end, ab, addPath, (at, bits) -> {
            if (count[0]++ == 0) {
                byte[] addr = new byte[ab];
                for (int k = 0; k < (bits + 7) / 8; k++) {
                    addr[k] = (byte) Bytes.u8(b, at + k);
                }
                first[0] = Addresses.format(addr) + "/" + bits;
            }
            return false;
        });
        if (count[0] > 0) {
            sb.append(sb.isEmpty() ? "" : "; ").append(label).append(first[0]).append(count[0] > 1 ? " +" + (count[0] - 1) + " more" : "");
        }
    }

    private static String reach(MemorySegment b, long v, int len, Negotiated s, StringBuilder sb) {
        Family f = new Family(Bytes.u16(b, v), Bytes.u8(b, v + 2));
        int nhLen = Bytes.u8(b, v + 3);
        long nlri = v + 5 + nhLen;
        String hop = nhLen == 4 || nhLen == 16 || nhLen == 32 ? Addresses.format(b, v + 4, nhLen == 32 ? 16 : nhLen)
                : nhLen == 12 || nhLen == 24 ? Addresses.format(b, v + 12, nhLen - 8) : "";
        unicastOrFamily(b, nlri, v + len, f, s, "", sb);
        return hop;
    }

    private static void unreach(MemorySegment b, long v, int len, Negotiated s, StringBuilder sb) {
        Family f = new Family(Bytes.u16(b, v), Bytes.u8(b, v + 2));
        if (len == 3) {
            sb.append(sb.isEmpty() ? "" : "; ").append("End-of-RIB ").append(f);
            return;
        }
        unicastOrFamily(b, v + 3, v + len, f, s, "withdraw ", sb);
    }

    private static void unicastOrFamily(MemorySegment b, long p, long end, Family f, Negotiated s, String label, StringBuilder sb) {
        if ((f.afi() == 1 || f.afi() == 2) && (f.safi() == 1 || f.safi() == 2)) {
            prefixes(b, p, end, f.afi() == 2 ? 16 : 4, s.addPathKnown() && s.addPath(f), label, sb);
        } else {
            sb.append(sb.isEmpty() ? "" : "; ").append(label).append(f).append(" NLRI ").append(end - p).append(" B");
        }
    }

    /** The AS path, merged with AS4_PATH on a 2-octet session (RFC 6793 §4.2.3); as far as it parses when malformed. */
    private static String path(MemorySegment b, long attrs, long attrsEnd, long p, int len, boolean as4) {
        java.util.List<AsPathMerge.Segment> merged = AsPathMerge.effective(b, attrs, attrsEnd, as4);
        if (merged != null) {
            return AsPathMerge.text(merged);
        }
        StringBuilder sb = new StringBuilder();
        UpdateWalk.segments(b, p, p + len, as4, (type, first, count, w) -> {
            boolean set = type == 1 || type == 4;
            sb.append(sb.isEmpty() ? "" : " ").append(set ? "{" : "");
            for (int i = 0; i < count; i++) {
                sb.append(i == 0 ? "" : set ? "," : " ").append(UpdateWalk.asn(b, first + (long) i * w, w));
            }
            sb.append(set ? "}" : "");
            return false;
        });
        return sb.toString();
    }
}

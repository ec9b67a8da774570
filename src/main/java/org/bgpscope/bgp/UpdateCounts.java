package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * How many routes an UPDATE announces and withdraws, counted straight from its bytes (no tree): the
 * IPv4 withdrawn routes and NLRI fields (RFC 4271 §4.3), and the NLRI of MP_REACH_NLRI and
 * MP_UNREACH_NLRI (RFC 4760 §3, §4) for the families whose entries carry their own length. The ladder
 * labels its arrows with these, and the statistics add them up per peer.
 *
 * @param announced routes in the NLRI field and MP_REACH_NLRI
 * @param withdrawn routes in the withdrawn routes field and MP_UNREACH_NLRI
 * @param endOfRib  an End-of-RIB marker (RFC 4724 §2): an empty UPDATE, or an empty MP_UNREACH_NLRI alone
 * @param uncounted NLRI bytes of a family whose entries cannot be delimited here (or that did not parse)
 */
public record UpdateCounts(int announced, int withdrawn, boolean endOfRib, boolean uncounted) {
    static final UpdateCounts MALFORMED = new UpdateCounts(0, 0, false, true);

    /** Counts an UPDATE's routes; {@code b} is the whole message, header included. */
    public static UpdateCounts of(MemorySegment b, Negotiated s) {
        try {
            long n = b.byteSize();
            int wl = Bytes.u16(b, 19);
            long a = 21L + wl;
            int al = Bytes.u16(b, a);
            long nlri = a + 2 + al;
            if (nlri > n) {
                return MALFORMED;
            }
            boolean ap4 = s.addPathKnown() && s.addPath(Family.IPV4_UNICAST);
            int[] c = {count(b, 21, a, 1, ap4), count(b, nlri, n, 1, ap4), 0, 0};
            boolean[] flags = {c[0] < 0 || c[1] < 0, wl == 0 && al == 0};
            int[] attrs = {0};
            UpdateWalk.attributes(b, a + 2, nlri, (code, v, len) -> {
                attrs[0]++;
                if ((code == 14 || code == 15) && len >= 3) {
                    int afi = Bytes.u16(b, v);
                    int safi = Bytes.u8(b, v + 2);
                    boolean ap = s.addPathKnown() && s.addPath(new Family(afi, safi));
                    long from = code == 15 ? v + 3 : len >= 5 ? v + 5 + Bytes.u8(b, v + 3) : v + len;
                    if (code == 15 && len == 3) {
                        flags[1] = true;
                    }
                    int k = count(b, from, v + len, safi, ap);
                    if (k < 0) {
                        flags[0] = true;
                    } else {
                        c[code == 14 ? 2 : 3] += k;
                    }
                }
                return false;
            });
            boolean eor = flags[1] && (wl == 0 && al == 0 || attrs[0] == 1 && c[1] == 0 && c[0] == 0);
            return new UpdateCounts(Math.max(0, c[1]) + c[2], Math.max(0, c[0]) + c[3], eor, flags[0]);
        } catch (IndexOutOfBoundsException e) {
            return MALFORMED;
        }
    }

    /**
     * NLRI entries in {@code [p, end)} of a family by SAFI, or -1 when its entries cannot be delimited
     * here or run past the end. Prefix-style entries (unicast, multicast, labelled, VPN, RT constraint)
     * begin with a length in bits (RFC 4760 §5, RFC 8277 §2, RFC 4364 §4.3.4); EVPN with a type and a
     * length in bytes (RFC 7432 §7); flowspec with a length of one or two bytes (RFC 8955 §4.1).
     */
    static int count(MemorySegment b, long p, long end, int safi, boolean addPath) {
        int k = 0;
        while (p < end) {
            if (addPath) {
                p += 4;
            }
            if (p >= end) {
                return -1;
            }
            long next;
            switch (safi) {
                case 1, 2, 4, 128, 129, 132 -> next = p + 1 + (Bytes.u8(b, p) + 7) / 8;
                case 70 -> next = p + 2 + (p + 1 < end ? Bytes.u8(b, p + 1) : 0);
                case 133, 134 -> {
                    int first = Bytes.u8(b, p);
                    next = first >= 0xF0 ? p + 2 + (((first & 0x0F) << 8) | (p + 1 < end ? Bytes.u8(b, p + 1) : 0)) : p + 1 + first;
                }
                default -> {
                    return -1;
                }
            }
            if (next > end) {
                return -1;
            }
            p = next;
            k++;
        }
        return k;
    }
}

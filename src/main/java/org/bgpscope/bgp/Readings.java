package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import java.util.function.BiConsumer;
import org.bgpscope.capture.Bytes;

/**
 * Which readings of an UPDATE's bytes parse cleanly, straight from the bytes: AS numbers of 2 or 4
 * octets (RFC 6793) in AS_PATH and AGGREGATOR, and NLRI with or without ADD-PATH path identifiers
 * (RFC 7911 §3) for each family whose NLRI we can walk. This is the evidence a session's state is
 * inferred from when its OPENs are missing; a decoder never guesses on its own.
 */
public final class Readings {
    private Readings() {}

    /** Bits of a verdict: which readings parse the field or attribute cleanly. */
    public static final int WITHOUT = 1;
    public static final int WITH = 2;
    public static final int AS2 = 1;
    public static final int AS4 = 2;

    /** Whether the NLRI of {@code f} can be walked here (prefix-based families). */
    public static boolean walkable(Family f) {
        return (f.afi() == Family.AFI_IPV4 || f.afi() == Family.AFI_IPV6)
                && (f.safi() == 1 || f.safi() == 2 || f.safi() == 4 || f.safi() == 128);
    }

    /**
     * Calls {@code out} with each family of the UPDATE {@code b} whose NLRI can be walked, and the
     * readings ({@link #WITH}, {@link #WITHOUT}) under which all of its NLRI fields parse cleanly.
     */
    public static void addPath(MemorySegment b, BiConsumer<Family, Integer> out) {
        try {
            long n = b.byteSize();
            int wl = Bytes.u16(b, 19);
            long a = 21L + wl;
            if (a + 2 > n) {
                return;
            }
            int al = Bytes.u16(b, a);
            long attrsEnd = a + 2 + al;
            if (attrsEnd > n) {
                return;
            }
            int v4 = 0;
            boolean seen4 = false;
            if (wl > 0) {
                v4 = verdict(b, 21, 21L + wl, Family.IPV4_UNICAST);
                seen4 = true;
            }
            if (attrsEnd < n) {
                int v = verdict(b, attrsEnd, n, Family.IPV4_UNICAST);
                v4 = seen4 ? v4 & v : v;
                seen4 = true;
            }
            int[] ip4 = {v4, seen4 ? 1 : 0};
            java.util.Map<Family, Integer> mp = new java.util.HashMap<>(4);
            UpdateWalk.attributes(b, a + 2, attrsEnd, (code, v, len) -> {
                if ((code == 14 && len >= 5) || (code == 15 && len >= 3)) {
                    Family f = new Family(Bytes.u16(b, v), Bytes.u8(b, v + 2));
                    long nlri = code == 15 ? v + 3 : v + 4 + Bytes.u8(b, v + 3) + 1;
                    if (walkable(f) && nlri < v + len) {
                        int r = verdict(b, nlri, v + len, f);
                        if (f.equals(Family.IPV4_UNICAST)) {
                            ip4[0] = ip4[1] != 0 ? ip4[0] & r : r;
                            ip4[1] = 1;
                        } else {
                            mp.merge(f, r, (x, y) -> x & y);
                        }
                    }
                }
                return false;
            });
            v4 = ip4[0];
            seen4 = ip4[1] != 0;
            if (seen4) {
                out.accept(Family.IPV4_UNICAST, v4);
            }
            mp.forEach(out);
        } catch (IndexOutOfBoundsException e) {
            // a message too short for its own fields gives no evidence
        }
    }

    /** The readings under which {@code [p, end)} is a clean NLRI field of {@code f}. */
    static int verdict(MemorySegment b, long p, long end, Family f) {
        return (clean(b, p, end, f, false) ? WITHOUT : 0) | (clean(b, p, end, f, true) ? WITH : 0);
    }

    /**
     * Whether the field parses exactly into NLRI of {@code f}, each of a length the address allows and
     * with no bits set past its length (RFC 4271 §4.3 calls them irrelevant; a sender sets none, but a
     * misread path identifier does), and, without path identifiers, at most one default route.
     */
    public static boolean clean(MemorySegment b, long p, long end, Family f, boolean addPath) {
        int maxBits = f.afi() == Family.AFI_IPV6 ? 128 : 32;
        int defaults = 0;
        while (p < end) {
            if (addPath) {
                p += 4;
                if (p >= end) {
                    return false;
                }
            }
            int bits = Bytes.u8(b, p);
            long q = p + 1;
            int left = bits;
            if (f.safi() == 4 || f.safi() == 128) {
                // RFC 8277 §2: 3-byte labels until the bottom-of-stack bit (or a withdrawal's 0x800000).
                while (true) {
                    if (left < 24 || q + 3 > end) {
                        return false;
                    }
                    int raw = Bytes.u24(b, q);
                    q += 3;
                    left -= 24;
                    if ((raw & 1) != 0 || raw == 0x800000 || raw == 0) {
                        break;
                    }
                }
                if (f.safi() == 128) {
                    if (left < 64) {
                        return false;
                    }
                    q += 8;
                    left -= 64;
                }
            }
            int n = (left + 7) / 8;
            if (left > maxBits || q + n > end) {
                return false;
            }
            if (left % 8 != 0 && n > 0 && (Bytes.u8(b, q + n - 1) & (0xFF >>> (left % 8))) != 0) {
                return false;
            }
            if (left == 0 && !addPath && ++defaults > 1) {
                return false;
            }
            p = q + n;
        }
        return true;
    }

    /**
     * The AS number widths ({@link #AS2}, {@link #AS4}) under which the UPDATE's AS_PATH and
     * AGGREGATOR parse cleanly; 0 when it has neither (no evidence), and both bits when both fit.
     */
    public static int asWidth(MemorySegment b) {
        try {
            long n = b.byteSize();
            int wl = Bytes.u16(b, 19);
            long a = 21L + wl;
            if (a + 2 > n) {
                return 0;
            }
            long end = Math.min(n, a + 2 + Bytes.u16(b, a));
            int[] r = {AS2 | AS4};
            boolean[] any = {false};
            UpdateWalk.attributes(b, a + 2, end, (code, v, len) -> {
                if (code == 2 && len > 0) {
                    any[0] = true;
                    r[0] &= (pathFits(b, v, v + len, 2) ? AS2 : 0) | (pathFits(b, v, v + len, 4) ? AS4 : 0);
                } else if (code == 7) {
                    // RFC 4271 §4.3 AGGREGATOR is 6 bytes with 2-octet AS numbers; RFC 6793 §3 makes it 8.
                    any[0] = true;
                    r[0] &= len == 6 ? AS2 : len == 8 ? AS4 : 0;
                }
                return false;
            });
            return any[0] ? r[0] : 0;
        } catch (IndexOutOfBoundsException e) {
            return 0;
        }
    }

    /** Whether AS_PATH segments (RFC 4271 §4.3: type 1 to 4, a count of at least one) fill {@code [p, end)} exactly. */
    public static boolean pathFits(MemorySegment b, long p, long end, int width) {
        while (p < end) {
            if (p + 2 > end) {
                return false;
            }
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            if (type < 1 || type > 4 || count == 0) {
                return false;
            }
            p += 2 + (long) count * width;
        }
        return p == end;
    }

    /**
     * Whether the attributes {@code [p, end)} carry an encapsulation extended community (RFC 9012 §4.1:
     * type 0x03, subtype 0x0C) for VXLAN (8), NVGRE (9) or VXLAN-GPE (12), under which EVPN's label
     * fields are VNIs (RFC 8365 §5.1.3).
     */
    public static boolean vxlanEncapsulation(MemorySegment b, long p, long end) {
        return UpdateWalk.attributes(b, p, end, (code, v, len) -> {
            if (code != 16) {
                return false;
            }
            for (long q = v; q + 8 <= v + len; q += 8) {
                int tunnel = Bytes.u16(b, q + 6);
                if (Bytes.u8(b, q) == 0x03 && Bytes.u8(b, q + 1) == 0x0C && (tunnel == 8 || tunnel == 9 || tunnel == 12)) {
                    return true;
                }
            }
            return false;
        });
    }
}

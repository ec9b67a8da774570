package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Where one NLRI of a family ends, read from its own length field, without decoding it: what the
 * indexer needs to find the entries of a TABLE_DUMP_V2 RIB_GENERIC record (RFC 6396 §4.3.3), whose
 * single NLRI is in its family's own encoding.
 */
final class NlriExtent {
    private NlriExtent() {}

    /** The offset just past the NLRI of (afi, safi) starting at {@code p}, or -1 when the family's encoding is unknown or it runs past {@code end}. */
    static long end(MemorySegment data, int afi, int safi, long p, long end) {
        if (p >= end) {
            return -1;
        }
        long e;
        switch (safi) {
            // A length in bits, then the bytes (RFC 4760 §5: prefixes; RFC 8277 labels; RFC 4364 RD; RFC 4684; RFC 9830 SR policy).
            case 1, 2, 4, 128, 129, 132, 73 -> e = p + 1 + (Bytes.u8(data, p) + 7) / 8;
            // Flow specification: a length in bytes, two bytes long from 0xF0 (RFC 8955 §4.1).
            case 133, 134 -> {
                int first = Bytes.u8(data, p);
                if (first >= 0xF0) {
                    if (p + 2 > end) {
                        return -1;
                    }
                    e = p + 2 + (((first & 0x0F) << 8) | Bytes.u8(data, p + 1));
                } else {
                    e = p + 1 + first;
                }
            }
            // Route type and a length in bytes (RFC 7432 §7 EVPN, RFC 6514 §4 MCAST-VPN).
            case 70, 5 -> {
                if (p + 2 > end) {
                    return -1;
                }
                e = p + 2 + Bytes.u8(data, p + 1);
            }
            // A two-byte length in bytes (RFC 4761 §3.2.2 VPLS).
            case 65 -> {
                if (p + 2 > end) {
                    return -1;
                }
                e = p + 2 + Bytes.u16(data, p);
            }
            // NLRI type and a two-byte length (RFC 9552 §5.2 BGP-LS).
            case 71, 72 -> {
                if (p + 4 > end) {
                    return -1;
                }
                e = p + 4 + Bytes.u16(data, p + 2);
            }
            // Architecture type, route type (2) and a length (draft-mpmz-bess-mup-safi §3).
            case 85 -> {
                if (p + 4 > end) {
                    return -1;
                }
                e = p + 4 + Bytes.u8(data, p + 3);
            }
            default -> {
                return -1;
            }
        }
        return e <= end ? e : -1;
    }
}

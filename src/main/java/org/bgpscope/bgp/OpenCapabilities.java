package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bgpscope.capture.Bytes;

/**
 * What one OPEN message offers, read straight from its bytes: the capabilities that change how
 * later messages are decoded. Optional parameters in the RFC 5492 and RFC 9072 (extended) forms.
 */
public record OpenCapabilities(long myAs, boolean as4, long as4Number, Map<Family, Integer> addPath, boolean extendedMessage,
                               Set<Family> extendedNextHop, Set<Family> multiprotocol) {
    public static final int CAP_MP = 1;
    public static final int CAP_EXTENDED_NEXT_HOP = 5;
    public static final int CAP_EXTENDED_MESSAGE = 6;
    public static final int CAP_AS4 = 65;
    public static final int CAP_ADD_PATH = 69;

    /** ADD-PATH send/receive bits (RFC 7911 §4). */
    public static final int RECEIVE = 1;
    public static final int SEND = 2;

    /** The speaker's AS: the 4-octet capability's when offered, else "My Autonomous System" (RFC 6793 §3). */
    public long asn() {
        return as4 ? as4Number : myAs;
    }

    public static OpenCapabilities read(MemorySegment open) {
        boolean as4 = false;
        long asn = -1;
        boolean ext = false;
        Map<Family, Integer> addPath = new HashMap<>();
        Set<Family> enh = new HashSet<>();
        Set<Family> mp = new HashSet<>();
        long n = open.byteSize();
        if (n < 29) {
            return new OpenCapabilities(n >= 22 ? Bytes.u16(open, 20) : -1, false, -1, Map.of(), false, Set.of(), Set.of());
        }
        int optLen = Bytes.u8(open, 28);
        long p = 29;
        boolean extended = optLen == 255 && n > 29 && Bytes.u8(open, 29) == 255;
        if (extended) {
            // RFC 9072 §2: non-ext type 255, then a 2-byte length, and 2-byte parameter lengths.
            optLen = n >= 32 ? Bytes.u16(open, 30) : 0;
            p = 32;
        }
        long end = Math.min(n, p + optLen);
        while (p + (extended ? 3 : 2) <= end) {
            int type = Bytes.u8(open, p);
            int len = extended ? Bytes.u16(open, p + 1) : Bytes.u8(open, p + 1);
            long v = p + (extended ? 3 : 2);
            if (v + len > end) {
                break;
            }
            if (type == 2) {
                long c = v;
                while (c + 2 <= v + len) {
                    int code = Bytes.u8(open, c);
                    int clen = Bytes.u8(open, c + 1);
                    long cv = c + 2;
                    if (cv + clen > v + len) {
                        break;
                    }
                    switch (code) {
                        case CAP_AS4 -> {
                            if (clen == 4) {
                                as4 = true;
                                asn = Bytes.u32(open, cv);
                            }
                        }
                        case CAP_EXTENDED_MESSAGE -> ext = true;
                        case CAP_MP -> {
                            if (clen == 4) {
                                mp.add(new Family(Bytes.u16(open, cv), Bytes.u8(open, cv + 3)));
                            }
                        }
                        case CAP_ADD_PATH -> {
                            for (long e = cv; e + 4 <= cv + clen; e += 4) {
                                addPath.put(new Family(Bytes.u16(open, e), Bytes.u8(open, e + 2)), Bytes.u8(open, e + 3));
                            }
                        }
                        case CAP_EXTENDED_NEXT_HOP -> {
                            for (long e = cv; e + 6 <= cv + clen; e += 6) {
                                enh.add(new Family(Bytes.u16(open, e), Bytes.u16(open, e + 2)));
                            }
                        }
                        default -> { }
                    }
                    c = cv + clen;
                }
            }
            p = v + len;
        }
        return new OpenCapabilities(Bytes.u16(open, 20), as4, asn, Map.copyOf(addPath), ext, Set.copyOf(enh), Set.copyOf(mp));
    }
}

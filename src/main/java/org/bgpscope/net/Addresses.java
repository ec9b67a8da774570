package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/** Text forms of IP addresses: dotted quad, and IPv6 in the RFC 5952 canonical form. */
public final class Addresses {
    private Addresses() {}

    public static String format(MemorySegment s, long off, int len) {
        if (len == 4) {
            return Bytes.u8(s, off) + "." + Bytes.u8(s, off + 1) + "." + Bytes.u8(s, off + 2) + "." + Bytes.u8(s, off + 3);
        }
        if (len == 16) {
            int[] g = new int[8];
            for (int i = 0; i < 8; i++) {
                g[i] = Bytes.u16(s, off + 2L * i);
            }
            return ipv6(g);
        }
        return Bytes.hex(s, off, len);
    }

    public static String format(byte[] b) {
        return format(MemorySegment.ofArray(b), 0, b.length);
    }

    /** RFC 5952 §4: lower case, no leading zeros, the longest run (of two or more) of zero groups as "::". */
    static String ipv6(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        // An IPv4-mapped address keeps its dotted tail (RFC 5952 §5).
        if (bestStart == 0 && bestLen == 5 && g[5] == 0xFFFF) {
            return "::ffff:" + (g[6] >>> 8) + "." + (g[6] & 0xFF) + "." + (g[7] >>> 8) + "." + (g[7] & 0xFF);
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** "addr:port", with brackets around IPv6 (RFC 5952 §6). */
    public static String endpoint(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}

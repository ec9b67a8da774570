package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/** Text forms of IP addresses: dotted quad, and IPv6 in the RFC 5952 canonical form. */
public final class Addresses {
    private Addresses() {}

    public static String format(MemorySegment s, long off, int len) {
        if (len == 4 || len == 16) {
            return append(new StringBuilder(len == 4 ? 15 : 39), s, off, len).toString();
        }
        return Bytes.hex(s, off, len);
    }

    public static String format(byte[] b) {
        return format(MemorySegment.ofArray(b), 0, b.length);
    }

    /** Appends what {@link #format} returns, with no String on the way. */
    public static StringBuilder append(StringBuilder sb, MemorySegment s, long off, int len) {
        if (len == 4) {
            return sb.append(Bytes.u8(s, off)).append('.').append(Bytes.u8(s, off + 1)).append('.')
                    .append(Bytes.u8(s, off + 2)).append('.').append(Bytes.u8(s, off + 3));
        }
        if (len == 16) {
            int[] g = new int[8];
            for (int i = 0; i < 8; i++) {
                g[i] = Bytes.u16(s, off + 2L * i);
            }
            return ipv6(sb, g);
        }
        return sb.append(Bytes.hex(s, off, len));
    }

    /**
     * Appends "192.0.2.0/24": a prefix of {@code bits} whose significant bytes, (bits + 7) / 8 of them
     * (RFC 4271 §4.3), lie at {@code at}, in an address of {@code ab} bytes whose other bytes are zero.
     */
    public static StringBuilder appendPrefix(StringBuilder sb, MemorySegment s, long at, int bits, int ab) {
        int n = Math.min(ab, (bits + 7) / 8);
        if (ab == 4) {
            for (int k = 0; k < 4; k++) {
                (k == 0 ? sb : sb.append('.')).append(k < n ? Bytes.u8(s, at + k) : 0);
            }
        } else if (ab == 16) {
            int[] g = new int[8];
            for (int k = 0; k < n; k++) {
                g[k >> 1] |= Bytes.u8(s, at + k) << ((k & 1) == 0 ? 8 : 0);
            }
            ipv6(sb, g);
        } else {
            byte[] addr = new byte[ab];
            MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, at, addr, 0, n);
            sb.append(format(addr));
        }
        return sb.append('/').append(bits);
    }

    static String ipv6(int[] g) {
        return ipv6(new StringBuilder(39), g).toString();
    }

    /** RFC 5952 §4: lower case, no leading zeros, the longest run (of two or more) of zero groups as "::". */
    static StringBuilder ipv6(StringBuilder sb, int[] g) {
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
            return sb.append("::ffff:").append(g[6] >>> 8).append('.').append(g[6] & 0xFF).append('.').append(g[7] >>> 8).append('.').append(g[7] & 0xFF);
        }
        int start = sb.length();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > start && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb;
    }

    /** "addr:port", with brackets around IPv6 (RFC 5952 §6). */
    public static String endpoint(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}

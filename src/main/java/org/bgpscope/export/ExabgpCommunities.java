package org.bgpscope.export;

/**
 * The "string" ExaBGP 4.2 gives an extended community (RFC 4360). ExaBGP looks a community up by the
 * low four bits of its type and its subtype, so a non-transitive variant reads as its transitive
 * twin; one it does not know has an empty string (its "value" still says everything).
 */
final class ExabgpCommunities {
    private ExabgpCommunities() {}

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    private static String ipv4(byte[] b, int i) {
        return (b[i] & 0xFF) + "." + (b[i + 1] & 0xFF) + "." + (b[i + 2] & 0xFF) + "." + (b[i + 3] & 0xFF);
    }

    static String extended(byte[] b, int i) {
        int type = b[i] & 0x0F;
        int sub = b[i + 1] & 0xFF;
        return switch (type << 8 | sub) {
            // RFC 4360 §4 route target, RFC 5668 §2 with a 4-octet AS
            case 0x0002 -> "target:" + u16(b, i + 2) + ":" + u32(b, i + 4);
            case 0x0102 -> "target:" + ipv4(b, i + 2) + ":" + u16(b, i + 6);
            case 0x0202 -> "target:" + u32(b, i + 2) + "L:" + u16(b, i + 6);
            // RFC 4360 §5 route origin. A 2-octet AS one is "origin:AS:N"; ExaBGP 4.2 reads its 4-octet
            // local administrator as an IPv4 address ("origin:65001:0.0.0.2"), a documented departure.
            case 0x0003 -> "origin:" + u16(b, i + 2) + ":" + u32(b, i + 4);
            case 0x0103 -> "origin:" + ipv4(b, i + 2) + ":" + u16(b, i + 6);
            case 0x0203 -> "origin:" + u32(b, i + 2) + "L:" + u16(b, i + 6);
            case 0x0013 -> "rtrecord:" + u16(b, i + 2) + ":" + u32(b, i + 4);
            case 0x0113 -> "rtrecord:" + ipv4(b, i + 2) + ":" + u16(b, i + 6);
            case 0x0213 -> "rtrecord:" + u32(b, i + 2) + "L:" + u16(b, i + 6);
            // RFC 8955 §7 traffic actions; the rate is an IEEE float, printed truncated
            case 0x0006 -> "rate-limit:" + (long) Float.intBitsToFloat((int) u32(b, i + 4));
            case 0x0007 -> {
                int bits = b[i + 7] & 0x03;
                String s = ((bits & 2) != 0 ? "sample" : "") + ((bits & 3) == 3 ? "-" : "") + ((bits & 1) != 0 ? "terminal" : "");
                yield "action " + s;
            }
            case 0x0008 -> "redirect:" + u16(b, i + 2) + ":" + u32(b, i + 4);
            case 0x0208 -> "redirect:" + u32(b, i + 2) + ":" + u16(b, i + 6);
            case 0x0009 -> "mark " + (b[i + 7] & 0xFF);
            case 0x010C -> ((b[i + 7] & 1) != 0 ? "copy-to-nexthop-ietf " + ipv4(b, i + 2) + " (with copy)"
                    : "redirect-to-nexthop-ietf " + ipv4(b, i + 2));
            case 0x0800 -> (b[i + 7] & 1) != 0 ? "copy-to-nexthop" : "redirect-to-nexthop";
            case 0x0004 -> "bandwith:" + u16(b, i + 2) + ":" + Math.round(Math.rint(Float.intBitsToFloat((int) u32(b, i + 4))));
            case 0x030C -> "encap:" + switch (u16(b, i + 6)) {
                case 0 -> "Default";
                case 1 -> "L2TPv3";
                case 2 -> "GRE";
                case 7 -> "IP-in-IP";
                case 8 -> "VXLAN";
                case 9 -> "NVGRE";
                case 10 -> "MPLS";
                case 12 -> "VXLAN-GPE";
                default -> "encap:UNKNOWN-" + u16(b, i + 6);
            };
            case 0x000A -> "l2info:" + (b[i + 2] & 0xFF) + ":" + (b[i + 3] & 0xFF) + ":" + u16(b, i + 4) + ":" + u16(b, i + 6);
            case 0x0600 -> "mac-mobility:" + u32(b, i + 4) + ((b[i + 2] & 0xFF) == 1 ? ":sticky" : "");
            case 0x0702 -> {
                int t = u16(b, i + 6);
                int dir = t >> 14;
                String d = switch (dir) {
                    case 1 -> "input";
                    case 2 -> "output";
                    case 3 -> "input-output";
                    default -> Integer.toString(dir);
                };
                yield "interface-set:" + d + ":" + u32(b, i + 2) + ":" + (t & 0x1FFF);
            }
            case 0x0314 -> "consistentHashSortOrder:" + u32(b, i + 2);
            default -> "";
        };
    }
}

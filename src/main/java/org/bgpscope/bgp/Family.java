package org.bgpscope.bgp;

/** An address family: AFI (IANA "Address Family Numbers") and SAFI (IANA "SAFI Values"). */
public record Family(int afi, int safi) {
    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int AFI_L2VPN = 25;
    public static final int AFI_BGP_LS = 16388;

    public static final Family IPV4_UNICAST = new Family(1, 1);
    public static final Family IPV6_UNICAST = new Family(2, 1);

    public static String afiName(int afi) {
        return switch (afi) {
            case 1 -> "IPv4";
            case 2 -> "IPv6";
            case 25 -> "L2VPN";
            case 16388 -> "BGP-LS";
            default -> "AFI " + afi;
        };
    }

    public static String safiName(int safi) {
        return switch (safi) {
            case 1 -> "unicast";
            case 2 -> "multicast";
            case 4 -> "labeled-unicast";
            case 5 -> "mcast-vpn";
            case 65 -> "vpls";
            case 70 -> "evpn";
            case 71 -> "bgp-ls";
            case 72 -> "bgp-ls-vpn";
            case 73 -> "sr-policy";
            case 128 -> "mpls-vpn";
            case 129 -> "multicast-vpn";
            case 132 -> "rtc";
            case 133 -> "flowspec";
            case 134 -> "flowspec-vpn";
            default -> "SAFI " + safi;
        };
    }

    /** "ipv4-unicast", the form {@code --assume} takes. */
    public String id() {
        return afiName(afi).toLowerCase() + "-" + safiName(safi).replace(' ', '-');
    }

    public static Family parse(String id) {
        String[] p = id.toLowerCase().split("-", 2);
        int afi = switch (p[0]) {
            case "ipv4" -> 1;
            case "ipv6" -> 2;
            case "l2vpn" -> 25;
            case "bgp" -> 16388;
            default -> throw new IllegalArgumentException("unknown address family \"" + id + "\"");
        };
        for (int safi = 1; safi < 256; safi++) {
            if (safiName(safi).equals(p.length > 1 ? p[1] : "unicast")) {
                return new Family(afi, safi);
            }
        }
        throw new IllegalArgumentException("unknown SAFI in \"" + id + "\"");
    }

    @Override
    public String toString() {
        return afiName(afi) + " " + safiName(safi);
    }
}

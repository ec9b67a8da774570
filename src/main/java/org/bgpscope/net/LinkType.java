package org.bgpscope.net;

/** LINKTYPE_* values (tcpdump.org link-layer header types) that can carry IP. */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** PPP (RFC 1661), with or without the HDLC address and control bytes 0xFF 0x03. */
    public static final int PPP = 9;
    /** PPP in HDLC-like framing (RFC 1662). */
    public static final int PPP_HDLC = 50;
    /** Cisco HDLC: address, control, then an ethertype. */
    public static final int C_HDLC = 104;
    /** Juniper's "MGC" pseudo-header, then Ethernet. */
    public static final int JUNIPER_ETHER = 178;
    public static final int RAW_BSD = 12;
    public static final int RAW_BSD14 = 14;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {}

    /** The LINKTYPE_ name of a value, for problems. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "ETHERNET";
            case PPP -> "PPP";
            case PPP_HDLC -> "PPP_HDLC";
            case RAW_BSD, RAW_BSD14, RAW -> "RAW";
            case C_HDLC -> "C_HDLC";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case JUNIPER_ETHER -> "JUNIPER_ETHER";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case 10 -> "FDDI";
            case 105 -> "IEEE802_11";
            case 127 -> "IEEE802_11_RADIOTAP";
            case 147, 148, 149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162 -> "USER" + (linkType - 147);
            default -> "unknown";
        };
    }

    public static boolean supported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, PPP, PPP_HDLC, RAW_BSD, RAW_BSD14, RAW, C_HDLC, LOOP, LINUX_SLL, JUNIPER_ETHER, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }
}

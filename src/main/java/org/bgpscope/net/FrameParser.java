package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Finds the TCP segment in a captured frame. Link layers: Ethernet (802.1Q/802.1ad/QinQ tags), Linux
 * cooked SLL and SLL2, raw IP, BSD null/loopback, PPP with or without the HDLC address and control
 * bytes, PPP in HDLC framing, Cisco HDLC, Juniper Ethernet. Inside them, any nesting (at most
 * {@link #MAX_DEPTH} layers) of MPLS label stacks, GRE (with ERSPAN types I, II and III and
 * transparent Ethernet bridging), VXLAN, and IP in IP (4in4, 6in4, 4in6, 6in6); then IPv4 with options
 * or IPv6 with extension headers, then TCP. Reads the mapped file in place. IP payloads are cut at
 * the IP length, so Ethernet padding is never taken for TCP data.
 *
 * <p>What cannot be read says why in {@link TcpSegment#problem}; an IP fragment fills
 * {@link TcpSegment#fragment} for the {@link IpReassembler}.
 */
public final class FrameParser {
    /** Outcome of {@link #parse}. */
    public enum Result { TCP, NOT_TCP, FRAGMENT, TRUNCATED, UNSUPPORTED_LINK, UNREADABLE }

    /** Encapsulations read inside one another before the frame is given up. */
    static final int MAX_DEPTH = 8;

    static final int ETH_IPV4 = 0x0800;
    static final int ETH_IPV6 = 0x86DD;
    private static final int ETH_MPLS = 0x8847;
    private static final int ETH_MPLS_MULTICAST = 0x8848;
    private static final int ETH_TEB = 0x6558;
    private static final int ETH_ERSPAN_2 = 0x88BE;
    private static final int ETH_ERSPAN_3 = 0x22EB;
    private static final int VXLAN_PORT = 4789;
    // IP protocol numbers.
    static final int IP_IPV4 = 4;
    static final int IP_TCP = 6;
    static final int IP_UDP = 17;
    static final int IP_IPV6 = 41;
    static final int IP_GRE = 47;

    public Result parse(MemorySegment data, long off, int caplen, int linkType, TcpSegment out) {
        out.reset(data);
        long end = off + caplen;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                return ethernet(data, off, end, out, 0);
            }
            case LinkType.LINUX_SLL -> {
                if (caplen < 16) {
                    return Result.TRUNCATED;
                }
                return ether(data, Bytes.u16(data, off + 14), off + 16, end, out, 0);
            }
            case LinkType.LINUX_SLL2 -> {
                if (caplen < 20) {
                    return Result.TRUNCATED;
                }
                return ether(data, Bytes.u16(data, off), off + 20, end, out, 0);
            }
            case LinkType.NULL, LinkType.LOOP -> {
                if (caplen < 4) {
                    return Result.TRUNCATED;
                }
                // NULL stores the address family in the writer's byte order, LOOP in network order.
                long be = Bytes.u32(data, off);
                long le = Integer.reverseBytes((int) be) & 0xFFFFFFFFL;
                long family = linkType == LinkType.LOOP || be < 256 ? be : le;
                if (family == 2) {
                    return ether(data, ETH_IPV4, off + 4, end, out, 0);
                }
                if (family == 24 || family == 28 || family == 30 || family == 10) {
                    return ether(data, ETH_IPV6, off + 4, end, out, 0);
                }
                return Result.NOT_TCP;
            }
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_BSD14, LinkType.IPV4, LinkType.IPV6 -> {
                return guessIp(data, off, end, out, 0, "raw IP");
            }
            case LinkType.PPP -> {
                // RFC 1661 §2, RFC 1662 §3.1: the address and control bytes may be left out.
                long p = off;
                if (caplen >= 2 && Bytes.u8(data, off) == 0xFF && Bytes.u8(data, off + 1) == 0x03) {
                    p += 2;
                }
                return ppp(data, p, end, out, 0);
            }
            case LinkType.PPP_HDLC -> {
                if (caplen < 2) {
                    return Result.TRUNCATED;
                }
                int address = Bytes.u8(data, off);
                // libpcap: DLT_PPP_SERIAL frames may also be Cisco HDLC (address 0x0F or 0x8F).
                if (address == 0x0F || address == 0x8F) {
                    return ciscoHdlc(data, off, end, out);
                }
                return ppp(data, address == 0xFF && Bytes.u8(data, off + 1) == 0x03 ? off + 2 : off, end, out, 0);
            }
            case LinkType.C_HDLC -> {
                return ciscoHdlc(data, off, end, out);
            }
            case LinkType.JUNIPER_ETHER -> {
                return juniperEthernet(data, off, end, out);
            }
            default -> {
                out.problem = "link type " + linkType + " is not one we read";
                return Result.UNSUPPORTED_LINK;
            }
        }
    }

    /** Address, control, then a 2-byte protocol that is an ethertype. */
    private static Result ciscoHdlc(MemorySegment data, long off, long end, TcpSegment out) {
        if (off + 4 > end) {
            return Result.TRUNCATED;
        }
        return ether(data, Bytes.u16(data, off + 2), off + 4, end, out, 0);
    }

    /** RFC 1661 §2: the protocol field, one byte when compressed (an odd first byte). */
    private static Result ppp(MemorySegment data, long p, long end, TcpSegment out, int depth) {
        if (p + 1 > end) {
            return Result.TRUNCATED;
        }
        int protocol;
        if ((Bytes.u8(data, p) & 1) != 0) {
            protocol = Bytes.u8(data, p);
            p += 1;
        } else {
            if (p + 2 > end) {
                return Result.TRUNCATED;
            }
            protocol = Bytes.u16(data, p);
            p += 2;
        }
        return switch (protocol) {
            case 0x21 -> ether(data, ETH_IPV4, p, end, out, depth);
            case 0x57 -> ether(data, ETH_IPV6, p, end, out, depth);
            case 0x281, 0x283 -> ether(data, ETH_MPLS, p, end, out, depth);   // RFC 3032 §4.3
            default -> Result.NOT_TCP;
        };
    }

    /**
     * Juniper's pseudo-header (as tcpdump's print-juniper.c reads it): the magic "MGC", a flags byte,
     * and when the extension flag (0x80) is set a 2-byte length of TLV extensions that follow; then
     * the Ethernet frame, or the IP packet when the "no layer 2" flag (0x02) is set.
     */
    private static Result juniperEthernet(MemorySegment data, long off, long end, TcpSegment out) {
        if (off + 4 > end) {
            return Result.TRUNCATED;
        }
        if (Bytes.u24(data, off) != 0x4D4743) {
            out.problem = "Juniper Ethernet frame without the \"MGC\" magic of its pseudo-header";
            return Result.UNREADABLE;
        }
        int flags = Bytes.u8(data, off + 3);
        long p = off + 4;
        if ((flags & 0x80) != 0) {
            if (p + 2 > end) {
                return Result.TRUNCATED;
            }
            p += 2 + Bytes.u16(data, p);
            if (p > end) {
                return Result.TRUNCATED;
            }
        }
        if ((flags & 0x02) != 0) {
            return guessIp(data, p, end, out, 1, "Juniper frame without layer 2");
        }
        return ethernet(data, p, end, out, 1);
    }

    private static Result ethernet(MemorySegment data, long off, long end, TcpSegment out, int depth) {
        if (off + 14 > end) {
            return Result.TRUNCATED;
        }
        return ether(data, Bytes.u16(data, off + 12), off + 14, end, out, depth);
    }

    /** What follows an ethertype (or a protocol type that is one: GRE, Cisco HDLC, SLL) at {@code p}. */
    private static Result ether(MemorySegment data, int ethertype, long p, long end, TcpSegment out, int depth) {
        if (depth > MAX_DEPTH) {
            out.problem = "more than " + MAX_DEPTH + " encapsulations inside one another";
            return Result.UNREADABLE;
        }
        // 802.1Q, 802.1ad (QinQ) and the old 0x9100 tag: 4 bytes each, any number of them.
        while (ethertype == 0x8100 || ethertype == 0x88A8 || ethertype == 0x9100) {
            if (p + 4 > end) {
                return Result.TRUNCATED;
            }
            ethertype = Bytes.u16(data, p + 2);
            p += 4;
        }
        return switch (ethertype) {
            case ETH_IPV4 -> ipv4(data, p, end, out, depth);
            case ETH_IPV6 -> ipv6(data, p, end, out, depth);
            case ETH_MPLS, ETH_MPLS_MULTICAST -> mpls(data, p, end, out, depth + 1);
            case ETH_TEB -> ethernet(data, p, end, out, depth + 1);
            default -> Result.NOT_TCP;
        };
    }

    /**
     * RFC 3032 §2.1: 4-byte label stack entries down to the one with the bottom-of-stack bit. What
     * follows has no type: the first nibble tells IPv4 (4) from IPv6 (6); otherwise it is an Ethernet
     * pseudowire (RFC 4448), with a control word (RFC 4385 §3, first nibble 0) or without, told apart
     * by which reading puts a known ethertype where the frame's type field would be.
     */
    private static Result mpls(MemorySegment data, long p, long end, TcpSegment out, int depth) {
        for (int labels = 0; ; labels++) {
            if (p + 4 > end) {
                return Result.TRUNCATED;
            }
            boolean bottom = (Bytes.u8(data, p + 2) & 1) != 0;
            p += 4;
            if (bottom) {
                break;
            }
            if (labels > 16) {
                out.problem = "MPLS label stack of more than 16 labels without a bottom of stack";
                return Result.UNREADABLE;
            }
        }
        if (p + 1 > end) {
            return Result.TRUNCATED;
        }
        int nibble = Bytes.u8(data, p) >>> 4;
        if (nibble == 4 || nibble == 6) {
            return guessIp(data, p, end, out, depth, "MPLS payload");
        }
        if (nibble == 0 && p + 18 <= end && knownEthertype(Bytes.u16(data, p + 16))) {
            return ethernet(data, p + 4, end, out, depth + 1);
        }
        if (p + 14 <= end && knownEthertype(Bytes.u16(data, p + 12))) {
            return ethernet(data, p, end, out, depth + 1);
        }
        out.problem = "MPLS payload is neither IPv4, IPv6 nor an Ethernet pseudowire (first nibble " + nibble + ")";
        return Result.UNREADABLE;
    }

    private static boolean knownEthertype(int t) {
        return t == ETH_IPV4 || t == ETH_IPV6 || t == 0x8100 || t == 0x88A8 || t == 0x9100 || t == ETH_MPLS
                || t == ETH_MPLS_MULTICAST || t == 0x0806;
    }

    private static Result guessIp(MemorySegment data, long p, long end, TcpSegment out, int depth, String what) {
        if (p + 1 > end) {
            return Result.TRUNCATED;
        }
        int v = Bytes.u8(data, p) >>> 4;
        if (v == 4) {
            return ipv4(data, p, end, out, depth);
        }
        if (v == 6) {
            return ipv6(data, p, end, out, depth);
        }
        out.problem = what + " starts with version nibble " + v + ", neither IPv4 nor IPv6";
        return Result.UNREADABLE;
    }

    /** RFC 791 §3.1. */
    private static Result ipv4(MemorySegment data, long ip, long end, TcpSegment out, int depth) {
        if (ip + 20 > end) {
            return Result.TRUNCATED;
        }
        int vihl = Bytes.u8(data, ip);
        int ihl = (vihl & 0x0F) * 4;
        if ((vihl >>> 4) != 4 || ihl < 20 || ip + ihl > end) {
            return Result.TRUNCATED;
        }
        out.ipOffset = ip;
        int total = Bytes.u16(data, ip + 2);
        int frag = Bytes.u16(data, ip + 6);
        int protocol = Bytes.u8(data, ip + 9);
        // A zero total length is TSO on the capturing host: the packet runs to the end of the frame.
        long declared = total == 0 ? end : ip + total;
        long ipEnd = Math.min(end, declared);
        out.ipVersion = 4;
        out.srcAddress = ip + 12;
        out.dstAddress = ip + 16;
        out.addressLength = 4;
        if ((frag & 0x2000) != 0 || (frag & 0x1FFF) != 0) {
            if (!reassembled(protocol)) {
                return Result.NOT_TCP;
            }
            IpReassembler.Fragment f = out.fragment;
            f.version = 4;
            f.source = data;
            f.src = ip + 12;
            f.dst = ip + 16;
            f.id = Bytes.u16(data, ip + 4);
            f.protocol = protocol;
            f.offset = (frag & 0x1FFF) * 8;
            f.more = (frag & 0x2000) != 0;
            f.payload = ip + ihl;
            f.length = (int) Math.max(0, ipEnd - ip - ihl);
            f.missing = declared > ipEnd ? (int) (declared - ipEnd) : 0;
            f.depth = depth;
            return Result.FRAGMENT;
        }
        return transport(data, protocol, ip + ihl, ipEnd, declared, out, depth);
    }

    private static boolean reassembled(int protocol) {
        return protocol == IP_TCP || protocol == IP_UDP || protocol == IP_GRE || protocol == IP_IPV4 || protocol == IP_IPV6;
    }

    /** RFC 8200 §3 and §4: walk extension headers to the upper layer; a Fragment header (§4.5) is one fragment. */
    private static Result ipv6(MemorySegment data, long ip, long end, TcpSegment out, int depth) {
        if (ip + 40 > end) {
            return Result.TRUNCATED;
        }
        out.ipOffset = ip;
        int payloadLength = Bytes.u16(data, ip + 4);
        int next = Bytes.u8(data, ip + 6);
        long declared = payloadLength == 0 ? end : ip + 40 + payloadLength;
        long ipEnd = Math.min(end, declared);
        out.ipVersion = 6;
        out.srcAddress = ip + 8;
        out.dstAddress = ip + 24;
        out.addressLength = 16;
        long p = ip + 40;
        for (int hops = 0; hops < 16; hops++) {
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> {
                    if (p + 8 > ipEnd) {
                        return Result.TRUNCATED;
                    }
                    next = Bytes.u8(data, p);
                    p += 8 + Bytes.u8(data, p + 1) * 8L;
                }
                case 51 -> {
                    if (p + 8 > ipEnd) {
                        return Result.TRUNCATED;
                    }
                    next = Bytes.u8(data, p);
                    p += (Bytes.u8(data, p + 1) + 2) * 4L;
                }
                case 44 -> {
                    if (p + 8 > ipEnd) {
                        return Result.TRUNCATED;
                    }
                    int protocol = Bytes.u8(data, p);
                    int offsetFlags = Bytes.u16(data, p + 2);
                    if ((offsetFlags & 0xFFF9) == 0) {
                        // An atomic fragment (RFC 6946): offset 0, no more fragments; read it as it is.
                        next = protocol;
                        p += 8;
                        continue;
                    }
                    if (!reassembled(protocol)) {
                        return Result.NOT_TCP;
                    }
                    IpReassembler.Fragment f = out.fragment;
                    f.version = 6;
                    f.source = data;
                    f.src = ip + 8;
                    f.dst = ip + 24;
                    f.id = Bytes.u32(data, p + 4);
                    f.protocol = protocol;
                    f.offset = offsetFlags & 0xFFF8;
                    f.more = (offsetFlags & 1) != 0;
                    f.payload = p + 8;
                    f.length = (int) Math.max(0, ipEnd - p - 8);
                    f.missing = declared > ipEnd ? (int) (declared - ipEnd) : 0;
                    f.depth = depth;
                    return Result.FRAGMENT;
                }
                default -> {
                    return transport(data, next, p, ipEnd, declared, out, depth);
                }
            }
        }
        return Result.NOT_TCP;
    }

    /**
     * The IP payload of {@code protocol} at {@code p}: TCP, or a tunnel to read on. {@code declared} is
     * where the IP header says the packet ends, past {@code ipEnd} when the capture cut it. Reassembled
     * fragments come here too, from a copy.
     */
    static Result transport(MemorySegment data, int protocol, long p, long ipEnd, long declared, TcpSegment out, int depth) {
        return switch (protocol) {
            case IP_TCP -> tcp(data, p, ipEnd, declared, out);
            case IP_IPV4 -> nested(depth) ? ipv4(data, p, ipEnd, out, depth + 1) : tooDeep(out);
            case IP_IPV6 -> nested(depth) ? ipv6(data, p, ipEnd, out, depth + 1) : tooDeep(out);
            case IP_GRE -> nested(depth) ? gre(data, p, ipEnd, out, depth + 1) : tooDeep(out);
            case IP_UDP -> udp(data, p, ipEnd, out, depth);
            default -> Result.NOT_TCP;
        };
    }

    private static boolean nested(int depth) {
        return depth < MAX_DEPTH;
    }

    private static Result tooDeep(TcpSegment out) {
        out.problem = "more than " + MAX_DEPTH + " encapsulations inside one another";
        return Result.UNREADABLE;
    }

    /** UDP (RFC 768) only matters for VXLAN (RFC 7348 §5: port 4789, an 8-byte header, then Ethernet). */
    private static Result udp(MemorySegment data, long p, long ipEnd, TcpSegment out, int depth) {
        if (p + 8 > ipEnd) {
            return Result.NOT_TCP;
        }
        if (Bytes.u16(data, p + 2) != VXLAN_PORT) {
            return Result.NOT_TCP;
        }
        if (!nested(depth)) {
            return tooDeep(out);
        }
        long v = p + 8;
        if (v + 8 > ipEnd) {
            return Result.TRUNCATED;
        }
        if ((Bytes.u8(data, v) & 0x08) == 0) {
            out.problem = "VXLAN header on port 4789 without its I flag (RFC 7348 §5)";
            return Result.UNREADABLE;
        }
        return ethernet(data, v + 8, ipEnd, out, depth + 1);
    }

    /**
     * GRE, RFC 2784 §2 with the key and sequence number of RFC 2890: flags and version, the protocol
     * type (an ethertype), then checksum and reserved, key, sequence number, each when its flag is set.
     * ERSPAN (draft-foschiano-erspan): protocol 0x88BE without a sequence number is type I, the
     * mirrored Ethernet frame straight after GRE; with one it is type II, an 8-byte header first;
     * 0x22EB is type III, a 12-byte header and, when its O bit is set, an 8-byte platform subheader.
     */
    private static Result gre(MemorySegment data, long p, long end, TcpSegment out, int depth) {
        if (p + 4 > end) {
            return Result.TRUNCATED;
        }
        int flags = Bytes.u16(data, p);
        int protocol = Bytes.u16(data, p + 2);
        int version = flags & 7;
        if (version != 0) {
            out.problem = "GRE version " + version + (version == 1 ? " (PPTP)" : "") + " is not one we read";
            return Result.UNREADABLE;
        }
        if ((flags & 0x4000) != 0) {
            out.problem = "GRE with the routing present bit of RFC 1701 is not one we read";
            return Result.UNREADABLE;
        }
        boolean sequence = (flags & 0x1000) != 0;
        long q = p + 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0) + (sequence ? 4 : 0);
        if (q > end) {
            return Result.TRUNCATED;
        }
        if (protocol == ETH_ERSPAN_2) {
            if (!sequence) {
                return ethernet(data, q, end, out, depth);
            }
            if (q + 8 > end) {
                return Result.TRUNCATED;
            }
            int ver = Bytes.u8(data, q) >>> 4;
            if (ver != 1) {
                out.problem = "ERSPAN type II header with version " + ver + " instead of 1";
                return Result.UNREADABLE;
            }
            return ethernet(data, q + 8, end, out, depth);
        }
        if (protocol == ETH_ERSPAN_3) {
            if (q + 12 > end) {
                return Result.TRUNCATED;
            }
            int ver = Bytes.u8(data, q) >>> 4;
            if (ver != 2) {
                out.problem = "ERSPAN type III header with version " + ver + " instead of 2";
                return Result.UNREADABLE;
            }
            int frameType = (Bytes.u8(data, q + 10) >>> 2) & 0x1F;
            boolean platform = (Bytes.u8(data, q + 11) & 1) != 0;
            long f = q + 12 + (platform ? 8 : 0);
            if (frameType == 0) {
                return ethernet(data, f, end, out, depth);
            }
            if (frameType == 2) {
                return guessIp(data, f, end, out, depth, "ERSPAN type III IP frame");
            }
            out.problem = "ERSPAN type III frame type " + frameType + " is neither Ethernet (0) nor IP (2)";
            return Result.UNREADABLE;
        }
        return ether(data, protocol, q, end, out, depth);
    }

    /** RFC 9293 §3.1. */
    private static Result tcp(MemorySegment data, long tcp, long ipEnd, long declared, TcpSegment out) {
        if (tcp + 20 > ipEnd) {
            return Result.TRUNCATED;
        }
        int dataOffset = (Bytes.u8(data, tcp + 12) >>> 4) * 4;
        if (dataOffset < 20 || tcp + dataOffset > ipEnd) {
            return Result.TRUNCATED;
        }
        out.srcPort = Bytes.u16(data, tcp);
        out.dstPort = Bytes.u16(data, tcp + 2);
        out.seq = Bytes.i32(data, tcp + 4);
        out.ack = Bytes.i32(data, tcp + 8);
        out.flags = Bytes.u8(data, tcp + 13);
        out.tcpOffset = tcp;
        out.payloadOffset = tcp + dataOffset;
        out.payloadLength = (int) (ipEnd - tcp - dataOffset);
        out.signature = dataOffset > 20 ? signature(data, tcp + 20, tcp + dataOffset) : 0;
        out.missing = declared > ipEnd ? (int) Math.min(Integer.MAX_VALUE, declared - ipEnd) : 0;
        return Result.TCP;
    }

    /**
     * The segment-authentication option among the TCP options in {@code [p, end)}: MD5 signature
     * (kind 19, RFC 2385 §3.0) or TCP-AO (kind 29, RFC 5925 §2.2), else 0.
     */
    private static int signature(MemorySegment data, long p, long end) {
        while (p < end) {
            int kind = Bytes.u8(data, p);
            if (kind == 0) {
                return 0;
            }
            if (kind == 1) {
                p++;
                continue;
            }
            if (kind == 19 || kind == 29) {
                return kind;
            }
            if (p + 1 >= end || Bytes.u8(data, p + 1) < 2) {
                return 0;
            }
            p += Bytes.u8(data, p + 1);
        }
        return 0;
    }
}

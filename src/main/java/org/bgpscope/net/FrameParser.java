package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Finds the TCP segment in a captured frame: link layer (Ethernet with 802.1Q/802.1ad tags, Linux
 * cooked SLL and SLL2, raw IP, BSD null/loopback), IPv4 with options or IPv6 with extension headers,
 * then TCP. Reads the mapped file in place. IP payloads are cut at the IP length, so Ethernet
 * padding is never taken for TCP data.
 */
public final class FrameParser {
    /** Outcome of {@link #parse}. */
    public enum Result { TCP, NOT_TCP, FRAGMENT, TRUNCATED, UNSUPPORTED_LINK }

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;

    public Result parse(MemorySegment data, long off, int caplen, int linkType, TcpSegment out) {
        long end = off + caplen;
        long ip;
        int ethertype;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                if (caplen < 14) {
                    return Result.TRUNCATED;
                }
                long p = off + 12;
                ethertype = Bytes.u16(data, p);
                // 802.1Q, 802.1ad (QinQ) and the old 0x9100 tag: 4 bytes each, any number of them.
                while ((ethertype == 0x8100 || ethertype == 0x88A8 || ethertype == 0x9100) && p + 6 <= end) {
                    p += 4;
                    ethertype = Bytes.u16(data, p);
                }
                ip = p + 2;
            }
            case LinkType.LINUX_SLL -> {
                if (caplen < 16) {
                    return Result.TRUNCATED;
                }
                ethertype = Bytes.u16(data, off + 14);
                ip = off + 16;
            }
            case LinkType.LINUX_SLL2 -> {
                if (caplen < 20) {
                    return Result.TRUNCATED;
                }
                ethertype = Bytes.u16(data, off);
                ip = off + 20;
            }
            case LinkType.NULL, LinkType.LOOP -> {
                if (caplen < 4) {
                    return Result.TRUNCATED;
                }
                // NULL stores the address family in the writer's byte order, LOOP in network order.
                long be = Bytes.u32(data, off);
                long le = Integer.reverseBytes((int) be) & 0xFFFFFFFFL;
                long family = linkType == LinkType.LOOP || be < 256 ? be : le;
                ethertype = family == 2 ? ETH_IPV4 : (family == 24 || family == 28 || family == 30 || family == 10) ? ETH_IPV6 : -1;
                ip = off + 4;
            }
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_BSD14, LinkType.IPV4, LinkType.IPV6 -> {
                if (caplen < 1) {
                    return Result.TRUNCATED;
                }
                int v = Bytes.u8(data, off) >>> 4;
                ethertype = v == 4 ? ETH_IPV4 : v == 6 ? ETH_IPV6 : -1;
                ip = off;
            }
            default -> {
                return Result.UNSUPPORTED_LINK;
            }
        }
        out.ipOffset = ip;
        if (ethertype == ETH_IPV4) {
            return ipv4(data, ip, end, out);
        }
        if (ethertype == ETH_IPV6) {
            return ipv6(data, ip, end, out);
        }
        return Result.NOT_TCP;
    }

    /** RFC 791 §3.1. */
    private static Result ipv4(MemorySegment data, long ip, long end, TcpSegment out) {
        if (ip + 20 > end) {
            return Result.TRUNCATED;
        }
        int vihl = Bytes.u8(data, ip);
        int ihl = (vihl & 0x0F) * 4;
        if ((vihl >>> 4) != 4 || ihl < 20 || ip + ihl > end) {
            return Result.TRUNCATED;
        }
        int total = Bytes.u16(data, ip + 2);
        int frag = Bytes.u16(data, ip + 6);
        if (Bytes.u8(data, ip + 9) != 6) {
            return Result.NOT_TCP;
        }
        if ((frag & 0x2000) != 0 || (frag & 0x1FFF) != 0) {
            return Result.FRAGMENT;
        }
        // A zero total length is TSO on the capturing host: the packet runs to the end of the frame.
        long ipEnd = total == 0 ? end : Math.min(end, ip + total);
        out.ipVersion = 4;
        out.srcAddress = ip + 12;
        out.dstAddress = ip + 16;
        out.addressLength = 4;
        return tcp(data, ip + ihl, ipEnd, out);
    }

    /** RFC 8200 §3 and §4: walk extension headers to TCP; a Fragment header is reported. */
    private static Result ipv6(MemorySegment data, long ip, long end, TcpSegment out) {
        if (ip + 40 > end) {
            return Result.TRUNCATED;
        }
        int payloadLength = Bytes.u16(data, ip + 4);
        int next = Bytes.u8(data, ip + 6);
        long ipEnd = payloadLength == 0 ? end : Math.min(end, ip + 40 + payloadLength);
        long p = ip + 40;
        for (int hops = 0; hops < 16; hops++) {
            switch (next) {
                case 6 -> {
                    out.ipVersion = 6;
                    out.srcAddress = ip + 8;
                    out.dstAddress = ip + 24;
                    out.addressLength = 16;
                    return tcp(data, p, ipEnd, out);
                }
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
                    return Result.FRAGMENT;
                }
                default -> {
                    return Result.NOT_TCP;
                }
            }
        }
        return Result.NOT_TCP;
    }

    /** RFC 9293 §3.1. */
    private static Result tcp(MemorySegment data, long tcp, long ipEnd, TcpSegment out) {
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
        out.payloadOffset = tcp + dataOffset;
        out.payloadLength = (int) (ipEnd - tcp - dataOffset);
        return Result.TCP;
    }
}

package org.bgpscope.tree;

import java.lang.foreign.MemorySegment;
import org.bgpscope.net.LinkType;

/**
 * The headers in front of the BGP bytes of one captured frame, as fields of their own for Frames mode:
 * Ethernet (IEEE 802.3) with 802.1Q/802.1ad tags, Linux cooked SLL and SLL2, raw IP; IPv4 (RFC 791)
 * with its options, IPv6 (RFC 8200) with its extension headers; TCP (RFC 9293) with its options,
 * TCP-MD5 (RFC 2385) and TCP-AO (RFC 5925) named. Other link layers and tunnels are shown as one raw
 * field: the index reads them (net/FrameParser), this view names only the common ones.
 */
public final class FrameHeaders {
    private FrameHeaders() {}

    /** The tree of {@code frame}'s headers (its TCP payload, the BGP bytes, is left to the message's tree). */
    public static FieldNode decode(MemorySegment frame, int linkType) {
        Wire w = new Wire(frame);
        int size = (int) frame.byteSize();
        FieldNode root = new FieldNode("frame headers", "frame", 0, size);
        try {
            int p = link(w, root, linkType, size);
            if (p >= 0) {
                ip(w, root, p, size);
            }
        } catch (Wire.Short e) {
            root.problem(Problem.error(e.offset, "frame cut short: " + e.what));
        }
        return root;
    }

    /** The link layer; returns where IP starts, or -1 when it is not one shown here. */
    private static int link(Wire w, FieldNode root, int linkType, int size) {
        switch (linkType) {
            case LinkType.ETHERNET -> {
                w.need(0, 14, size, "Ethernet header");
                FieldNode eth = root.add("Ethernet II", "frame.eth", 0, 14).reference("IEEE 802.3");
                eth.leaf("destination", "frame.eth.dst", 0, 6, w.mac(0));
                eth.leaf("source", "frame.eth.src", 6, 6, w.mac(6));
                int p = 12;
                int type = w.u16(p);
                while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
                    w.need(p, 6, size, "VLAN tag");
                    FieldNode tag = root.add("802.1Q tag", "frame.vlan", p, 4).reference("IEEE 802.1Q");
                    tag.leaf("TPID", "frame.vlan.tpid", p, 2, (long) type).text(String.format("TPID: 0x%04x", type));
                    int tci = w.u16(p + 2);
                    tag.leaf("priority", "frame.vlan.pcp", p + 2, 1, (long) (tci >>> 13));
                    tag.leaf("VLAN id", "frame.vlan.id", p + 2, 2, (long) (tci & 0xFFF));
                    tag.value((long) (tci & 0xFFF)).text("802.1Q tag: VLAN " + (tci & 0xFFF));
                    p += 4;
                    type = w.u16(p);
                }
                root.leaf("ethertype", "frame.eth.type", p, 2, (long) type).text(String.format("ethertype: 0x%04x", type));
                eth.text("Ethernet II: " + w.mac(6) + " → " + w.mac(0));
                return type == 0x0800 || type == 0x86DD ? p + 2 : -1;
            }
            case LinkType.LINUX_SLL -> {
                w.need(0, 16, size, "Linux cooked header");
                FieldNode sll = root.add("Linux cooked capture", "frame.sll", 0, 16).reference("LINKTYPE_LINUX_SLL");
                sll.leaf("packet type", "frame.sll.pkttype", 0, 2, (long) w.u16(0));
                sll.leaf("protocol", "frame.sll.protocol", 14, 2, (long) w.u16(14));
                return 16;
            }
            case LinkType.LINUX_SLL2 -> {
                w.need(0, 20, size, "Linux cooked v2 header");
                FieldNode sll = root.add("Linux cooked capture v2", "frame.sll2", 0, 20).reference("LINKTYPE_LINUX_SLL2");
                sll.leaf("protocol", "frame.sll2.protocol", 0, 2, (long) w.u16(0));
                sll.leaf("interface index", "frame.sll2.ifindex", 4, 4, w.u32(4));
                return 20;
            }
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> {
                return 0;
            }
            default -> {
                root.leaf("link layer (" + LinkType.name(linkType) + ")", "frame.link", 0, size, w.hex(0, Math.min(size, 64)));
                return -1;
            }
        }
    }

    private static void ip(Wire w, FieldNode root, int p, int size) {
        w.need(p, 1, size, "IP version");
        int version = w.u8(p) >>> 4;
        if (version == 4) {
            w.need(p, 20, size, "IPv4 header");
            int ihl = (w.u8(p) & 15) * 4;
            FieldNode ip = root.add("IPv4", "frame.ip", p, Math.min(ihl, size - p)).reference("RFC 791 §3.1");
            ip.leaf("header length", "frame.ip.hdr_len", p, 1, (long) ihl).text("header length: " + ihl + " bytes");
            ip.leaf("total length", "frame.ip.len", p + 2, 2, (long) w.u16(p + 2));
            ip.leaf("identification", "frame.ip.id", p + 4, 2, (long) w.u16(p + 4));
            int frag = w.u16(p + 6);
            FieldNode flags = ip.add("flags and fragment offset", "frame.ip.flags", p + 6, 2).value((long) frag);
            flags.bit("don't fragment", "frame.ip.flags.df", 0x4000, (frag & 0x4000) != 0);
            flags.bit("more fragments", "frame.ip.flags.mf", 0x2000, (frag & 0x2000) != 0);
            ip.leaf("time to live", "frame.ip.ttl", p + 8, 1, (long) w.u8(p + 8));
            ip.leaf("protocol", "frame.ip.proto", p + 9, 1, (long) w.u8(p + 9));
            ip.leaf("source", "frame.ip.src", p + 12, 4, w.ipv4(p + 12));
            ip.leaf("destination", "frame.ip.dst", p + 16, 4, w.ipv4(p + 16));
            if (ihl > 20) {
                w.need(p + 20, ihl - 20, size, "IPv4 options");
                ip.leaf("options", "frame.ip.options", p + 20, ihl - 20, w.hex(p + 20, ihl - 20));
            }
            ip.text("IPv4: " + w.ipv4(p + 12) + " → " + w.ipv4(p + 16));
            if (w.u8(p + 9) == 6 && (frag & 0x1FFF) == 0) {
                tcp(w, root, p + ihl, size);
            }
        } else if (version == 6) {
            w.need(p, 40, size, "IPv6 header");
            FieldNode ip = root.add("IPv6", "frame.ipv6", p, 40).reference("RFC 8200 §3");
            ip.leaf("payload length", "frame.ipv6.plen", p + 4, 2, (long) w.u16(p + 4));
            ip.leaf("next header", "frame.ipv6.nxt", p + 6, 1, (long) w.u8(p + 6));
            ip.leaf("hop limit", "frame.ipv6.hlim", p + 7, 1, (long) w.u8(p + 7));
            ip.leaf("source", "frame.ipv6.src", p + 8, 16, w.address(p + 8, 16));
            ip.leaf("destination", "frame.ipv6.dst", p + 24, 16, w.address(p + 24, 16));
            ip.text("IPv6: " + w.address(p + 8, 16) + " → " + w.address(p + 24, 16));
            int next = w.u8(p + 6);
            int q = p + 40;
            // Hop-by-hop, routing, destination options: next header, length in 8-byte units (RFC 8200 §4).
            while (next == 0 || next == 43 || next == 60) {
                w.need(q, 2, size, "IPv6 extension header");
                int len = (w.u8(q + 1) + 1) * 8;
                root.leaf("IPv6 extension header " + next, "frame.ipv6.ext", q, Math.min(len, size - q), (long) next);
                next = w.u8(q);
                q += len;
            }
            if (next == 6) {
                tcp(w, root, q, size);
            }
        }
    }

    /** RFC 9293 §3.1, options by kind (§3.2), MD5 signature (RFC 2385 §3.0) and TCP-AO (RFC 5925 §2.2). */
    private static void tcp(Wire w, FieldNode root, int p, int size) {
        w.need(p, 20, size, "TCP header");
        int hl = (w.u8(p + 12) >>> 4) * 4;
        FieldNode t = root.add("TCP", "frame.tcp", p, Math.min(hl, size - p)).reference("RFC 9293 §3.1");
        t.leaf("source port", "frame.tcp.srcport", p, 2, (long) w.u16(p));
        t.leaf("destination port", "frame.tcp.dstport", p + 2, 2, (long) w.u16(p + 2));
        t.leaf("sequence number", "frame.tcp.seq", p + 4, 4, w.u32(p + 4));
        t.leaf("acknowledgment number", "frame.tcp.ack", p + 8, 4, w.u32(p + 8));
        t.leaf("header length", "frame.tcp.hdr_len", p + 12, 1, (long) hl).text("header length: " + hl + " bytes");
        int flags = w.u8(p + 13);
        FieldNode f = t.add("flags", "frame.tcp.flags", p + 13, 1).value((long) flags);
        String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
        StringBuilder set = new StringBuilder();
        for (int b = 0; b < 8; b++) {
            boolean on = (flags & (1 << b)) != 0;
            f.bit(names[b], "frame.tcp.flags." + names[b].toLowerCase(), 1L << b, on);
            if (on) {
                set.append(set.isEmpty() ? "" : ",").append(names[b]);
            }
        }
        f.text("flags: " + set);
        t.leaf("window", "frame.tcp.window", p + 14, 2, (long) w.u16(p + 14));
        t.leaf("checksum", "frame.tcp.checksum", p + 16, 2, (long) w.u16(p + 16));
        int q = p + 20;
        int end = Math.min(p + hl, size);
        while (q < end) {
            int kind = w.u8(q);
            if (kind == 0 || kind == 1) {
                t.leaf(kind == 0 ? "end of options" : "no-operation", "frame.tcp.option", q, 1, (long) kind);
                q++;
                continue;
            }
            w.need(q, 2, end, "TCP option length");
            int len = w.u8(q + 1);
            if (len < 2 || q + len > end) {
                t.problem(Problem.error(q + 1, "TCP option of kind " + kind + " claims " + len + " bytes"));
                break;
            }
            String name = switch (kind) {
                case 2 -> "maximum segment size";
                case 3 -> "window scale";
                case 4 -> "SACK permitted";
                case 5 -> "SACK";
                case 8 -> "timestamps";
                case 19 -> "TCP-MD5 signature (RFC 2385)";
                case 29 -> "TCP-AO (RFC 5925)";
                default -> "option kind " + kind;
            };
            t.leaf(name, "frame.tcp.option", q, len, w.hex(q, len));
            q += len;
        }
        t.text("TCP: " + w.u16(p) + " → " + w.u16(p + 2) + ", seq " + w.u32(p + 4) + (set.isEmpty() ? "" : " [" + set + "]"));
    }

}

package org.bgpscope.tree;

import java.util.Map;
import org.bgpscope.bgp.BmpNames;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.bgp.Notifications;

/**
 * The field tree of a BMP message (RFC 7854 §4): common header, per-peer header with its flags bit by
 * bit, then the body the message type's decoder reads ({@link #BODIES}). A carried BGP message is a
 * node with its header; its whole tree is that of its own row, which the node names.
 */
final class Bmp {
    private Bmp() {}

    /** Reads the body from {@code p} to {@code end}; returns the summary. {@code first} is the index of the first carried row, or -1. */
    interface Body {
        String decode(Wire w, FieldNode root, int p, int end, Carried carried);
    }

    /** Numbers the BGP messages carried, in order, by the rows the index gave them. */
    static final class Carried {
        private int next;

        Carried(int first) {
            this.next = first;
        }

        String take() {
            return next < 0 ? "" : ", listed as message " + (next++ + 1);
        }
    }

    static final Map<Integer, Body> BODIES = Map.of(
            0, Bmp::routeMonitoring,
            1, Bmp::statistics,
            2, Bmp::peerDown,
            3, Bmp::peerUp,
            4, (w, root, p, end, c) -> tlvs(w, root, p, end, "bmp.info", BmpNames::infoTlv, "RFC 7854 §4.4"),
            5, Bmp::termination,
            6, Bmp::routeMirroring);

    /** Types whose messages start with a per-peer header (RFC 7854 §4.2). */
    private static boolean perPeer(int type) {
        return type == 0 || type == 1 || type == 2 || type == 3 || type == 6;
    }

    /** @param firstCarried index (0-based) of the first BGP message the index took out of this one, or -1 */
    static FieldNode decode(Wire w, int size, int firstCarried) {
        FieldNode root = new FieldNode("BMP message", "bmp", 0, size).reference("RFC 7854 §4.1");
        String summary;
        int type = -1;
        try {
            w.need(0, 6, size, "BMP common header");
            int version = w.u8(0);
            long length = w.u32(1);
            type = w.u8(5);
            FieldNode h = root.add("common header", "bmp.header", 0, 6).reference("RFC 7854 §4.1");
            FieldNode v = h.leaf("version", "bmp.version", 0, 1, (long) version);
            if (version != 3) {
                v.problem(Problem.error(0, "version " + version + "; RFC 7854 defines version 3"));
            }
            FieldNode len = h.leaf("length", "bmp.length", 1, 4, length);
            h.leaf("type", "bmp.type", 5, 1, (long) type).text("type: " + type + " (" + BmpNames.type(type) + ")");
            h.value(BmpNames.type(type)).text("common header: " + BmpNames.type(type) + ", " + length + " bytes");
            int end = size;
            if (length > size) {
                len.problem(Problem.error(1, "the message is " + length + " bytes long but only " + size + " were captured"));
            } else if (length < size) {
                end = (int) Math.max(6, length);
            }
            int p = 6;
            if (perPeer(type)) {
                p = perPeerHeader(w, root, p, end);
            }
            Body body = BODIES.get(type);
            if (body == null) {
                if (p < end) {
                    root.leaf("body", "bmp.body", p, end - p, w.hex(p, end - p)).text("body: " + (end - p) + " bytes of an unknown message type");
                }
                summary = "";
            } else {
                summary = body.decode(w, root, p, end, new Carried(firstCarried));
            }
        } catch (Wire.Short e) {
            root.problem(Problem.error(e.offset, "BMP message: " + e.what));
            summary = "malformed";
        }
        String name = type < 0 ? "BMP" : "BMP " + BmpNames.type(type);
        root.value(name).text(name + (summary.isEmpty() ? "" : ": " + summary));
        return root;
    }

    /** RFC 7854 §4.2 (RFC 8671 §4 adds O, RFC 9069 §4.1 peer type 3 with its F flag). */
    private static int perPeerHeader(Wire w, FieldNode root, int p, int end) {
        w.need(p, 42, end, "per-peer header");
        FieldNode h = root.add("per-peer header", "bmp.peer", p, 42).reference("RFC 7854 §4.2");
        int type = w.u8(p);
        int flags = w.u8(p + 1);
        boolean locRib = type == 3;
        h.leaf("peer type", "bmp.peer.type", p, 1, (long) type).text("peer type: " + type + " (" + BmpNames.peerType(type) + ")");
        FieldNode f = h.leaf("flags", "bmp.peer.flags", p + 1, 1, (long) flags).text(String.format("flags: 0x%02x", flags));
        if (locRib) {
            f.reference("RFC 9069 §4.2");
            f.bit("F: Loc-RIB filtered", "bmp.peer.flags.f", 0x80, (flags & 0x80) != 0);
        } else {
            f.bit("V: IPv6 peer address", "bmp.peer.flags.v", 0x80, (flags & 0x80) != 0);
            f.bit("L: post-policy", "bmp.peer.flags.l", 0x40, (flags & 0x40) != 0);
            f.bit("A: 2-octet AS_PATH", "bmp.peer.flags.a", 0x20, (flags & 0x20) != 0);
            f.bit("O: Adj-RIB-Out", "bmp.peer.flags.o", 0x10, (flags & 0x10) != 0).reference("RFC 8671 §4");
        }
        h.leaf("peer distinguisher", "bmp.peer.distinguisher", p + 2, 8, w.hex(p + 2, 8));
        boolean v6 = !locRib && (flags & 0x80) != 0;
        String addr = v6 ? w.address(p + 10, 16) : w.ipv4(p + 22);
        h.leaf("peer address", "bmp.peer.address", p + 10, 16, addr);
        long as = w.u32(p + 26);
        h.leaf("peer AS", "bmp.peer.as", p + 26, 4, as);
        h.leaf("peer BGP ID", "bmp.peer.bgp_id", p + 30, 4, w.ipv4(p + 30));
        long sec = w.u32(p + 34);
        h.leaf("timestamp (seconds)", "bmp.peer.timestamp", p + 34, 4, sec).text("timestamp: " + sec + " (" + java.time.Instant.ofEpochSecond(sec) + ")");
        h.leaf("timestamp (microseconds)", "bmp.peer.timestamp_us", p + 38, 4, w.u32(p + 38));
        String view = locRib ? "Loc-RIB" + ((flags & 0x80) != 0 ? " (filtered)" : "")
                : ((flags & 0x10) != 0 ? "Adj-RIB-Out" : "Adj-RIB-In") + ((flags & 0x40) != 0 ? " post-policy" : " pre-policy");
        h.value(locRib ? view : addr + " AS " + as + ", " + view).text("per-peer header: " + h.value());
        return p + 42;
    }

    /** A carried BGP message: its header as a node; the rest is decoded on its own row. */
    private static FieldNode pdu(Wire w, FieldNode parent, String name, int p, int end, Carried c) {
        w.need(p, 19, end, name);
        int len = w.u16(p + 16);
        int type = w.u8(p + 18);
        FieldNode n = parent.add(name, "bmp.pdu", p, Math.max(19, Math.min(len, end - p))).reference("RFC 7854 §4.6");
        n.leaf("marker", "bgp.marker", p, 16, w.hex(p, 16));
        FieldNode l = n.leaf("length", "bgp.length", p + 16, 2, (long) len);
        n.leaf("type", "bgp.type", p + 18, 1, (long) type).text("type: " + type + " (" + MessageType.name(type) + ")");
        boolean marker = w.hex(p, 16).equals("ffffffffffffffffffffffffffffffff");
        if (!marker) {
            n.problem(Problem.error(p, name + ": marker is not all ones (RFC 4271 §4.1)"));
        }
        if (len < 19 || p + len > end) {
            l.problem(Problem.error(p + 16, name + ": length " + len + " does not fit the " + (end - p) + " bytes left in the BMP message"));
        }
        boolean listed = marker && len >= 19 && p + len <= end;
        String row = listed ? c.take() : "";
        if (listed && len > 19) {
            n.leaf("body", "bmp.pdu.body", p + 19, len - 19, (len - 19) + " bytes")
                    .text("body: " + (len - 19) + " bytes" + (row.isEmpty() ? "" : ", decoded on its own row (message " + row.replaceAll("\\D+", "") + ")"));
        }
        n.value(MessageType.name(type)).text(name + ": " + MessageType.name(type) + ", " + len + " bytes" + row);
        return n;
    }

    /** RFC 7854 §4.6: one UPDATE as the monitored view holds it. */
    private static String routeMonitoring(Wire w, FieldNode root, int p, int end, Carried c) {
        int n = 0;
        while (p < end) {
            FieldNode u = pdu(w, root, "BGP message", p, end, c);
            n++;
            if (u.problems().size() + u.children().get(1).problems().size() > 0) {
                break;
            }
            p += w.u16(p + 16);
        }
        if (n == 0) {
            root.problem(Problem.error(end, "Route Monitoring without a BGP UPDATE (RFC 7854 §4.6)"));
        }
        return n == 1 ? "" : n + " BGP messages";
    }

    /** RFC 7854 §4.8: a count, then that many type-length-value counters. */
    private static String statistics(Wire w, FieldNode root, int p, int end, Carried c) {
        w.need(p, 4, end, "statistics count");
        long count = w.u32(p);
        root.leaf("stats count", "bmp.stats.count", p, 4, count);
        p += 4;
        for (long k = 0; k < count; k++) {
            w.need(p, 4, end, "statistic " + (k + 1) + " of " + count);
            int type = w.u16(p);
            int len = w.u16(p + 2);
            w.need(p + 4, len, end, "statistic " + (k + 1) + " value");
            FieldNode s = root.add(BmpNames.stat(type), "bmp.stats.tlv", p, 4 + len).reference("RFC 7854 §4.8");
            s.leaf("type", "bmp.stats.tlv.type", p, 2, (long) type).text("type: " + type + " (" + BmpNames.stat(type) + ")");
            s.leaf("length", "bmp.stats.tlv.length", p + 2, 2, (long) len);
            int v = p + 4;
            boolean perFamily = type == 9 || type == 10 || type == 16 || type == 17 || type == 18 || type == 19 || type == 20;
            if (perFamily && len == 11) {
                // AFI (2), SAFI (1), then a 64-bit gauge.
                Family f = new Family(w.u16(v), w.u8(v + 2));
                s.leaf("AFI", "bmp.stats.tlv.afi", v, 2, (long) f.afi()).text("AFI: " + f.afi() + " (" + f + ")");
                s.leaf("SAFI", "bmp.stats.tlv.safi", v + 2, 1, (long) f.safi());
                long g = w.u32(v + 3) << 32 | w.u32(v + 7);
                s.leaf("value", "bmp.stats.tlv.value", v + 3, 8, Long.toUnsignedString(g));
                s.value(Long.toUnsignedString(g)).text(BmpNames.stat(type) + " (" + f + "): " + Long.toUnsignedString(g));
            } else if (len == 4 || len == 8) {
                long val = len == 4 ? w.u32(v) : w.u32(v) << 32 | w.u32(v + 4);
                s.leaf("value", "bmp.stats.tlv.value", v, len, Long.toUnsignedString(val));
                s.value(Long.toUnsignedString(val)).text(BmpNames.stat(type) + ": " + Long.toUnsignedString(val));
            } else if (len > 0) {
                FieldNode raw = s.leaf("value", "bmp.stats.tlv.value", v, len, w.hex(v, len));
                if (type <= 20) {
                    raw.problem(Problem.warning(v, "statistic " + type + " should be a 4- or 8-byte counter (or AFI, SAFI and a gauge), not " + len + " bytes"));
                }
            }
            p += 4 + len;
        }
        if (p < end) {
            root.leaf("trailing bytes", "bmp.body", p, end - p, w.hex(p, end - p)).problem(Problem.warning(p, (end - p) + " bytes after the " + count + " statistics"));
        }
        return count + " counters";
    }

    /** RFC 7854 §4.9 (RFC 9069 §4.4 adds reason 6). */
    private static String peerDown(Wire w, FieldNode root, int p, int end, Carried c) {
        w.need(p, 1, end, "Peer Down reason");
        int reason = w.u8(p);
        root.leaf("reason", "bmp.peer_down.reason", p, 1, (long) reason).text("reason: " + reason + " (" + BmpNames.peerDownReason(reason) + ")")
                .reference("RFC 7854 §4.9");
        p++;
        String summary = BmpNames.peerDownReason(reason);
        switch (reason) {
            case 1, 3 -> {
                FieldNode n = pdu(w, root, "NOTIFICATION", p, end, c);
                if (w.u8(p + 18) == MessageType.NOTIFICATION && end - p >= 21) {
                    summary += ": " + Notifications.describe(w.u8(p + 19), w.u8(p + 20));
                } else {
                    n.problem(Problem.error(p + 18, "reason " + reason + " is followed by a NOTIFICATION (RFC 7854 §4.9)"));
                }
            }
            case 2 -> {
                w.need(p, 2, end, "FSM event code");
                int ev = w.u16(p);
                root.leaf("FSM event", "bmp.peer_down.fsm_event", p, 2, (long) ev).text("FSM event: " + ev + " (RFC 4271 §8.1)");
                summary += " " + ev;
            }
            case 6 -> tlvs(w, root, p, end, "bmp.info", BmpNames::infoTlv, "RFC 9069 §4.4");
            default -> {
                if (p < end) {
                    root.leaf("data", "bmp.body", p, end - p, w.hex(p, end - p));
                }
            }
        }
        return summary;
    }

    /** RFC 7854 §4.10: local address, local and remote port, the Sent and Received OPEN, information TLVs. */
    private static String peerUp(Wire w, FieldNode root, int p, int end, Carried c) {
        w.need(p, 20, end, "Peer Up local address and ports");
        int p0 = p;
        boolean v6 = (w.u8(7) & 0x80) != 0 && w.u8(6) != 3;
        root.leaf("local address", "bmp.peer_up.local_address", p, 16, v6 ? w.address(p, 16) : w.ipv4(p + 12)).reference("RFC 7854 §4.10");
        root.leaf("local port", "bmp.peer_up.local_port", p + 16, 2, (long) w.u16(p + 16));
        root.leaf("remote port", "bmp.peer_up.remote_port", p + 18, 2, (long) w.u16(p + 18));
        p += 20;
        FieldNode sent = pdu(w, root, "Sent OPEN", p, end, c);
        p += Math.max(19, w.u16(p + 16));
        FieldNode received = pdu(w, root, "Received OPEN", p, end, c);
        p += Math.max(19, w.u16(p + 16));
        for (FieldNode o : new FieldNode[] {sent, received}) {
            if (!MessageType.name(MessageType.OPEN).equals(o.value())) {
                o.problem(Problem.error(o.offset() + 18, o.name() + " is no OPEN (RFC 7854 §4.10)"));
            }
        }
        if (p < end) {
            tlvs(w, root, p, end, "bmp.info", BmpNames::infoTlv, "RFC 7854 §4.4");
        }
        return "local " + (v6 ? w.address(p0, 16) : w.ipv4(p0 + 12)) + " port " + w.u16(p0 + 16) + ", remote port " + w.u16(p0 + 18);
    }

    /** RFC 7854 §4.5: Termination TLVs; a Reason TLV holds a 2-byte code. */
    private static String termination(Wire w, FieldNode root, int p, int end, Carried c) {
        String s = tlvs(w, root, p, end, "bmp.term", BmpNames::terminationTlv, "RFC 7854 §4.5");
        for (FieldNode t : root.children()) {
            if ("bmp.term".equals(t.key()) && t.length() == 6 && w.u16(t.offset()) == 1) {
                int r = w.u16(t.offset() + 4);
                t.children().getLast().text("reason: " + r + " (" + BmpNames.terminationReason(r) + ")");
                s = BmpNames.terminationReason(r);
            }
        }
        return s;
    }

    /** RFC 7854 §4.7: TLVs; type 0 a BGP message, type 1 an information code. */
    private static String routeMirroring(Wire w, FieldNode root, int p, int end, Carried c) {
        int messages = 0;
        while (p < end) {
            w.need(p, 4, end, "Route Mirroring TLV header");
            int type = w.u16(p);
            int len = w.u16(p + 2);
            w.need(p + 4, len, end, BmpNames.mirroringTlv(type) + " TLV");
            FieldNode t = root.add(BmpNames.mirroringTlv(type), "bmp.mirror", p, 4 + len).reference("RFC 7854 §4.7")
                    .value(BmpNames.mirroringTlv(type));
            t.leaf("type", "bmp.mirror.type", p, 2, (long) type).text("type: " + type + " (" + BmpNames.mirroringTlv(type) + ")");
            t.leaf("length", "bmp.mirror.length", p + 2, 2, (long) len);
            if (type == 0) {
                pdu(w, t, "BGP message", p + 4, p + 4 + len, c);
                messages++;
            } else if (type == 1 && len == 2) {
                int code = w.u16(p + 4);
                t.leaf("code", "bmp.mirror.code", p + 4, 2, (long) code).text("code: " + code + " (" + BmpNames.mirroringInfo(code) + ")");
                t.value(BmpNames.mirroringInfo(code));
            } else if (len > 0) {
                t.leaf("value", "bmp.mirror.value", p + 4, len, w.hex(p + 4, len));
            }
            p += 4 + len;
        }
        return messages + " mirrored message" + (messages == 1 ? "" : "s");
    }

    /** Type (2), length (2), value TLVs to the end; string types as UTF-8 text. */
    private static String tlvs(Wire w, FieldNode root, int p, int end, String key, java.util.function.IntFunction<String> names, String ref) {
        StringBuilder sb = new StringBuilder();
        while (p < end) {
            w.need(p, 4, end, "TLV header");
            int type = w.u16(p);
            int len = w.u16(p + 2);
            w.need(p + 4, len, end, names.apply(type) + " TLV");
            FieldNode t = root.add(names.apply(type), key, p, 4 + len).reference(ref);
            t.leaf("type", key + ".type", p, 2, (long) type).text("type: " + type + " (" + names.apply(type) + ")");
            t.leaf("length", key + ".length", p + 2, 2, (long) len);
            boolean reason = key.equals("bmp.term") && type == 1;
            Object v = reason && len == 2 ? (Object) (long) w.u16(p + 4) : w.utf8(p + 4, len);
            t.leaf("value", key + ".value", p + 4, len, v);
            t.value(v).text(names.apply(type) + ": " + v);
            if (!reason) {
                sb.append(sb.isEmpty() ? "" : ", ").append(v);
            }
            p += 4 + len;
        }
        return sb.toString();
    }
}

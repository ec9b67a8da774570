package org.bgpscope.tree;

/**
 * TUNNEL_ENCAPSULATION (RFC 9012 §2): Tunnel TLVs of a 2-byte tunnel type and 2-byte length, each a
 * list of sub-TLVs whose length is one byte for types 0–127 and two bytes for 128–255 (§2). The
 * sub-TLVs RFC 9012 defines are decoded field by field; the rest stay raw with their type named.
 */
final class TunnelEncapsulation {
    private TunnelEncapsulation() {}

    /** IANA "BGP Tunnel Encapsulation Attribute Sub-TLVs". */
    static String subTlvName(int t) {
        return switch (t) {
            case 1 -> "Encapsulation";
            case 2 -> "Protocol Type";
            case 4 -> "Color";
            case 5 -> "Load-Balancing Block";
            case 6 -> "Tunnel Egress Endpoint";
            case 7 -> "DS Field";
            case 8 -> "UDP Destination Port";
            case 9 -> "Embedded Label Handling";
            case 10 -> "MPLS Label Stack";
            case 11 -> "Prefix-SID";
            case 12 -> "Preference";
            case 13 -> "Binding SID";
            case 14 -> "ENLP";
            case 15 -> "Priority";
            case 20 -> "SRv6 Binding SID";
            case 128 -> "Segment List";
            case 129 -> "Policy Candidate Path Name";
            case 130 -> "Policy Name";
            default -> "sub-TLV type " + t;
        };
    }

    static void decode(Ctx c, FieldNode a, String key, int off, int len) {
        Wire w = c.w();
        int end = off + len;
        int p = off;
        int n = 0;
        StringBuilder sb = new StringBuilder();
        String k = key + ".tlv";
        while (p < end) {
            w.need(p, 4, end, "Tunnel TLV header");
            int type = w.u16(p);
            int tl = w.u16(p + 2);
            w.need(p + 4, tl, end, "Tunnel TLV value");
            String name = Communities.tunnelType(type);
            FieldNode t = a.add("tunnel " + name, k, p, 4 + tl).value((long) type).reference("RFC 9012 §2");
            t.leaf("tunnel type", k + ".type", p, 2, (long) type).text("tunnel type: " + type + " (" + name + ")");
            t.leaf("length", k + ".length", p + 2, 2, (long) tl);
            StringBuilder subs = new StringBuilder();
            int q = p + 4;
            while (q < p + 4 + tl) {
                q = subTlv(w, t, k + ".sub_tlv", type, q, p + 4 + tl, subs);
            }
            t.text("tunnel " + name + (subs.isEmpty() ? "" : ": " + subs));
            sb.append(sb.isEmpty() ? "" : "; ").append(name).append(subs.isEmpty() ? "" : " " + subs);
            p += 4 + tl;
            n++;
        }
        a.value((long) n).text("TUNNEL_ENCAPSULATION: " + sb);
    }

    /** One sub-TLV at {@code q} inside a tunnel of type {@code tunnel}; returns where it ends. */
    private static int subTlv(Wire w, FieldNode t, String k, int tunnel, int q, int end, StringBuilder subs) {
        w.need(q, 1, end, "sub-TLV type");
        int st = w.u8(q);
        int ll = st >= 128 ? 2 : 1; // RFC 9012 §2: types 128-255 have a 2-byte length
        w.need(q + 1, ll, end, "sub-TLV length");
        int sl = ll == 2 ? w.u16(q + 1) : w.u8(q + 1);
        int v = q + 1 + ll;
        w.need(v, sl, end, subTlvName(st) + " sub-TLV value");
        FieldNode s = t.add(subTlvName(st) + " sub-TLV", k, q, 1 + ll + sl).value((long) st);
        s.leaf("type", k + ".type", q, 1, (long) st).text("type: " + st + " (" + subTlvName(st) + ")");
        s.leaf("length", k + ".length", q + 1, ll, (long) sl);
        String text = switch (st) {
            case 1 -> encapsulation(w, s, k, tunnel, v, sl);
            case 2 -> {
                fixed(st, sl, 2, q);
                s.leaf("protocol type", k + ".protocol_type", v, 2, (long) w.u16(v)).text(String.format("protocol type: 0x%04x", w.u16(v)))
                        .reference("RFC 9012 §3.4.1");
                yield String.format("protocol 0x%04x", w.u16(v));
            }
            case 4 -> {
                // §3.4.2: a Color Extended Community.
                fixed(st, sl, 8, q);
                FieldNode e = s.leaf("color extended community", k + ".color", v, 8, w.hex(v, 8)).reference("RFC 9012 §3.4.2");
                String d = Communities.describe(w, v, e);
                e.value(d).text("color extended community: " + d);
                yield d;
            }
            case 6 -> endpoint(w, s, k, v, sl, q);
            case 7 -> {
                fixed(st, sl, 1, q);
                int ds = w.u8(v);
                FieldNode f = s.leaf("DS field", k + ".ds_field", v, 1, (long) ds).reference("RFC 9012 §3.3.1");
                f.bit("DSCP", k + ".ds_field.dscp", 0xFC, true).value((long) (ds >>> 2));
                yield "DSCP " + (ds >>> 2);
            }
            case 8 -> {
                fixed(st, sl, 2, q);
                s.leaf("UDP destination port", k + ".udp_port", v, 2, (long) w.u16(v)).reference("RFC 9012 §3.3.2");
                yield "UDP port " + w.u16(v);
            }
            case 9 -> {
                fixed(st, sl, 1, q);
                int h = w.u8(v);
                String what = h == 1 ? "payload has an MPLS label stack" : h == 2 ? "no embedded label" : "value " + h;
                s.leaf("embedded label handling", k + ".embedded_label", v, 1, (long) h).text("embedded label handling: " + h + " (" + what + ")")
                        .reference("RFC 9012 §3.6");
                yield "embedded label: " + what;
            }
            case 10 -> {
                // §3.7: label stack entries of 4 bytes (label 20 bits, TC 3, S 1, TTL 8).
                if (sl % 4 != 0) {
                    throw new Wire.Short(q + 1, "MPLS Label Stack sub-TLV length " + sl + " is not a multiple of 4 (RFC 9012 §3.7)");
                }
                StringBuilder labels = new StringBuilder();
                for (int e = v; e < v + sl; e += 4) {
                    long entry = w.u32(e);
                    FieldNode l = s.add("label stack entry", k + ".label", e, 4).value(entry).reference("RFC 9012 §3.7");
                    l.bit("label", k + ".label.value", 0xFFFFF000L, true).value(entry >>> 12);
                    l.bit("traffic class", k + ".label.tc", 0x00000E00L, true).value((entry >>> 9) & 7);
                    l.bit("bottom of stack", k + ".label.bos", 0x00000100L, (entry & 0x100) != 0);
                    l.bit("TTL", k + ".label.ttl", 0x000000FFL, true).value(entry & 0xFF);
                    l.value(entry >>> 12).text("label stack entry: label " + (entry >>> 12));
                    labels.append(labels.isEmpty() ? "" : ",").append(entry >>> 12);
                }
                yield "labels " + labels;
            }
            case 11 -> {
                // §3.8: the value is one BGP Prefix-SID attribute TLV (RFC 8669 §3).
                w.need(v, 3, v + sl, "Prefix-SID TLV header");
                int pt = w.u8(v);
                int pl = w.u16(v + 1);
                w.need(v + 3, pl, v + sl, "Prefix-SID TLV value");
                yield PrefixSid.tlv(w, s, k + ".prefix_sid", pt, v, pl);
            }
            default -> {
                if (sl > 0) {
                    s.leaf("value", k + ".value", v, sl, w.hex(v, sl));
                }
                yield subTlvName(st) + " " + w.hex(v, sl);
            }
        };
        s.text(subTlvName(st) + " sub-TLV: " + text);
        subs.append(subs.isEmpty() ? "" : ", ").append(text);
        return v + sl;
    }

    private static void fixed(int st, int sl, int want, int q) {
        if (sl != want) {
            throw new Wire.Short(q + 1, subTlvName(st) + " sub-TLV length " + sl + ", expected " + want + " (RFC 9012 §3)");
        }
    }

    /** §3.2: the Encapsulation sub-TLV's layout depends on the tunnel type. */
    private static String encapsulation(Wire w, FieldNode s, String k, int tunnel, int v, int sl) {
        s.reference("RFC 9012 §3.2");
        switch (tunnel) {
            case 8, 9 -> {
                // §3.2.1 VXLAN, §3.2.2 NVGRE: V and M flags, VN-ID (3), MAC (6), reserved (2).
                if (sl != 12) {
                    break;
                }
                int flags = w.u8(v);
                FieldNode f = s.leaf("flags", k + ".flags", v, 1, (long) flags);
                f.bit("VN-ID present (V)", k + ".flags.v", 0x80, (flags & 0x80) != 0);
                f.bit("MAC present (M)", k + ".flags.m", 0x40, (flags & 0x40) != 0);
                long vni = w.u24(v + 1);
                String mac = w.hex(v + 4, 6).replaceAll("(..)(?!$)", "$1:");
                s.leaf("VN-ID", k + ".vn_id", v + 1, 3, vni);
                s.leaf("MAC address", k + ".mac", v + 4, 6, mac);
                s.leaf("reserved", k + ".reserved", v + 10, 2, (long) w.u16(v + 10));
                return ((flags & 0x80) != 0 ? "VN-ID " + vni : "no VN-ID") + ((flags & 0x40) != 0 ? " MAC " + mac : "");
            }
            case 2, 11 -> {
                // §3.2.6 GRE and MPLS-in-GRE: the GRE key.
                if (sl != 4) {
                    break;
                }
                s.leaf("GRE key", k + ".gre_key", v, 4, w.u32(v));
                return "GRE key " + w.u32(v);
            }
            case 1 -> {
                // §3.2.5 L2TPv3: session ID (4), cookie (0 to 8).
                if (sl < 4 || sl > 12) {
                    break;
                }
                s.leaf("session ID", k + ".session_id", v, 4, w.u32(v));
                if (sl > 4) {
                    s.leaf("cookie", k + ".cookie", v + 4, sl - 4, w.hex(v + 4, sl - 4));
                }
                return "session " + w.u32(v);
            }
            case 12 -> {
                // §3.2.4 VXLAN-GPE: version and V flag, reserved, VN-ID (3), reserved (1).
                if (sl != 8) {
                    break;
                }
                int flags = w.u8(v);
                FieldNode f = s.leaf("flags", k + ".flags", v, 1, (long) flags);
                f.bit("version", k + ".flags.version", 0xC0, true).value((long) (flags >>> 6));
                f.bit("VN-ID present (V)", k + ".flags.v", 0x20, (flags & 0x20) != 0);
                s.leaf("reserved", k + ".reserved", v + 1, 3, w.hex(v + 1, 3));
                s.leaf("VN-ID", k + ".vn_id", v + 4, 3, (long) w.u24(v + 4));
                return "VN-ID " + w.u24(v + 4);
            }
            default -> { }
        }
        if (sl > 0) {
            s.leaf("value", k + ".value", v, sl, w.hex(v, sl));
        }
        return "encapsulation " + w.hex(v, sl);
    }

    /** §3.1: reserved (4), AFI (2), then an address of 0, 4 or 16 bytes as the AFI says. */
    private static String endpoint(Wire w, FieldNode s, String k, int v, int sl, int q) {
        s.reference("RFC 9012 §3.1");
        if (sl < 6) {
            throw new Wire.Short(q + 1, "Tunnel Egress Endpoint sub-TLV length " + sl + " is less than 6 (RFC 9012 §3.1)");
        }
        int afi = w.u16(v + 4);
        int want = afi == 1 ? 4 : afi == 2 ? 16 : afi == 0 ? 0 : -1;
        s.leaf("reserved", k + ".reserved", v, 4, w.hex(v, 4));
        s.leaf("AFI", k + ".afi", v + 4, 2, (long) afi);
        if (want < 0 || sl - 6 != want) {
            throw new Wire.Short(v + 4, "Tunnel Egress Endpoint of AFI " + afi + " with " + (sl - 6) + " address bytes (RFC 9012 §3.1)");
        }
        if (want == 0) {
            return "endpoint none";
        }
        String addr = w.address(v + 6, want);
        s.leaf("tunnel egress endpoint", k + ".endpoint", v + 6, want, addr);
        return "endpoint " + addr;
    }
}

package org.bgpscope.tree;

/**
 * PMSI_TUNNEL (RFC 6514 §5): flags, tunnel type, MPLS label and the tunnel identifier, decoded as its
 * tunnel type defines it; EVPN uses the same attribute for inclusive multicast routes (RFC 7432 §11.2).
 */
final class PmsiTunnel {
    private PmsiTunnel() {}

    /** IANA "P-Multicast Service Interface Tunnel (PMSI Tunnel) Tunnel Types". */
    static String typeName(int t) {
        return switch (t) {
            case 0 -> "no tunnel information";
            case 1 -> "RSVP-TE P2MP LSP";
            case 2 -> "mLDP P2MP LSP";
            case 3 -> "PIM-SSM tree";
            case 4 -> "PIM-SM tree";
            case 5 -> "BIDIR-PIM tree";
            case 6 -> "ingress replication";
            case 7 -> "mLDP MP2MP LSP";
            case 8 -> "transport tunnel";
            case 11 -> "BIER";
            default -> "tunnel type " + t;
        };
    }

    static void decode(Ctx c, FieldNode a, String key, int off, int len) {
        Wire w = c.w();
        w.need(off, 5, off + len, "PMSI tunnel header");
        int flags = w.u8(off);
        int type = w.u8(off + 1);
        FieldNode f = a.add("flags", key + ".flags", off, 1).value((long) flags);
        f.bit("leaf information required (L)", key + ".flags.leaf_info_required", 0x01, (flags & 1) != 0);
        a.leaf("tunnel type", key + ".tunnel_type", off + 1, 1, (long) type).text("tunnel type: " + type + " (" + typeName(type) + ")");
        String label;
        if (c.vxlan()) {
            // RFC 8365 §5.1.3: under a VXLAN-like encapsulation the 3 bytes are the VNI.
            label = "VNI " + w.u24(off + 2);
            a.leaf("VNI", key + ".vni", off + 2, 3, (long) w.u24(off + 2)).reference("RFC 8365 §5.1.3");
        } else {
            label = "label " + (w.u24(off + 2) >>> 4);
            a.leaf("MPLS label", key + ".label", off + 2, 3, (long) (w.u24(off + 2) >>> 4)).reference("RFC 6514 §5");
        }
        int p = off + 5;
        int n = len - 5;
        String id = n == 0 ? "" : identifier(w, a, key + ".tunnel_id", type, p, n);
        a.value("type " + type + (id.isEmpty() ? "" : " " + id))
                .text("PMSI_TUNNEL: " + typeName(type) + (id.isEmpty() ? "" : " " + id) + ", " + label + ((flags & 1) != 0 ? ", leaf info required" : ""));
    }

    /** The tunnel identifier by tunnel type (RFC 6514 §5); types with no layout we know stay raw. */
    private static String identifier(Wire w, FieldNode a, String k, int type, int p, int n) {
        FieldNode id = a.add("tunnel identifier", k, p, n);
        String text;
        switch (type) {
            case 6 -> {
                // The unicast tunnel endpoint's IP address.
                if (n != 4 && n != 16) {
                    return raw(w, id, p, n, "ingress replication endpoint of " + n + " bytes is neither IPv4 nor IPv6");
                }
                text = w.address(p, n);
                id.leaf("tunnel endpoint", k + ".endpoint", p, n, text);
            }
            case 3, 4, 5 -> {
                // <Sender (or root node) address, P-multicast group>.
                if (n != 8 && n != 32) {
                    return raw(w, id, p, n, "PIM tunnel identifier of " + n + " bytes is not two IPv4 or two IPv6 addresses");
                }
                String s = w.address(p, n / 2);
                String g = w.address(p + n / 2, n / 2);
                id.leaf(type == 3 ? "root node address" : "sender address", k + ".sender", p, n / 2, s);
                id.leaf("P-multicast group", k + ".group", p + n / 2, n / 2, g);
                text = "(" + s + ", " + g + ")";
            }
            case 2, 7 -> text = mldpFec(w, id, k, p, n);
            case 1 -> {
                // The RSVP-TE P2MP LSP's SESSION object body (RFC 4875 §19.1.1): P2MP ID, 0, tunnel ID, extended tunnel ID.
                if (n != 12) {
                    return raw(w, id, p, n, null);
                }
                id.leaf("P2MP ID", k + ".p2mp_id", p, 4, w.ipv4(p));
                id.leaf("reserved", k + ".reserved", p + 4, 2, (long) w.u16(p + 4));
                id.leaf("tunnel ID", k + ".tunnel", p + 6, 2, (long) w.u16(p + 6));
                id.leaf("extended tunnel ID", k + ".extended_tunnel", p + 8, 4, w.ipv4(p + 8));
                text = "P2MP ID " + w.ipv4(p) + " tunnel " + w.u16(p + 6) + " ext " + w.ipv4(p + 8);
            }
            default -> {
                return raw(w, id, p, n, null);
            }
        }
        id.value(text).text("tunnel identifier: " + text);
        return text;
    }

    /** mLDP P2MP or MP2MP FEC element (RFC 6388 §2.2, §3.2): type, address family, root, opaque value. */
    private static String mldpFec(Wire w, FieldNode id, String k, int p, int n) {
        int end = p + n;
        if (n < 4) {
            return raw(w, id, p, n, "mLDP FEC element of " + n + " bytes is shorter than its 4-byte header");
        }
        int t = w.u8(p);
        int af = w.u16(p + 1);
        int al = w.u8(p + 3);
        id.leaf("FEC element type", k + ".fec_type", p, 1, (long) t)
                .text("FEC element type: " + t + (t == 6 ? " (P2MP)" : t == 7 ? " (MP2MP upstream)" : t == 8 ? " (MP2MP downstream)" : ""));
        id.leaf("address family", k + ".address_family", p + 1, 2, (long) af);
        id.leaf("address length", k + ".address_length", p + 3, 1, (long) al);
        if (4 + al + 2 > n) {
            id.problem(Problem.info(p + 3, "mLDP FEC element: address length " + al + " runs past the tunnel identifier"));
            return w.hex(p, n);
        }
        String root = w.address(p + 4, al);
        id.leaf("root node address", k + ".root", p + 4, al, root);
        int o = p + 4 + al;
        int ol = w.u16(o);
        id.leaf("opaque length", k + ".opaque_length", o, 2, (long) ol);
        if (ol > end - o - 2) {
            id.problem(Problem.info(o, "mLDP FEC element: opaque length " + ol + " runs past the tunnel identifier"));
            return "root " + root;
        }
        if (ol > 0) {
            id.leaf("opaque value", k + ".opaque", o + 2, ol, w.hex(o + 2, ol));
        }
        return "root " + root + (ol > 0 ? " opaque " + w.hex(o + 2, ol) : "");
    }

    private static String raw(Wire w, FieldNode id, int p, int n, String why) {
        String hex = w.hex(p, n);
        id.value(hex).text("tunnel identifier: " + hex);
        if (why != null) {
            id.problem(Problem.info(p, why + "; shown raw"));
        }
        return hex;
    }
}

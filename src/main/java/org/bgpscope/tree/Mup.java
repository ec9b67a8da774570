package org.bgpscope.tree;

import org.bgpscope.bgp.Family;

/**
 * BGP-MUP NLRI (SAFI 85, draft-mpmz-bess-mup-safi §3.1): architecture type, route type (2 bytes),
 * length, then the route: interwork segment discovery (1), direct segment discovery (2), type 1 (3)
 * and type 2 (4) session transformed, each with its route distinguisher first. The 3GPP 5G
 * architecture (type 1) is decoded; other architectures' routes stay raw.
 */
final class Mup {
    private Mup() {}

    static String routeName(int t) {
        return switch (t) {
            case 1 -> "Interwork Segment Discovery";
            case 2 -> "Direct Segment Discovery";
            case 3 -> "Type 1 Session Transformed";
            case 4 -> "Type 2 Session Transformed";
            default -> "route type " + t;
        };
    }

    static int nlri(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 4, end, "BGP-MUP architecture, route type and length");
        int arch = w.u8(p);
        int type = w.u16(p + 1);
        int len = w.u8(p + 3);
        w.need(p + 4, len, end, "BGP-MUP route");
        FieldNode node = parent.add("MUP " + routeName(type), key, p, 4 + len).reference("draft-mpmz-bess-mup-safi §3.1");
        node.leaf("architecture type", key + ".architecture", p, 1, (long) arch).text("architecture type: " + arch + (arch == 1 ? " (3gpp-5g)" : ""));
        node.leaf("route type", key + ".route_type", p + 1, 2, (long) type).text("route type: " + type + " (" + routeName(type) + ")");
        node.leaf("length", key + ".length", p + 3, 1, (long) len);
        int q = p + 4;
        int stop = q + len;
        int ab = Nlri.addressBytes(f.afi());
        StringBuilder t = new StringBuilder(routeName(type));
        try {
            if (arch != 1 || type < 1 || type > 4) {
                if (len > 0) {
                    node.leaf("route", key + ".route", q, len, w.hex(q, len));
                }
            } else {
                w.need(q, 8, stop, "route distinguisher");
                t.append(" RD ").append(RouteDistinguisher.decode(w, node, key + ".rd", q));
                q += 8;
                switch (type) {
                    case 1 -> q = prefix(w, node, key, q, stop, ab, t);
                    case 2 -> {
                        // §3.1.2: the address, as long as the family's.
                        w.need(q, ab, stop, "address");
                        node.leaf("address", key + ".address", q, ab, w.address(q, ab));
                        t.append(' ').append(w.address(q, ab));
                        q += ab;
                    }
                    case 3 -> {
                        // §3.1.3 (3gpp-5g): prefix, TEID (4), QFI (1), endpoint address length and address, source length and address.
                        q = prefix(w, node, key, q, stop, ab, t);
                        w.need(q, 5, stop, "TEID and QFI");
                        node.leaf("TEID", key + ".teid", q, 4, w.u32(q));
                        node.leaf("QFI", key + ".qfi", q + 4, 1, (long) w.u8(q + 4));
                        t.append(" TEID ").append(w.u32(q));
                        q += 5;
                        q = address(w, node, key + ".endpoint", "endpoint", q, stop, t);
                        if (q < stop) {
                            q = address(w, node, key + ".source", "source", q, stop, t);
                        }
                    }
                    case 4 -> {
                        // §3.1.4 (3gpp-5g): endpoint length in bits covers the address and then the TEID's bits.
                        w.need(q, 1, stop, "endpoint length");
                        int bits = w.u8(q);
                        node.leaf("endpoint length", key + ".endpoint_length", q, 1, (long) bits);
                        q++;
                        w.need(q, ab, stop, "endpoint address");
                        node.leaf("endpoint address", key + ".endpoint", q, ab, w.address(q, ab));
                        t.append(" endpoint ").append(w.address(q, ab));
                        q += ab;
                        int teidBits = bits - ab * 8;
                        if (teidBits < 0 || teidBits > 32) {
                            throw new Wire.Short(q - ab - 1, "endpoint length " + bits + " leaves " + teidBits + " TEID bits");
                        }
                        int n = (teidBits + 7) / 8;
                        w.need(q, n, stop, "TEID");
                        if (n > 0) {
                            long teid = 0;
                            for (int i = 0; i < n; i++) {
                                teid = teid << 8 | w.u8(q + i);
                            }
                            node.leaf("TEID", key + ".teid", q, n, teid);
                            t.append(" TEID ").append(teid);
                        }
                        q += n;
                    }
                    default -> { }
                }
                if (q != stop) {
                    node.problem(Problem.error(q, (stop - q) + " bytes left over in the MUP route").withAction(Attributes.TREAT_AS_WITHDRAW));
                }
            }
        } catch (Wire.Short e) {
            node.problem(Problem.error(e.offset, e.what).withAction(Attributes.TREAT_AS_WITHDRAW));
        }
        node.value(t.toString()).text("MUP " + t);
        return p + 4 + len;
    }

    private static int prefix(Wire w, FieldNode node, String key, int q, int stop, int ab, StringBuilder t) {
        w.need(q, 1, stop, "prefix length");
        int bits = w.u8(q);
        if (bits > ab * 8) {
            throw new Wire.Short(q, "prefix length " + bits + " exceeds " + ab * 8 + " bits");
        }
        int n = (bits + 7) / 8;
        w.need(q + 1, n, stop, "prefix");
        String pfx = w.prefix(q + 1, bits, ab);
        node.leaf("prefix length", key + ".prefix_length", q, 1, (long) bits);
        node.leaf("prefix", key + ".prefix", q + 1, n, pfx);
        t.append(' ').append(pfx);
        return q + 1 + n;
    }

    private static int address(Wire w, FieldNode node, String key, String name, int q, int stop, StringBuilder t) {
        w.need(q, 1, stop, name + " address length");
        int bits = w.u8(q);
        if (bits != 32 && bits != 128) {
            throw new Wire.Short(q, name + " address length " + bits + " is neither 32 nor 128");
        }
        node.leaf(name + " address length", key + "_length", q, 1, (long) bits);
        w.need(q + 1, bits / 8, stop, name + " address");
        node.leaf(name + " address", key, q + 1, bits / 8, w.address(q + 1, bits / 8));
        t.append(' ').append(name).append(' ').append(w.address(q + 1, bits / 8));
        return q + 1 + bits / 8;
    }
}

package org.bgpscope.tree;

import org.bgpscope.bgp.Family;

/** EVPN NLRI (RFC 7432 §7, RFC 9136 §3 for type 5): route type, length, then the route. */
final class Evpn {
    private Evpn() {}

    static String typeName(int t) {
        return switch (t) {
            case 1 -> "Ethernet Auto-discovery";
            case 2 -> "MAC/IP Advertisement";
            case 3 -> "Inclusive Multicast Ethernet Tag";
            case 4 -> "Ethernet Segment";
            case 5 -> "IP Prefix";
            case 6 -> "Selective Multicast Ethernet Tag";
            case 7 -> "Multicast Join Synch";
            case 8 -> "Multicast Leave Synch";
            default -> "route type " + t;
        };
    }

    static int nlri(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 2, end, "EVPN route type and length");
        int type = w.u8(p);
        int len = w.u8(p + 1);
        w.need(p + 2, len, end, "EVPN route");
        FieldNode node = parent.add("EVPN " + typeName(type), key, p, 2 + len).reference(type == 5 ? "RFC 9136 §3" : "RFC 7432 §7");
        node.leaf("route type", key + ".route_type", p, 1, (long) type);
        node.leaf("length", key + ".length", p + 1, 1, (long) len);
        int q = p + 2;
        int stop = q + len;
        StringBuilder t = new StringBuilder(typeName(type));
        try {
            if (type >= 1 && type <= 5) {
                w.need(q, 8, stop, "route distinguisher");
                t.append(" RD ").append(RouteDistinguisher.decode(w, node, key + ".rd", q));
                q += 8;
            }
            switch (type) {
                case 1 -> {
                    q = esi(w, node, key, q, stop);
                    q = u32(w, node, "Ethernet tag", key + ".ethernet_tag", q, stop);
                    q = label(c, node, key, q, stop);
                }
                case 2 -> {
                    q = esi(w, node, key, q, stop);
                    q = u32(w, node, "Ethernet tag", key + ".ethernet_tag", q, stop);
                    w.need(q, 1, stop, "MAC length");
                    node.leaf("MAC address length", key + ".mac_length", q, 1, (long) w.u8(q));
                    q++;
                    w.need(q, 6, stop, "MAC address");
                    String mac = w.mac(q);
                    node.leaf("MAC address", key + ".mac", q, 6, mac);
                    t.append(" MAC ").append(mac);
                    q += 6;
                    q = ip(w, node, key + ".ip", q, stop, t);
                    q = label(c, node, key, q, stop);
                    if (q + 3 <= stop) {
                        q = label(c, node, key, q, stop);
                    }
                }
                case 3 -> {
                    q = u32(w, node, "Ethernet tag", key + ".ethernet_tag", q, stop);
                    q = ip(w, node, key + ".originator", q, stop, t);
                }
                case 4 -> {
                    q = esi(w, node, key, q, stop);
                    q = ip(w, node, key + ".originator", q, stop, t);
                }
                case 5 -> {
                    q = esi(w, node, key, q, stop);
                    q = u32(w, node, "Ethernet tag", key + ".ethernet_tag", q, stop);
                    w.need(q, 1, stop, "IP prefix length");
                    int bits = w.u8(q);
                    node.leaf("IP prefix length", key + ".prefix_length", q, 1, (long) bits);
                    q++;
                    int ab = (stop - q - 3) / 2;
                    if (ab != 4 && ab != 16) {
                        node.problem(Problem.error(q, "EVPN route type 5 of length " + len + " is neither IPv4 (34) nor IPv6 (58)")
                                .withAction("treat-as-withdraw"));
                        return p + 2 + len;
                    }
                    String pfx = w.prefix(q, Math.min(bits, ab * 8), ab);
                    node.leaf("IP prefix", key + ".prefix", q, ab, pfx);
                    t.append(' ').append(pfx);
                    q += ab;
                    node.leaf("gateway IP", key + ".gateway", q, ab, w.address(q, ab));
                    q += ab;
                    q = label(c, node, key, q, stop);
                }
                default -> { }
            }
        } catch (Wire.Short e) {
            node.problem(Problem.error(e.offset, e.what).withAction("treat-as-withdraw"));
        }
        node.value(t.toString()).text("EVPN " + t);
        return p + 2 + len;
    }

    private static int esi(Wire w, FieldNode node, String key, int q, int stop) {
        w.need(q, 10, stop, "Ethernet segment identifier");
        node.leaf("ESI", key + ".esi", q, 10, w.hex(q, 10));
        return q + 10;
    }

    private static int u32(Wire w, FieldNode node, String name, String key, int q, int stop) {
        w.need(q, 4, stop, name);
        node.leaf(name, key, q, 4, w.u32(q));
        return q + 4;
    }

    /**
     * An MPLS label (the top 20 bits of 3 bytes), or, when the route carries the encapsulation extended
     * community for VXLAN, NVGRE or VXLAN-GPE, a 24-bit VNI (RFC 8365 §5.1.3).
     */
    private static int label(Ctx c, FieldNode node, String key, int q, int stop) {
        Wire w = c.w();
        w.need(q, 3, stop, "MPLS label");
        if (c.vxlan()) {
            node.leaf("VNI", key + ".vni", q, 3, (long) w.u24(q)).text("VNI: " + w.u24(q)).reference("RFC 8365 §5.1.3");
        } else {
            node.leaf("MPLS label", key + ".label", q, 3, (long) (w.u24(q) >>> 4));
        }
        return q + 3;
    }

    private static int ip(Wire w, FieldNode node, String key, int q, int stop, StringBuilder t) {
        w.need(q, 1, stop, "IP address length");
        int bits = w.u8(q);
        node.leaf("IP address length", key + "_length", q, 1, (long) bits);
        q++;
        int n = bits / 8;
        if (n > 0) {
            w.need(q, n, stop, "IP address");
            String a = w.address(q, n);
            node.leaf("IP address", key, q, n, a);
            t.append(" IP ").append(a);
        }
        return q + n;
    }
}

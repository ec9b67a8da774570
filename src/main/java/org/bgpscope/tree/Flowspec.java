package org.bgpscope.tree;

import org.bgpscope.bgp.Family;

/** Flow specification NLRI (RFC 8955 §4 for IPv4, RFC 8956 §3 for IPv6; VPN form with an RD first). */
final class Flowspec {
    private Flowspec() {}

    static String componentName(int type, boolean v6) {
        return switch (type) {
            case 1 -> "destination prefix";
            case 2 -> "source prefix";
            case 3 -> v6 ? "next header" : "IP protocol";
            case 4 -> "port";
            case 5 -> "destination port";
            case 6 -> "source port";
            case 7 -> "ICMP type";
            case 8 -> "ICMP code";
            case 9 -> "TCP flags";
            case 10 -> "packet length";
            case 11 -> "DSCP";
            case 12 -> "fragment";
            case 13 -> "flow label";
            default -> "component " + type;
        };
    }

    static int nlri(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 1, end, "flowspec NLRI length");
        int len = w.u8(p);
        int hdr = 1;
        if (len >= 0xF0) {
            // RFC 8955 §4.1: lengths of 240 and more take two bytes, 0xfnnn.
            w.need(p, 2, end, "flowspec NLRI length");
            len = w.u16(p) & 0x0FFF;
            hdr = 2;
        }
        w.need(p + hdr, len, end, "flowspec NLRI");
        FieldNode node = parent.add("flow", key, p, hdr + len).reference(f.afi() == 2 ? "RFC 8956 §3" : "RFC 8955 §4");
        node.leaf("NLRI length", key + ".length", p, hdr, (long) len);
        int q = p + hdr;
        int stop = q + len;
        StringBuilder text = new StringBuilder();
        if (f.safi() == 134) {
            w.need(q, 8, stop, "route distinguisher");
            text.append(RouteDistinguisher.decode(w, node, key + ".rd", q)).append(' ');
            q += 8;
        }
        boolean v6 = f.afi() == Family.AFI_IPV6;
        while (q < stop) {
            int type = w.u8(q);
            int start = q;
            FieldNode comp = new FieldNode(componentName(type, v6), key + ".component", q, 1);
            comp.leaf("component type", key + ".component.type", q, 1, (long) type);
            q++;
            String value;
            if (type == 1 || type == 2) {
                w.need(q, 1, stop, "flowspec prefix length");
                int bits = w.u8(q);
                int off = 0;
                comp.leaf("prefix length", key + ".component.prefix_length", q, 1, (long) bits);
                q++;
                if (v6) {
                    w.need(q, 1, stop, "flowspec prefix offset");
                    off = w.u8(q);
                    comp.leaf("prefix offset", key + ".component.prefix_offset", q, 1, (long) off);
                    q++;
                }
                int n = v6 ? (bits - off + 7) / 8 : (bits + 7) / 8;
                if (n < 0 || bits > (v6 ? 128 : 32)) {
                    comp.problem(Problem.error(start, "flowspec prefix of " + bits + " bits is malformed").withAction("treat-as-withdraw"));
                    node.add(comp.length(q - start));
                    break;
                }
                w.need(q, n, stop, "flowspec prefix");
                value = v6 && off > 0 ? w.prefix(q, bits - off, 16) + " offset " + off : w.prefix(q, bits, v6 ? 16 : 4);
                comp.leaf("prefix", key + ".component.prefix", q, n, value);
                q += n;
            } else if (type >= 3 && type <= 13) {
                boolean bitmask = type == 9 || type == 12;
                StringBuilder ops = new StringBuilder();
                boolean first = true;
                while (true) {
                    w.need(q, 1, stop, "flowspec operator");
                    int op = w.u8(q);
                    int vlen = 1 << ((op >>> 4) & 3);
                    w.need(q + 1, vlen, stop, "flowspec operand");
                    long v = 0;
                    for (int i = 0; i < vlen; i++) {
                        v = (v << 8) | w.u8(q + 1 + i);
                    }
                    String opText = (ops.isEmpty() ? "" : (op & 0x40) != 0 ? " &" : " |") + " " + operator(op, bitmask) + v;
                    ops.append(opText);
                    FieldNode o = comp.add("operator", key + ".component.op", q, 1 + vlen).value(opText.trim()).text(opText.trim())
                            .reference(bitmask ? "RFC 8955 §4.2.1.2" : "RFC 8955 §4.2.1.1");
                    operatorByte(o, key + ".component.op", q, op, bitmask);
                    o.leaf("value", key + ".component.op.value", q + 1, vlen, v)
                            .text("value: " + v + (bitmask ? " (0x" + Long.toHexString(v) + ")" : ""));
                    if (first && (op & 0x40) != 0) {
                        // §4.2.1.1: the first operator's and bit SHOULD be unset and MUST be read as unset.
                        o.problem(Problem.info(q, "and bit set on the first operator: read as unset (RFC 8955 §4.2.1.1)"));
                    }
                    if ((op & 0x08) != 0) {
                        o.problem(Problem.warning(q, "reserved operator bit 0x08 is set; it must be 0 (RFC 8955 §4.2.1)"));
                    }
                    first = false;
                    q += 1 + vlen;
                    if ((op & 0x80) != 0) {
                        break;
                    }
                }
                value = ops.toString().trim();
            } else {
                comp.problem(Problem.error(start, "unknown flowspec component type " + type
                        + ": the rest of the NLRI cannot be delimited").withAction("treat-as-withdraw"));
                node.add(comp.length(1));
                break;
            }
            comp.length(q - start).value(value).text(comp.name() + " " + value);
            node.add(comp);
            text.append(text.isEmpty() || text.charAt(text.length() - 1) == ' ' ? "" : ", ").append(comp.name()).append(' ').append(value);
        }
        node.value(text.toString()).text("flow: " + text);
        return p + hdr + len;
    }

    /**
     * The operator byte bit by bit. RFC 8955 §4.2.1.1 numeric operator: e, a, len (2 bits), 0, lt, gt,
     * eq; §4.2.1.2 bitmask operator: e, a, len, 0, 0, not, m. The value that follows is 1 << len bytes.
     */
    static void operatorByte(FieldNode o, String key, int q, int op, boolean bitmask) {
        int vlen = 1 << ((op >>> 4) & 3);
        FieldNode ob = o.add("operator byte", key + ".flags", q, 1).value((long) op)
                .text("operator byte: 0x" + String.format("%02x", op) + " (" + (bitmask ? "bitmask" : "numeric") + ")");
        ob.bit("end of list", key + ".e", 0x80, (op & 0x80) != 0);
        ob.bit("and", key + ".a", 0x40, (op & 0x40) != 0);
        ob.bit("value length", key + ".len", 0x30, true).value((long) vlen);
        ob.bit("reserved", key + ".reserved", 0x08, (op & 0x08) != 0);
        if (bitmask) {
            ob.bit("reserved", key + ".reserved", 0x04, (op & 0x04) != 0);
            ob.bit("not", key + ".not", 0x02, (op & 0x02) != 0);
            ob.bit("match", key + ".match", 0x01, (op & 0x01) != 0);
        } else {
            ob.bit("less than", key + ".lt", 0x04, (op & 0x04) != 0);
            ob.bit("greater than", key + ".gt", 0x02, (op & 0x02) != 0);
            ob.bit("equal", key + ".eq", 0x01, (op & 0x01) != 0);
        }
    }

    /** RFC 8955 §4.2.1.1 numeric and §4.2.1.2 bitmask operators. */
    private static String operator(int op, boolean bitmask) {
        if (bitmask) {
            return ((op & 0x02) != 0 ? "!" : "") + ((op & 0x01) != 0 ? "=" : "") + (((op & 3) == 0) ? "any " : "");
        }
        return switch (op & 0x07) {
            case 0 -> "false ";
            case 1 -> "=";
            case 2 -> ">";
            case 3 -> ">=";
            case 4 -> "<";
            case 5 -> "<=";
            case 6 -> "!=";
            default -> "true ";
        };
    }
}

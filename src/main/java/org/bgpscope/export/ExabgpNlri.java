package org.bgpscope.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bgpscope.tree.FieldNode;

/**
 * One NLRI as ExaBGP 4.2 writes it, read from the prefix node of the tree and its bytes: unicast
 * {@code {"nlri", "path-information"}}; labeled and VPN routes add {@code "label": [[n], …]} and
 * {@code "rd"} (RFC 8277, RFC 4364 §4.2); flowspec rules one array per component plus ExaBGP's
 * {@code "string"} (RFC 8955 §4).
 */
final class ExabgpNlri {
    private ExabgpNlri() {}

    /** ExaBGP's AFI names. */
    static String afi(int afi) {
        return switch (afi) {
            case 0 -> "undefined";
            case 1 -> "ipv4";
            case 2 -> "ipv6";
            case 25 -> "l2vpn";
            case 16388 -> "bgp-ls";
            default -> "unknown-afi-0x0x" + Integer.toHexString(afi);
        };
    }

    /** ExaBGP's SAFI names. */
    static String safi(int safi) {
        return switch (safi) {
            case 1 -> "unicast";
            case 2 -> "multicast";
            case 4 -> "nlri-mpls";
            case 65 -> "vpls";
            case 70 -> "evpn";
            case 71 -> "bgp-ls";
            case 72 -> "bgp-ls-vpn";
            case 128 -> "mpls-vpn";
            case 132 -> "rtc";
            case 133 -> "flow";
            case 134 -> "flow-vpn";
            default -> "unknown safi " + safi;
        };
    }

    static String family(long afi, long safi) {
        return afi((int) afi) + " " + safi((int) safi);
    }

    /** A route distinguisher as ExaBGP prints it (RFC 4364 §4.2: types 0, 1 and 2). */
    static String rd(byte[] b, int i) {
        int t = u16(b, i);
        int c1 = u16(b, i + 2);
        int c2 = u16(b, i + 4);
        int c3 = u16(b, i + 6);
        return switch (t) {
            case 0 -> c1 + ":" + ((long) c2 << 16 | c3);
            case 1 -> (c1 >> 8) + "." + (c1 & 255) + "." + (c2 >> 8) + "." + (c2 & 255) + ":" + c3;
            case 2 -> ((long) c1 << 16 | c2) + ":" + c3;
            default -> "0x" + java.util.HexFormat.of().withUpperCase().formatHex(b, i, i + 8);
        };
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    /** {@code nextHop} is the MP_REACH next hop a flowspec rule names, or null. */
    static void write(JsonGenerator g, FieldNode p, MemorySegment bytes, long safi, String nextHop) throws IOException {
        if (safi == 133 || safi == 134) {
            flow(g, p, bytes, nextHop);
            return;
        }
        g.writeStartObject();
        FieldNode prefix = child(p, ".prefix");
        String nlri = prefix != null && prefix.value() != null ? prefix.value().toString() : String.valueOf(p.value());
        g.writeStringField("nlri", nlri);
        for (FieldNode c : p.children()) {
            if (c.key().endsWith(".path_id") && c.value() instanceof Long id) {
                // ExaBGP writes the path identifier as a dotted quad.
                g.writeStringField("path-information", (id >>> 24) + "." + (id >>> 16 & 255) + "." + (id >>> 8 & 255) + "." + (id & 255));
            }
        }
        List<Long> labels = new ArrayList<>();
        for (FieldNode c : p.children()) {
            if (c.key().endsWith(".label") && c.value() instanceof Long l) {
                labels.add(l);
            }
        }
        if (!labels.isEmpty()) {
            g.writeArrayFieldStart("label");
            for (long l : labels) {
                g.writeStartArray();
                g.writeNumber(l);
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        FieldNode rd = child(p, ".rd");
        if (rd != null && rd.length() == 8) {
            byte[] b = ExabgpJson.slice(bytes, rd.offset(), 8);
            if (b.length == 8) {
                g.writeStringField("rd", rd(b, 0));
            }
        }
        g.writeEndObject();
    }

    private static FieldNode child(FieldNode p, String suffix) {
        for (FieldNode c : p.children()) {
            if (c.key().equals(p.key() + suffix)) {
                return c;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- flowspec (RFC 8955, RFC 8956)

    private static final Map<Integer, String> PROTOCOLS = Map.ofEntries(Map.entry(1, "icmp"), Map.entry(2, "igmp"),
            Map.entry(6, "tcp"), Map.entry(8, "egp"), Map.entry(17, "udp"), Map.entry(46, "rsvp"), Map.entry(47, "gre"),
            Map.entry(50, "esp"), Map.entry(51, "ah"), Map.entry(89, "ospf"), Map.entry(94, "ipip"), Map.entry(103, "pim"),
            Map.entry(132, "sctp"));

    /** RFC 8955 §4.2.1.1: lt, gt, eq bits of a numeric operator, as ExaBGP spells each combination. */
    private static String numericOp(int op) {
        String and = (op & 0x40) != 0 ? "&" : "";
        String cmp = switch (op & 0x07) {
            case 0 -> "true";
            case 1 -> "=";
            case 2 -> ">";
            case 3 -> ">=";
            case 4 -> "<";
            case 5 -> "<=";
            case 6 -> "!=";
            default -> "false";
        };
        return and + cmp;
    }

    /** RFC 8955 §4.2.1.2: not and match bits of a bitmask operator. */
    private static String binaryOp(int op) {
        String and = (op & 0x40) != 0 ? "&" : "";
        String m = switch (op & 0x03) {
            case 0 -> "";
            case 1 -> "=";
            case 2 -> "!";
            default -> "!=";
        };
        return and + m;
    }

    private static final String[] TCP_FLAGS = {"fin", "syn", "rst", "push", "ack", "urgent", "ece", "cwr", "ns"};
    private static final String[] FRAGMENTS = {"dont-fragment", "is-fragment", "first-fragment", "last-fragment"};

    private record Component(int type, String name, List<String> json, String text) {}

    /**
     * A flowspec rule: each component's values as strings ("=tcp", ">=1024", "192.0.2.0/24"), keyed by
     * ExaBGP's component name, then {@code "string"}, ExaBGP's one-line form of the whole rule.
     */
    private static void flow(JsonGenerator g, FieldNode p, MemorySegment bytes, String nextHop) throws IOException {
        byte[] b = ExabgpJson.slice(bytes, p.offset(), p.length());
        boolean v6 = isV6(p);
        int len = b.length > 0 ? b[0] & 0xFF : 0;
        int i = 1;
        if (len >= 0xF0 && b.length > 1) {
            len = (len & 0x0F) << 8 | (b[1] & 0xFF);
            i = 2;
        }
        int end = Math.min(b.length, i + len);
        String rd = null;
        if (isVpn(p) && i + 8 <= end) {
            rd = rd(b, i);
            i += 8;
        }
        TreeMap<Integer, Component> rules = new TreeMap<>();
        while (i < end) {
            int type = b[i++] & 0xFF;
            if (type == 1 || type == 2) {
                String name = (type == 1 ? "destination-" : "source-") + (v6 ? "ipv6" : "ipv4");
                String value;
                if (v6) {
                    if (i + 2 > end) {
                        break;
                    }
                    int bits = b[i] & 0xFF;
                    int offset = b[i + 1] & 0xFF;
                    int n = (bits + 7) / 8;
                    value = prefix(b, i + 2, n, bits, 16) + "/" + offset;
                    i += 2 + n;
                } else {
                    int bits = b[i] & 0xFF;
                    int n = (bits + 7) / 8;
                    value = prefix(b, i + 1, n, bits, 4);
                    i += 1 + n;
                }
                rules.put(type, new Component(type, name, List.of(value), value));
                continue;
            }
            boolean binary = type == 9 || type == 12;
            String name = switch (type) {
                case 3 -> v6 ? "next-header" : "protocol";
                case 4 -> "port";
                case 5 -> "destination-port";
                case 6 -> "source-port";
                case 7 -> "icmp-type";
                case 8 -> "icmp-code";
                case 9 -> "tcp-flags";
                case 10 -> "packet-length";
                case 11 -> "dscp";
                case 12 -> "fragment";
                case 13 -> "flow-label";
                default -> null;
            };
            if (name == null) {
                break;
            }
            List<String> json = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int count = 0;
            while (i < end) {
                int op = b[i++] & 0xFF;
                int n = 1 << ((op >> 4) & 3);
                long v = 0;
                for (int k = 0; k < n && i < end; k++) {
                    v = v << 8 | (b[i++] & 0xFF);
                }
                boolean and = (op & 0x40) != 0;
                if (count > 0 && !and) {
                    text.append(' ');
                }
                if (binary) {
                    String ops = binaryOp(op);
                    String[] names = type == 9 ? TCP_FLAGS : FRAGMENTS;
                    List<String> named = new ArrayList<>();
                    for (int bit = 0; bit < names.length; bit++) {
                        if ((v & (1L << bit)) != 0) {
                            named.add(names[bit]);
                        }
                    }
                    for (String f : named) {
                        json.add(ops + f);
                    }
                    text.append(ops).append(String.join("+", named));
                } else {
                    String value = type == 3 ? PROTOCOLS.getOrDefault((int) v, "unknown protocol type " + v) : Long.toString(v);
                    int cmp = op & 0x07;
                    String s = cmp == 0 || cmp == 7 ? numericOp(op) : numericOp(op) + value;
                    json.add(s);
                    text.append(s);
                }
                count++;
                if ((op & 0x80) != 0) {
                    break;
                }
            }
            String line = count > 1 ? "[ " + text + " ]" : text.toString();
            rules.put(type, new Component(type, name, json, line));
        }
        g.writeStartObject();
        StringBuilder string = new StringBuilder("flow");
        for (Component c : rules.values()) {
            g.writeArrayFieldStart(c.name());
            for (String s : c.json()) {
                g.writeString(s);
            }
            g.writeEndArray();
            string.append(' ').append(c.name()).append(' ').append(c.text());
        }
        if (rd != null) {
            g.writeStringField("rd", rd);
            string.append(" rd ").append(rd);
        }
        if (nextHop != null) {
            g.writeStringField("next-hop", nextHop);
            string.append(" next-hop ").append(nextHop);
        }
        g.writeStringField("string", string.toString());
        g.writeEndObject();
    }

    private static String prefix(byte[] b, int from, int n, int bits, int size) {
        byte[] addr = new byte[size];
        for (int k = 0; k < n && k < size && from + k < b.length; k++) {
            addr[k] = b[from + k];
        }
        return org.bgpscope.net.Addresses.format(addr) + "/" + bits;
    }

    private static boolean isVpn(FieldNode p) {
        FieldNode mp = p;
        while (mp != null && !mp.key().endsWith("mp_reach") && !mp.key().endsWith("mp_unreach")) {
            mp = mp.parent();
        }
        return mp != null && Long.valueOf(134).equals(ExabgpJson.num(mp, mp.key() + ".safi"));
    }

    private static boolean isV6(FieldNode p) {
        FieldNode mp = p;
        while (mp != null && !mp.key().endsWith("mp_reach") && !mp.key().endsWith("mp_unreach")) {
            mp = mp.parent();
        }
        return mp != null && Long.valueOf(2).equals(ExabgpJson.num(mp, mp.key() + ".afi"));
    }
}

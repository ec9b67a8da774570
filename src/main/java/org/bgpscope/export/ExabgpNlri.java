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
        if (safi == 70) {
            evpn(g, p, bytes);
            return;
        }
        if (safi == 65) {
            vpls(g, p, bytes);
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

    /** RFC 4761 §3.2.2: RD, VE ID ("endpoint"), VE block offset and size, label base. */
    private static void vpls(JsonGenerator g, FieldNode p, MemorySegment bytes) throws IOException {
        byte[] b = ExabgpJson.slice(bytes, p.offset(), p.length());
        g.writeStartObject();
        if (b.length >= 19) {
            g.writeStringField("rd", rd(b, 2));
            g.writeNumberField("endpoint", u16(b, 10));
            g.writeNumberField("base", ((b[16] & 0xFF) << 16 | (b[17] & 0xFF) << 8 | (b[18] & 0xFF)) >> 4);
            g.writeNumberField("offset", u16(b, 12));
            g.writeNumberField("size", u16(b, 14));
        }
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- EVPN (RFC 7432 §7, RFC 9136 §3)

    private static final String[] EVPN_NAMES = {null, "Ethernet Auto-Discovery", "MAC/IP advertisement",
        "Inclusive Multicast Ethernet Tag", "Ethernet Segment", "IP Prefix Advertisement"};

    /**
     * An EVPN route: its type as "code", the whole route in hex as "raw", and, for the five types of
     * RFC 7432 §7.1-7.4 and RFC 9136 §3.1, its fields by name. A route whose length fits none of its
     * type's forms is written unparsed, as ExaBGP writes a type it does not know.
     */
    private static void evpn(JsonGenerator g, FieldNode p, MemorySegment bytes) throws IOException {
        byte[] b = ExabgpJson.slice(bytes, p.offset(), p.length());
        int code = b.length > 0 ? b[0] & 0xFF : 0;
        int len = b.length > 1 ? b[1] & 0xFF : 0;
        byte[] d = java.util.Arrays.copyOfRange(b, Math.min(2, b.length), Math.min(b.length, 2 + len));
        g.writeStartObject();
        g.writeNumberField("code", code);
        boolean parsed = code >= 1 && code <= 5 && evpnFits(code, d);
        g.writeBooleanField("parsed", parsed);
        g.writeStringField("raw", java.util.HexFormat.of().withUpperCase().formatHex(b));
        if (parsed) {
            g.writeStringField("name", EVPN_NAMES[code]);
            g.writeStringField("rd", rd(d, 0));
            switch (code) {
                case 1 -> {
                    esi(g, d, 8);
                    g.writeNumberField("ethernet-tag", u32(d, 18));
                    evpnLabel(g, d, 22);
                }
                case 2 -> {
                    esi(g, d, 8);
                    g.writeNumberField("ethernet-tag", u32(d, 18));
                    g.writeStringField("mac", java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(d, 23, 29));
                    int ipLen = d.length == 33 || d.length == 36 ? 0 : d.length <= 40 ? 4 : 16;
                    evpnLabel(g, d, 30 + ipLen);
                    if (ipLen > 0) {
                        g.writeStringField("ip", org.bgpscope.net.Addresses.format(java.util.Arrays.copyOfRange(d, 30, 30 + ipLen)));
                    }
                }
                case 3 -> {
                    g.writeNumberField("ethernet-tag", u32(d, 8));
                    int n = (d[12] & 0xFF) / 8;
                    g.writeStringField("ip", org.bgpscope.net.Addresses.format(java.util.Arrays.copyOfRange(d, 13, 13 + n)));
                }
                case 4 -> {
                    esi(g, d, 8);
                    int n = (d[18] & 0xFF) / 8;
                    g.writeStringField("ip", org.bgpscope.net.Addresses.format(java.util.Arrays.copyOfRange(d, 19, 19 + n)));
                }
                default -> {
                    esi(g, d, 8);
                    g.writeNumberField("ethernet-tag", u32(d, 18));
                    int n = d.length == 34 ? 4 : 16;
                    evpnLabel(g, d, 23 + 2 * n);
                    g.writeStringField("ip", org.bgpscope.net.Addresses.format(java.util.Arrays.copyOfRange(d, 23, 23 + n)));
                    g.writeNumberField("iplen", d[22] & 0xFF);
                    g.writeStringField("gateway", org.bgpscope.net.Addresses.format(java.util.Arrays.copyOfRange(d, 23 + n, 23 + 2 * n)));
                }
            }
        }
        g.writeEndObject();
    }

    /** The route lengths ExaBGP reads for each type (one or two labels for a MAC/IP route). */
    private static boolean evpnFits(int code, byte[] d) {
        return switch (code) {
            case 1 -> d.length >= 25;
            case 2 -> (d.length == 33 || d.length == 36 || d.length == 37 || d.length == 40 || d.length == 49 || d.length == 52)
                    && (d[29] & 0xFF) == (d.length <= 36 ? 0 : d.length <= 40 ? 32 : 128);
            case 3 -> d.length >= 13 && ((d[12] & 0xFF) == 32 || (d[12] & 0xFF) == 128) && d.length >= 13 + (d[12] & 0xFF) / 8;
            case 4 -> d.length >= 19 && ((d[18] & 0xFF) == 32 || (d[18] & 0xFF) == 128) && d.length >= 19 + (d[18] & 0xFF) / 8;
            default -> d.length == 34 || d.length == 58;
        };
    }

    /** RFC 7432 §5: an ESI of ten zero bytes is the single-homed one, "-" to ExaBGP. */
    private static void esi(JsonGenerator g, byte[] d, int i) throws IOException {
        boolean zero = true;
        for (int k = i; k < i + 10; k++) {
            zero &= d[k] == 0;
        }
        g.writeStringField("esi", zero ? "-" : java.util.HexFormat.ofDelimiter(":").formatHex(d, i, i + 10));
    }

    /** The label field: [value, the raw 24 bits] (the raw only when not zero), as ExaBGP writes it. */
    private static void evpnLabel(JsonGenerator g, byte[] d, int i) throws IOException {
        if (i + 3 > d.length) {
            return;
        }
        int raw = (d[i] & 0xFF) << 16 | (d[i + 1] & 0xFF) << 8 | (d[i + 2] & 0xFF);
        g.writeArrayFieldStart("label");
        g.writeStartArray();
        g.writeNumber(raw >> 4);
        if (raw != 0) {
            g.writeNumber(raw);
        }
        g.writeEndArray();
        g.writeEndArray();
    }

    private static long u32(byte[] b, int i) {
        return (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    // ---------------------------------------------------------------- flowspec (RFC 8955, RFC 8956)

    private static final Map<Integer, String> PROTOCOLS = Map.ofEntries(Map.entry(1, "icmp"), Map.entry(2, "igmp"),
            Map.entry(6, "tcp"), Map.entry(8, "egp"), Map.entry(17, "udp"), Map.entry(46, "rsvp"), Map.entry(47, "gre"),
            Map.entry(50, "esp"), Map.entry(51, "ah"), Map.entry(89, "ospf"), Map.entry(94, "ipip"), Map.entry(103, "pim"),
            Map.entry(132, "sctp"));

    /** ExaBGP's names for ICMP types (RFC 792 and IANA); it names no ICMP code. */
    private static final Map<Integer, String> ICMP_TYPES = Map.ofEntries(Map.entry(0, "echo-reply"),
            Map.entry(3, "unreachable"), Map.entry(4, "source-quench"), Map.entry(5, "redirect"), Map.entry(8, "echo-request"),
            Map.entry(9, "router-advertisement"), Map.entry(10, "router-solicit"), Map.entry(11, "time-exceeded"),
            Map.entry(12, "parameter-problem"), Map.entry(13, "timestamp"), Map.entry(14, "timestamp-reply"),
            Map.entry(15, "info-request"), Map.entry(16, "info-reply"), Map.entry(17, "mask-request"), Map.entry(18, "mask-reply"),
            Map.entry(30, "traceroute"), Map.entry(41, "experimental-mobility"), Map.entry(42, "extended-echo-request"),
            Map.entry(43, "extended-echo-reply"), Map.entry(253, "experimental-one"), Map.entry(254, "experimental-two"));

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

    private static final String[] TCP_FLAGS = {"fin", "syn", "rst", "push", "ack", "urg", "ece", "cwr", "ns"};
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
                // ExaBGP writes an AND-ed value into the same JSON string as the one before it.
                boolean join = and && !json.isEmpty();
                if (binary) {
                    String ops = binaryOp(op);
                    String[] names = type == 9 ? TCP_FLAGS : FRAGMENTS;
                    List<String> named = new ArrayList<>();
                    if (v == 0 && type == 12) {
                        named.add("not-a-fragment");
                    }
                    for (int bit = 0; bit < names.length; bit++) {
                        if ((v & (1L << bit)) != 0) {
                            named.add(names[bit]);
                        }
                    }
                    for (String f : named) {
                        String one = (ops + f).replace("!is-fragment", "not-a-fragment");
                        if (join) {
                            json.set(json.size() - 1, json.getLast() + one);
                            join = false;
                        } else {
                            json.add(one);
                        }
                    }
                    String value = named.size() == 1 ? named.getFirst() : "unknown " + (type == 9 ? "tcp flag" : "fragment") + " type " + v;
                    text.append(ops).append(value);
                } else {
                    String value = switch (type) {
                        case 3 -> PROTOCOLS.getOrDefault((int) v, "unknown protocol type " + v);
                        case 7 -> ICMP_TYPES.getOrDefault((int) v, "unknown icmp type type " + v);
                        default -> Long.toString(v);
                    };
                    int bare = op & 0x47;
                    String s = bare == 0 || bare == 7 ? numericOp(op) : numericOp(op) + value;
                    if (join) {
                        json.set(json.size() - 1, json.getLast() + s);
                    } else {
                        json.add(s);
                    }
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

package org.bgpscope.tree;

import org.bgpscope.bgp.Family;

/**
 * BGP-LS (RFC 9552): the NLRI (§5.2: node, link, IPv4 and IPv6 topology prefix) with protocol ID,
 * identifier and descriptor TLVs, and the BGP-LS attribute's node, link and prefix TLVs (§5.3), with
 * the segment routing TLVs of RFC 9085. Every TLV is a 2-byte type and 2-byte length; one not named
 * here stays raw with its type.
 */
final class BgpLs {
    private BgpLs() {}

    static String nlriName(int type) {
        return switch (type) {
            case 1 -> "node";
            case 2 -> "link";
            case 3 -> "IPv4 topology prefix";
            case 4 -> "IPv6 topology prefix";
            case 6 -> "SRv6 SID";
            default -> "type " + type;
        };
    }

    static String protocolName(int id) {
        return switch (id) {
            case 1 -> "IS-IS level 1";
            case 2 -> "IS-IS level 2";
            case 3 -> "OSPFv2";
            case 4 -> "direct";
            case 5 -> "static";
            case 6 -> "OSPFv3";
            case 7 -> "BGP";
            default -> "protocol " + id;
        };
    }

    /** IANA "BGP-LS NLRI and Attribute TLVs": the ones decoded here, with their key. */
    static String tlvName(int t) {
        return switch (t) {
            case 256 -> "local node descriptors";
            case 257 -> "remote node descriptors";
            case 258 -> "link local/remote identifiers";
            case 259 -> "IPv4 interface address";
            case 260 -> "IPv4 neighbor address";
            case 261 -> "IPv6 interface address";
            case 262 -> "IPv6 neighbor address";
            case 263 -> "multi-topology ID";
            case 264 -> "OSPF route type";
            case 265 -> "IP reachability information";
            case 512 -> "autonomous system";
            case 513 -> "BGP-LS identifier";
            case 514 -> "OSPF area ID";
            case 515 -> "IGP router ID";
            case 1024 -> "node flag bits";
            case 1025 -> "opaque node attribute";
            case 1026 -> "node name";
            case 1027 -> "IS-IS area identifier";
            case 1028 -> "IPv4 router ID of local node";
            case 1029 -> "IPv6 router ID of local node";
            case 1030 -> "IPv4 router ID of remote node";
            case 1031 -> "IPv6 router ID of remote node";
            case 1034 -> "SR capabilities";
            case 1035 -> "SR algorithm";
            case 1036 -> "SR local block";
            case 1088 -> "administrative group";
            case 1089 -> "maximum link bandwidth";
            case 1090 -> "maximum reservable link bandwidth";
            case 1091 -> "unreserved bandwidth";
            case 1092 -> "TE default metric";
            case 1093 -> "link protection type";
            case 1094 -> "MPLS protocol mask";
            case 1095 -> "IGP metric";
            case 1096 -> "shared risk link group";
            case 1097 -> "opaque link attribute";
            case 1098 -> "link name";
            case 1099 -> "adjacency SID";
            case 1100 -> "LAN adjacency SID";
            case 1152 -> "IGP flags";
            case 1153 -> "IGP route tag";
            case 1154 -> "IGP extended route tag";
            case 1155 -> "prefix metric";
            case 1156 -> "OSPF forwarding address";
            case 1157 -> "opaque prefix attribute";
            case 1158 -> "prefix SID";
            case 1161 -> "SID/label";
            case 1170 -> "prefix attribute flags";
            case 1171 -> "source router identifier";
            default -> "TLV type " + t;
        };
    }

    /** RFC 9552 §5.2: NLRI type and length, then protocol ID, identifier and descriptor TLVs. */
    static int nlri(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 4, end, "BGP-LS NLRI header");
        int type = w.u16(p);
        int len = w.u16(p + 2);
        w.need(p + 4, len, end, "BGP-LS NLRI");
        String name = nlriName(type);
        FieldNode node = parent.add("BGP-LS " + name + " NLRI", key, p, 4 + len).value(name).reference("RFC 9552 §5.2");
        node.leaf("NLRI type", key + ".type", p, 2, (long) type).text("NLRI type: " + type + " (" + name + ")");
        node.leaf("NLRI length", key + ".length", p + 2, 2, (long) len);
        int q = p + 4;
        int stop = q + len;
        StringBuilder text = new StringBuilder(name);
        try {
            if (f.safi() == 72) {
                // RFC 9552 §5.2: BGP-LS-VPN (SAFI 72) puts a route distinguisher before the rest.
                w.need(q, 8, stop, "route distinguisher");
                text.append(" RD ").append(RouteDistinguisher.decode(w, node, key + ".rd", q));
                q += 8;
            }
            if (type >= 1 && type <= 4 || type == 6) {
                w.need(q, 9, stop, "protocol ID and identifier");
                int proto = w.u8(q);
                node.leaf("protocol ID", key + ".protocol_id", q, 1, (long) proto).text("protocol ID: " + proto + " (" + protocolName(proto) + ")");
                node.leaf("identifier", key + ".identifier", q + 1, 8, w.bytes().get(org.bgpscope.capture.Bytes.BE64, q + 1));
                text.append(' ').append(protocolName(proto));
                tlvs(w, node, key + ".tlv", q + 9, stop, text);
            } else if (len > 0) {
                node.leaf("NLRI value", key + ".tlvs", q, len, w.hex(q, len));
            }
        } catch (Wire.Short e) {
            node.problem(Problem.error(e.offset, "BGP-LS NLRI: " + e.what).withAction(Attributes.TREAT_AS_WITHDRAW));
        }
        node.value(text.toString()).text("BGP-LS " + text);
        return p + 4 + len;
    }

    /** The BGP-LS attribute (RFC 9552 §5.3): node, link and prefix attribute TLVs. */
    static void attribute(Ctx c, FieldNode a, String key, int off, int len) {
        StringBuilder text = new StringBuilder();
        int n = tlvs(c.w(), a, key + ".tlv", off, off + len, text);
        a.value((long) n).text("BGP-LS: " + text.toString().trim());
    }

    /** TLVs of a 2-byte type and length in {@code [p, end)}; returns how many. */
    static int tlvs(Wire w, FieldNode parent, String k, int p, int end, StringBuilder text) {
        int n = 0;
        while (p < end) {
            w.need(p, 4, end, "BGP-LS TLV header");
            int type = w.u16(p);
            int tl = w.u16(p + 2);
            w.need(p + 4, tl, end, tlvName(type) + " TLV value");
            FieldNode t = parent.add(tlvName(type), k, p, 4 + tl).value((long) type);
            t.leaf("type", k + ".type", p, 2, (long) type).text("type: " + type + " (" + tlvName(type) + ")");
            t.leaf("length", k + ".length", p + 2, 2, (long) tl);
            String v = value(w, t, k, type, p + 4, tl);
            t.text(tlvName(type) + (v.isEmpty() ? "" : ": " + v));
            if (!v.isEmpty() && type >= 512 && type <= 515) {
                text.append(' ').append(v); // already says what it is: "AS 65001", "router 192.0.2.1"
            } else if (!v.isEmpty() && type != 256 && type != 257) {
                text.append(' ').append(tlvName(type)).append(' ').append(v);
            } else if (type == 256 || type == 257) {
                text.append(type == 256 ? " local" : " remote").append(v.isEmpty() ? "" : " " + v);
            }
            p += 4 + tl;
            n++;
        }
        return n;
    }

    private static void exactly(int type, int tl, int want, int at) {
        if (tl != want) {
            throw new Wire.Short(at, tlvName(type) + " TLV length " + tl + ", expected " + want);
        }
    }

    /** One TLV's value by its type; returns its text (empty when there is nothing to say). */
    private static String value(Wire w, FieldNode t, String k, int type, int v, int tl) {
        String ref = type >= 1034 && type <= 1036 || type == 1099 || type == 1100 || type == 1158 || type == 1161 ? "RFC 9085 §2"
                : type < 1024 ? "RFC 9552 §5.2" : "RFC 9552 §5.3";
        t.reference(ref);
        switch (type) {
            case 256, 257 -> {
                StringBuilder sb = new StringBuilder();
                tlvs(w, t, k + ".sub_tlv", v, v + tl, sb);
                return sb.toString().trim();
            }
            case 258 -> {
                exactly(type, tl, 8, v - 2);
                t.leaf("link local identifier", k + ".link_local_id", v, 4, w.u32(v));
                t.leaf("link remote identifier", k + ".link_remote_id", v + 4, 4, w.u32(v + 4));
                return w.u32(v) + "/" + w.u32(v + 4);
            }
            case 259, 260, 1028, 1030, 1156 -> {
                if (type != 1156) {
                    exactly(type, tl, 4, v - 2);
                }
                return address(w, t, k, v, tl);
            }
            case 261, 262, 1029, 1031 -> {
                exactly(type, tl, 16, v - 2);
                return address(w, t, k, v, tl);
            }
            case 263 -> {
                StringBuilder sb = new StringBuilder();
                for (int q = v; q + 2 <= v + tl; q += 2) {
                    t.leaf("multi-topology ID", k + ".mt_id", q, 2, (long) (w.u16(q) & 0x0FFF));
                    sb.append(sb.isEmpty() ? "" : ",").append(w.u16(q) & 0x0FFF);
                }
                return sb.toString();
            }
            case 264 -> {
                exactly(type, tl, 1, v - 2);
                int rt = w.u8(v);
                String n = switch (rt) {
                    case 1 -> "intra-area";
                    case 2 -> "inter-area";
                    case 3 -> "external 1";
                    case 4 -> "external 2";
                    case 5 -> "NSSA 1";
                    case 6 -> "NSSA 2";
                    default -> "type " + rt;
                };
                t.leaf("OSPF route type", k + ".ospf_route_type", v, 1, (long) rt).text("OSPF route type: " + rt + " (" + n + ")");
                return n;
            }
            case 265 -> {
                w.need(v, 1, v + tl, "prefix length");
                int bits = w.u8(v);
                int ab = tl - 1 > 4 || bits > 32 ? 16 : 4;
                int n = (bits + 7) / 8;
                if (n != tl - 1 || bits > ab * 8) {
                    throw new Wire.Short(v, "IP reachability prefix of " + bits + " bits in " + (tl - 1) + " bytes");
                }
                String pfx = w.prefix(v + 1, bits, ab);
                t.leaf("prefix length", k + ".prefix_length", v, 1, (long) bits);
                t.leaf("prefix", k + ".prefix", v + 1, n, pfx);
                return pfx;
            }
            case 512, 513, 514 -> {
                exactly(type, tl, 4, v - 2);
                String key = type == 512 ? ".asn" : type == 513 ? ".bgp_ls_id" : ".ospf_area";
                t.leaf(tlvName(type), k + key, v, 4, w.u32(v));
                return (type == 512 ? "AS " : type == 513 ? "BGP-LS ID " : "area ") + w.u32(v);
            }
            case 515 -> {
                // §5.2.1.4: 4 (OSPF), 6 (IS-IS system ID), 7 (IS-IS pseudonode), 8 (OSPF DR and interface), 16.
                String id = switch (tl) {
                    case 4 -> w.ipv4(v);
                    case 8 -> w.ipv4(v) + " " + w.ipv4(v + 4);
                    case 6, 7 -> w.hex(v, 6).replaceAll("(....)(?!$)", "$1.") + (tl == 7 ? "-" + String.format("%02x", w.u8(v + 6)) : "");
                    default -> w.hex(v, tl);
                };
                t.leaf("IGP router ID", k + ".igp_router_id", v, tl, id);
                return "router " + id;
            }
            case 1024 -> {
                exactly(type, tl, 1, v - 2);
                int b = w.u8(v);
                FieldNode f = t.leaf("flags", k + ".node_flags", v, 1, (long) b);
                String[] names = {"overload (O)", "attached (T)", "external (E)", "ABR (B)", "router (R)", "V6 (V)"};
                String[] keys = {"o", "t", "e", "b", "r", "v"};
                for (int i = 0; i < 6; i++) {
                    f.bit(names[i], k + ".node_flags." + keys[i], 0x80 >>> i, (b & (0x80 >>> i)) != 0);
                }
                return String.format("0x%02x", b);
            }
            case 1026, 1098 -> {
                String s = w.utf8(v, tl);
                t.leaf(tlvName(type), k + (type == 1026 ? ".node_name" : ".link_name"), v, tl, s);
                return s;
            }
            case 1027 -> {
                t.leaf("area identifier", k + ".isis_area", v, tl, w.hex(v, tl));
                return w.hex(v, tl);
            }
            case 1088 -> {
                exactly(type, tl, 4, v - 2);
                t.leaf("administrative group", k + ".admin_group", v, 4, w.u32(v)).text(String.format("administrative group: 0x%08x", w.u32(v)));
                return String.format("0x%08x", w.u32(v));
            }
            case 1089, 1090 -> {
                exactly(type, tl, 4, v - 2);
                return bandwidth(w, t, k + (type == 1089 ? ".max_bandwidth" : ".max_reservable_bandwidth"), tlvName(type), v);
            }
            case 1091 -> {
                exactly(type, tl, 32, v - 2);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 8; i++) {
                    sb.append(i == 0 ? "" : ", ").append(bandwidth(w, t, k + ".unreserved_bandwidth", "priority " + i, v + 4 * i));
                }
                return sb.toString();
            }
            case 1092 -> {
                // §5.3.2: 4 bytes (RFC 5305); some implementations send 3, which RFC 9552 says to accept.
                if (tl < 1 || tl > 4) {
                    throw new Wire.Short(v - 2, "TE default metric TLV length " + tl + ", expected 4");
                }
                return number(w, t, k + ".te_metric", "TE default metric", v, tl);
            }
            case 1095 -> {
                // §5.3.2.4: 1 byte (IS-IS narrow, 6 bits), 2 (OSPF) or 3 (IS-IS wide).
                if (tl < 1 || tl > 3) {
                    throw new Wire.Short(v - 2, "IGP metric TLV length " + tl + ", expected 1 to 3");
                }
                return number(w, t, k + ".igp_metric", "IGP metric", v, tl);
            }
            case 1155 -> {
                exactly(type, tl, 4, v - 2);
                return number(w, t, k + ".prefix_metric", "prefix metric", v, 4);
            }
            case 1096, 1153 -> {
                if (tl % 4 != 0) {
                    throw new Wire.Short(v - 2, tlvName(type) + " TLV length " + tl + " is not a multiple of 4");
                }
                StringBuilder sb = new StringBuilder();
                for (int q = v; q < v + tl; q += 4) {
                    t.leaf(type == 1096 ? "SRLG" : "route tag", k + (type == 1096 ? ".srlg" : ".route_tag"), q, 4, w.u32(q));
                    sb.append(sb.isEmpty() ? "" : ",").append(w.u32(q));
                }
                return sb.toString();
            }
            case 1152 -> {
                exactly(type, tl, 1, v - 2);
                int b = w.u8(v);
                FieldNode f = t.leaf("flags", k + ".igp_flags", v, 1, (long) b);
                String[] names = {"IS-IS up/down (D)", "OSPF no unicast (N)", "OSPF local address (L)", "OSPF propagate NSSA (P)"};
                String[] keys = {"d", "n", "l", "p"};
                for (int i = 0; i < 4; i++) {
                    f.bit(names[i], k + ".igp_flags." + keys[i], 0x80 >>> i, (b & (0x80 >>> i)) != 0);
                }
                return String.format("0x%02x", b);
            }
            case 1034 -> {
                // RFC 9085 §2.1.2: flags, reserved, then ranges of size (3) and a SID/Label sub-TLV.
                w.need(v, 2, v + tl, "SR capabilities flags");
                t.leaf("flags", k + ".sr_flags", v, 1, (long) w.u8(v));
                t.leaf("reserved", k + ".reserved", v + 1, 1, (long) w.u8(v + 1));
                StringBuilder sb = new StringBuilder();
                int q = v + 2;
                while (q < v + tl) {
                    w.need(q, 3, v + tl, "SRGB range size");
                    long range = w.u24(q);
                    t.leaf("range size", k + ".range", q, 3, range);
                    q += 3;
                    w.need(q, 4, v + tl, "SID/label sub-TLV header");
                    int sl = w.u16(q + 2);
                    w.need(q + 4, sl, v + tl, "SID/label sub-TLV value");
                    StringBuilder one = new StringBuilder();
                    tlvs(w, t, k + ".sub_tlv", q, q + 4 + sl, one);
                    sb.append(sb.isEmpty() ? "" : ", ").append(one.toString().trim().replace("SID/label ", "")).append(" range ").append(range);
                    q += 4 + sl;
                }
                return sb.toString();
            }
            case 1035 -> {
                StringBuilder sb = new StringBuilder();
                for (int q = v; q < v + tl; q++) {
                    t.leaf("algorithm", k + ".algorithm", q, 1, (long) w.u8(q));
                    sb.append(sb.isEmpty() ? "" : ",").append(w.u8(q));
                }
                return sb.toString();
            }
            case 1161 -> {
                // RFC 9085 §2.1.1: a 20-bit label in 3 bytes, or a 4-byte index.
                if (tl == 3) {
                    t.leaf("label", k + ".label", v, 3, (long) (w.u24(v) & 0xFFFFF));
                    return "label " + (w.u24(v) & 0xFFFFF);
                }
                exactly(type, tl, 4, v - 2);
                t.leaf("SID index", k + ".sid_index", v, 4, w.u32(v));
                return "index " + w.u32(v);
            }
            case 1099, 1158 -> {
                // RFC 9085 §2.2.1 adjacency SID: flags, weight, reserved (2), SID; §2.3.1 prefix SID: flags, algorithm, reserved (2), SID.
                if (tl != 7 && tl != 8) {
                    throw new Wire.Short(v - 2, tlvName(type) + " TLV length " + tl + ", expected 7 or 8");
                }
                t.leaf("flags", k + ".sid_flags", v, 1, (long) w.u8(v)).text(String.format("flags: 0x%02x", w.u8(v)));
                if (type == 1099) {
                    t.leaf("weight", k + ".weight", v + 1, 1, (long) w.u8(v + 1));
                } else {
                    t.leaf("algorithm", k + ".algorithm", v + 1, 1, (long) w.u8(v + 1));
                }
                t.leaf("reserved", k + ".reserved", v + 2, 2, (long) w.u16(v + 2));
                if (tl == 7) {
                    t.leaf("label", k + ".label", v + 4, 3, (long) (w.u24(v + 4) & 0xFFFFF));
                    return "label " + (w.u24(v + 4) & 0xFFFFF);
                }
                t.leaf("SID index", k + ".sid_index", v + 4, 4, w.u32(v + 4));
                return "index " + w.u32(v + 4);
            }
            default -> {
                if (tl > 0) {
                    t.leaf("value", k + ".value", v, tl, w.hex(v, tl));
                }
                return "";
            }
        }
    }

    private static String address(Wire w, FieldNode t, String k, int v, int tl) {
        String a = w.address(v, tl);
        t.leaf("address", k + ".address", v, tl, a);
        return a;
    }

    private static String number(Wire w, FieldNode t, String key, String name, int v, int n) {
        long x = 0;
        for (int i = 0; i < n; i++) {
            x = x << 8 | w.u8(v + i);
        }
        t.leaf(name, key, v, n, x);
        return Long.toString(x);
    }

    /** An IEEE float in bytes per second (RFC 9552 §5.3.2, as RFC 5305 §3.4 defines it). */
    private static String bandwidth(Wire w, FieldNode t, String key, String name, int v) {
        float r = Float.intBitsToFloat((int) w.u32(v));
        String s = Communities.rate(r) + " bytes/s (" + Communities.rate(r * 8) + " bit/s)";
        t.leaf(name, key, v, 4, s).text(name + ": " + s);
        return s;
    }
}

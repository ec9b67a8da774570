package org.bgpscope.tree;

/** COMMUNITIES (RFC 1997), EXTENDED_COMMUNITIES (RFC 4360, RFC 7153), IPv6 ones (RFC 5701), LARGE_COMMUNITY (RFC 8092). */
final class Communities {
    private Communities() {}

    /** Well-known communities (IANA "BGP Well-known Communities"). */
    static String wellKnown(long v) {
        return switch ((int) v) {
            case 0xFFFF0000 -> "graceful-shutdown";
            case 0xFFFF0001 -> "accept-own";
            case 0xFFFF0002 -> "route-filter-translated-v4";
            case 0xFFFF0003 -> "route-filter-v4";
            case 0xFFFF0004 -> "route-filter-translated-v6";
            case 0xFFFF0005 -> "route-filter-v6";
            case 0xFFFF0006 -> "llgr-stale";
            case 0xFFFF0007 -> "no-llgr";
            case 0xFFFF0008 -> "accept-own-nexthop";
            case 0xFFFF0009 -> "standby-pe";
            case 0xFFFF029A -> "blackhole";
            case 0xFFFFFF01 -> "no-export";
            case 0xFFFFFF02 -> "no-advertise";
            case 0xFFFFFF03 -> "no-export-subconfed";
            case 0xFFFFFF04 -> "no-peer";
            default -> null;
        };
    }

    static void standard(Ctx c, FieldNode a, String key, int off, int len) {
        if (len % 4 != 0) {
            throw new Wire.Short(off, "length " + len + " is not a multiple of 4 (RFC 7606 §7.8)");
        }
        StringBuilder sb = new StringBuilder();
        for (int p = off; p < off + len; p += 4) {
            long v = c.w().u32(p);
            String wk = wellKnown(v);
            String text = wk != null ? wk : (v >>> 16) + ":" + (v & 0xFFFF);
            a.leaf("community", "bgp.update.attr.community", p, 4, text).text("community " + text);
            sb.append(sb.isEmpty() ? "" : " ").append(text);
        }
        a.value(sb.toString()).text("COMMUNITIES: " + sb);
    }

    static void large(Ctx c, FieldNode a, String key, int off, int len) {
        if (len % 12 != 0 || len == 0) {
            throw new Wire.Short(off, "length " + len + " is not a non-zero multiple of 12 (RFC 8092 §5)");
        }
        StringBuilder sb = new StringBuilder();
        for (int p = off; p < off + len; p += 12) {
            String text = c.w().u32(p) + ":" + c.w().u32(p + 4) + ":" + c.w().u32(p + 8);
            FieldNode lc = a.leaf("large community", "bgp.update.attr.large_community", p, 12, text).text("large community " + text);
            lc.reference("RFC 8092 §3");
            sb.append(sb.isEmpty() ? "" : " ").append(text);
        }
        a.value(sb.toString()).text("LARGE_COMMUNITY: " + sb);
    }

    static void extended(Ctx c, FieldNode a, String key, int off, int len) {
        if (len % 8 != 0) {
            throw new Wire.Short(off, "length " + len + " is not a multiple of 8 (RFC 7606 §7.14)");
        }
        StringBuilder sb = new StringBuilder();
        for (int p = off; p < off + len; p += 8) {
            FieldNode e = a.add("extended community", EXT, p, 8);
            int type = c.w().u8(p);
            e.leaf("type", EXT + ".type", p, 1, (long) type).text("type: 0x" + hex2(type) + " (" + typeName(type) + ")");
            e.leaf("subtype", EXT + ".subtype", p + 1, 1, (long) c.w().u8(p + 1));
            FieldNode v = e.leaf("value", EXT + ".value", p + 2, 6, c.w().hex(p + 2, 6));
            String text = describe(c.w(), p, v);
            e.value(text).text(text);
            sb.append(sb.isEmpty() ? "" : " ").append(text);
        }
        a.value(sb.toString()).text("EXTENDED_COMMUNITIES: " + sb);
    }

    static final String EXT = "bgp.update.attr.extended_community";

    /** The IANA registries "BGP Extended Communities" types and subtypes we know by name. */
    static String extendedText(Wire w, int p) {
        return describe(w, p, new FieldNode("value", EXT + ".value", p + 2, 6));
    }

    /** IANA "BGP Extended Communities" type field (RFC 7153 §2): high bits IANA-assigned and non-transitive. */
    static String typeName(int type) {
        String base = switch (type & 0xBF) {
            case 0x00 -> "two-octet AS specific";
            case 0x01 -> "IPv4 address specific";
            case 0x02 -> "four-octet AS specific";
            case 0x03 -> "opaque";
            case 0x06 -> "EVPN";
            case 0x80 -> "generic (flowspec, two-octet AS)";
            case 0x81 -> "generic (flowspec, IPv4)";
            case 0x82 -> "generic (flowspec, four-octet AS)";
            default -> "type 0x" + hex2(type);
        };
        return base + ((type & 0x40) != 0 ? ", non-transitive" : ", transitive");
    }

    /**
     * Splits one extended community's 6 value bytes into the fields its type and subtype define, as
     * children of {@code v}, and returns its text. The AS-specific forms (RFC 4360 §3.1, §3.2, RFC 5668
     * §2) have a global and a local administrator; the rest follow the RFC named beside each.
     */
    static String describe(Wire w, int p, FieldNode v) {
        int type = w.u8(p);
        int sub = w.u8(p + 1);
        int t = type & 0xBF; // the transitive bit (0x40) does not change the layout (RFC 4360 §2)
        if (type == 0x43 && sub == 0x00) {
            return originValidation(w, p, v);
        }
        if (t == 0x00 && sub == 0x04) {
            return linkBandwidth(w, p, v);
        }
        return switch (t) {
            case 0x00 -> switch (sub) {
                case 0x02 -> "target:" + as2(w, p, v);
                case 0x03 -> "origin:" + as2(w, p, v);
                case 0x05 -> "ospf-domain-id " + as2(w, p, v);
                case 0x08 -> "bgp-data-collection " + as2(w, p, v);
                case 0x09 -> "source-as " + as2(w, p, v);
                case 0x0A -> "l2vpn-id " + as2(w, p, v);
                default -> "2-octet-AS-specific 0x" + hex2(sub) + " " + as2(w, p, v);
            };
            case 0x01 -> switch (sub) {
                case 0x02 -> "target:" + ip4(w, p, v);
                case 0x03 -> "origin:" + ip4(w, p, v);
                case 0x05 -> "ospf-domain-id " + ip4(w, p, v);
                case 0x07 -> "ospf-route-id " + ip4(w, p, v);
                case 0x0A -> "l2vpn-id " + ip4(w, p, v);
                case 0x0B -> "vrf-route-import " + ip4(w, p, v);
                default -> "IPv4-address-specific 0x" + hex2(sub) + " " + ip4(w, p, v);
            };
            case 0x02 -> switch (sub) {
                case 0x02 -> "target:" + as4(w, p, v);
                case 0x03 -> "origin:" + as4(w, p, v);
                case 0x05 -> "ospf-domain-id " + as4(w, p, v);
                case 0x09 -> "source-as " + as4(w, p, v);
                default -> "4-octet-AS-specific 0x" + hex2(sub) + " " + as4(w, p, v);
            };
            case 0x03 -> switch (sub) {
                case 0x0B -> color(w, p, v);
                case 0x0C -> encapsulation(w, p, v);
                case 0x0D -> {
                    // RFC 7432 §7.8: the default gateway community has a value of all zeros.
                    v.leaf("reserved", EXT + ".reserved", p + 2, 6, w.hex(p + 2, 6)).reference("RFC 7432 §7.8");
                    yield "default-gateway";
                }
                default -> "opaque 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
            };
            case 0x06 -> switch (sub) {
                case 0x00 -> macMobility(w, p, v);
                case 0x01 -> esiLabel(w, p, v);
                case 0x02 -> {
                    String mac = w.mac(p + 2);
                    v.leaf("ES-Import route target", EXT + ".es_import", p + 2, 6, mac).reference("RFC 7432 §7.6");
                    yield "es-import " + mac;
                }
                case 0x03 -> {
                    String mac = w.mac(p + 2);
                    v.leaf("router's MAC", EXT + ".router_mac", p + 2, 6, mac).reference("RFC 9135 §8.1");
                    yield "router-mac " + mac;
                }
                default -> "evpn 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
            };
            case 0x80 -> switch (sub) {
                case 0x06 -> trafficRate(w, p, v, "bytes/s", "RFC 8955 §7.3");
                case 0x07 -> trafficAction(w, p, v);
                case 0x08 -> "redirect:" + as2(w, p, v);
                case 0x09 -> {
                    int dscp = w.u8(p + 7) & 0x3F;
                    v.leaf("reserved", EXT + ".reserved", p + 2, 5, w.hex(p + 2, 5));
                    FieldNode d = v.add("DSCP byte", EXT + ".dscp_byte", p + 7, 1).value((long) w.u8(p + 7)).reference("RFC 8955 §7.5");
                    d.bit("DSCP", EXT + ".dscp", 0x3F, true).value((long) dscp);
                    yield "traffic-marking dscp " + dscp;
                }
                case 0x0C -> trafficRate(w, p, v, "packets/s", "RFC 8955 §7 (IANA 0x800c)");
                default -> "flowspec 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
            };
            case 0x81 -> sub == 0x08 ? "redirect:" + ip4(w, p, v) : "flowspec-ipv4 0x" + hex2(sub) + " " + ip4(w, p, v);
            case 0x82 -> sub == 0x08 ? "redirect:" + as4(w, p, v) : "flowspec-as4 0x" + hex2(sub) + " " + as4(w, p, v);
            default -> "type 0x" + hex2(type) + " subtype 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
        };
    }

    /** RFC 4360 §3.1: 2-octet AS global administrator, 4-octet local administrator. */
    private static String as2(Wire w, int p, FieldNode v) {
        long g = w.u16(p + 2);
        long l = w.u32(p + 4);
        v.leaf("global administrator (AS)", EXT + ".global", p + 2, 2, g).reference("RFC 4360 §3.1");
        v.leaf("local administrator", EXT + ".local", p + 4, 4, l);
        return g + ":" + l;
    }

    /** RFC 4360 §3.2: IPv4 address global administrator, 2-octet local administrator. */
    private static String ip4(Wire w, int p, FieldNode v) {
        String g = w.ipv4(p + 2);
        long l = w.u16(p + 6);
        v.leaf("global administrator (IPv4)", EXT + ".global", p + 2, 4, g).reference("RFC 4360 §3.2");
        v.leaf("local administrator", EXT + ".local", p + 6, 2, l);
        return g + ":" + l;
    }

    /** RFC 5668 §2: 4-octet AS global administrator, 2-octet local administrator. */
    private static String as4(Wire w, int p, FieldNode v) {
        long g = w.u32(p + 2);
        long l = w.u16(p + 6);
        v.leaf("global administrator (AS)", EXT + ".global", p + 2, 4, g).reference("RFC 5668 §2");
        v.leaf("local administrator", EXT + ".local", p + 6, 2, l);
        return g + ":" + l;
    }


    /** A rate as an IEEE 754 float, shown as a whole number when it is one. */
    static String rate(float f) {
        if (Float.isFinite(f) && f == Math.rint(f) && Math.abs(f) < 1e15) {
            return Long.toString((long) f);
        }
        return Float.toString(f);
    }

    /** RFC 8955 §7.3: 2-octet AS, then the rate as a 4-byte IEEE float in bytes per second; 0 discards. */
    private static String trafficRate(Wire w, int p, FieldNode v, String unit, String ref) {
        long as = w.u16(p + 2);
        float r = Float.intBitsToFloat((int) w.u32(p + 4));
        boolean bytes = unit.equals("bytes/s");
        String shown = rate(r) + " " + unit + (bytes ? " (" + rate(r * 8) + " bit/s)" : "");
        v.leaf("AS", EXT + ".as", p + 2, 2, as).reference(ref);
        v.leaf("rate", EXT + ".rate", p + 4, 4, shown).text("rate: " + shown);
        if (bytes && r == 0) {
            return "discard (traffic-rate 0)";
        }
        return (bytes ? "traffic-rate " : "traffic-rate-packets ") + shown + (as == 0 ? "" : " AS " + as);
    }

    /** RFC 8955 §7.4: 5 reserved bytes, then the action byte whose low bits are sample (S) and terminal (T). */
    private static String trafficAction(Wire w, int p, FieldNode v) {
        int b = w.u8(p + 7);
        v.leaf("reserved", EXT + ".reserved", p + 2, 5, w.hex(p + 2, 5));
        FieldNode a = v.add("action", EXT + ".action", p + 7, 1).value((long) b).reference("RFC 8955 §7.4");
        a.bit("sample (S)", EXT + ".action.sample", 0x02, (b & 2) != 0);
        a.bit("terminal (T)", EXT + ".action.terminal", 0x01, (b & 1) != 0);
        return "traffic-action" + ((b & 2) != 0 ? " sample" : "") + ((b & 1) != 0 ? " terminal" : "");
    }

    /** draft-ietf-idr-link-bandwidth §2: 2-octet AS, then the bandwidth as a float in bytes per second. */
    private static String linkBandwidth(Wire w, int p, FieldNode v) {
        long as = w.u16(p + 2);
        float r = Float.intBitsToFloat((int) w.u32(p + 4));
        String shown = rate(r) + " bytes/s (" + rate(r * 8) + " bit/s)";
        v.leaf("AS", EXT + ".as", p + 2, 2, as).reference("draft-ietf-idr-link-bandwidth §2");
        v.leaf("bandwidth", EXT + ".bandwidth", p + 4, 4, shown).text("bandwidth: " + shown);
        return "link-bandwidth " + shown + " AS " + as;
    }

    /** RFC 8097 §2: 5 reserved bytes, then the validation state (0 valid, 1 not found, 2 invalid). */
    private static String originValidation(Wire w, int p, FieldNode v) {
        int st = w.u8(p + 7);
        String name = switch (st) {
            case 0 -> "valid";
            case 1 -> "not-found";
            case 2 -> "invalid";
            default -> "unknown state " + st;
        };
        v.leaf("reserved", EXT + ".reserved", p + 2, 5, w.hex(p + 2, 5));
        FieldNode s = v.leaf("validation state", EXT + ".validation_state", p + 7, 1, (long) st)
                .text("validation state: " + st + " (" + name + ")").reference("RFC 8097 §2");
        if (st > 2) {
            // Only 0, 1 and 2 are defined (RFC 8097 §2); an INFO, since the community itself is well formed.
            s.problem(Problem.info(p + 7, "validation state " + st + " is not 0, 1 or 2 (RFC 8097 §2)"));
        }
        return "origin-validation " + name;
    }

    /** RFC 9012 §4.1: 4 reserved bytes, then the tunnel type (IANA "BGP Tunnel Encapsulation Attribute Tunnel Types"). */
    private static String encapsulation(Wire w, int p, FieldNode v) {
        int tt = w.u16(p + 6);
        v.leaf("reserved", EXT + ".reserved", p + 2, 4, w.hex(p + 2, 4));
        v.leaf("tunnel type", EXT + ".tunnel_type", p + 6, 2, (long) tt).text("tunnel type: " + tt + " (" + tunnelType(tt) + ")")
                .reference("RFC 9012 §4.1");
        return "encapsulation " + tunnelType(tt);
    }

    /** RFC 9012 §4.3: 2 bytes of flags, whose two leftmost are the CO bits (RFC 9256 §8.8.1), then the color. */
    private static String color(Wire w, int p, FieldNode v) {
        int flags = w.u16(p + 2);
        long color = w.u32(p + 4);
        FieldNode f = v.add("flags", EXT + ".flags", p + 2, 2).value((long) flags).reference("RFC 9012 §4.3");
        f.bit("color-only (CO)", EXT + ".flags.co", 0xC000, true).value((long) (flags >>> 14));
        v.leaf("color", EXT + ".color", p + 4, 4, color).reference("RFC 9012 §4.3");
        return "color " + color + ((flags >>> 14) != 0 ? " CO " + Integer.toBinaryString(flags >>> 14 | 4).substring(1) : "");
    }

    /** RFC 7432 §7.7: flags (sticky/static bit 0x01), reserved, 4-byte sequence number. */
    private static String macMobility(Wire w, int p, FieldNode v) {
        int flags = w.u8(p + 2);
        long seq = w.u32(p + 4);
        FieldNode f = v.add("flags", EXT + ".flags", p + 2, 1).value((long) flags).reference("RFC 7432 §7.7");
        f.bit("sticky/static", EXT + ".flags.sticky", 0x01, (flags & 1) != 0);
        v.leaf("reserved", EXT + ".reserved", p + 3, 1, (long) w.u8(p + 3));
        v.leaf("sequence number", EXT + ".sequence", p + 4, 4, seq);
        return "mac-mobility seq " + seq + ((flags & 1) != 0 ? " sticky" : "");
    }

    /** RFC 7432 §7.5: flags (single-active bit 0x01), 2 reserved bytes, then an MPLS label. */
    private static String esiLabel(Wire w, int p, FieldNode v) {
        int flags = w.u8(p + 2);
        long label = w.u24(p + 5) >>> 4;
        FieldNode f = v.add("flags", EXT + ".flags", p + 2, 1).value((long) flags).reference("RFC 7432 §7.5");
        f.bit("single-active", EXT + ".flags.single_active", 0x01, (flags & 1) != 0);
        v.leaf("reserved", EXT + ".reserved", p + 3, 2, w.hex(p + 3, 2));
        v.leaf("ESI label", EXT + ".label", p + 5, 3, label);
        return "esi-label " + label + ((flags & 1) != 0 ? " single-active" : " all-active");
    }

    static String tunnelType(int t) {
        return switch (t) {
            case 1 -> "L2TPv3";
            case 2 -> "GRE";
            case 3 -> "transmit tunnel endpoint";
            case 4 -> "IPsec in tunnel mode";
            case 5 -> "IP-in-IP with IPsec transport mode";
            case 6 -> "MPLS-in-IP with IPsec transport mode";
            case 7 -> "IP-in-IP";
            case 8 -> "VXLAN";
            case 9 -> "NVGRE";
            case 10 -> "MPLS";
            case 11 -> "MPLS-in-GRE";
            case 12 -> "VXLAN-GPE";
            case 13 -> "MPLS-in-UDP";
            case 14 -> "MPLS-in-UDP with DTLS";
            case 15 -> "SR Policy";
            case 16 -> "Bare";
            case 17 -> "SR tunnel";
            case 18 -> "Cloud Security";
            case 19 -> "Geneve";
            case 20 -> "Any-Encapsulation";
            case 21 -> "GTP";
            case 22 -> "Dynamic Path Selection";
            default -> "type " + t;
        };
    }

    private static String hex2(int v) {
        return String.format("%02x", v);
    }

    static void ipv6Extended(Ctx c, FieldNode a, String key, int off, int len) {
        if (len % 20 != 0) {
            throw new Wire.Short(off, "length " + len + " is not a multiple of 20 (RFC 5701 §2)");
        }
        StringBuilder sb = new StringBuilder();
        for (int p = off; p < off + len; p += 20) {
            int sub = c.w().u8(p + 1);
            String what = sub == 0x02 ? "route-target " : sub == 0x03 ? "route-origin " : "subtype 0x" + hex2(sub) + " ";
            String text = what + c.w().address(p + 2, 16) + ":" + c.w().u16(p + 18);
            FieldNode e = a.add("IPv6 extended community", key + ".community", p, 20).value(text).text(text);
            e.leaf("type", key + ".type", p, 1, (long) c.w().u8(p));
            e.leaf("subtype", key + ".subtype", p + 1, 1, (long) sub);
            e.leaf("global administrator", key + ".global", p + 2, 16, c.w().address(p + 2, 16));
            e.leaf("local administrator", key + ".local", p + 18, 2, (long) c.w().u16(p + 18));
            sb.append(sb.isEmpty() ? "" : " ").append(text);
        }
        a.value(sb.toString()).text(a.name() + ": " + sb);
    }
}

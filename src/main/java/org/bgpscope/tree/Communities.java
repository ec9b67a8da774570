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
            String text = extendedText(c.w(), p);
            FieldNode e = a.add("extended community", "bgp.update.attr.extended_community", p, 8).value(text).text(text);
            e.leaf("type", "bgp.update.attr.extended_community.type", p, 1, (long) c.w().u8(p));
            e.leaf("subtype", "bgp.update.attr.extended_community.subtype", p + 1, 1, (long) c.w().u8(p + 1));
            e.leaf("value", "bgp.update.attr.extended_community.value", p + 2, 6, c.w().hex(p + 2, 6));
            sb.append(sb.isEmpty() ? "" : " ").append(text);
        }
        a.value(sb.toString()).text("EXTENDED_COMMUNITIES: " + sb);
    }

    /** The IANA registries "BGP Extended Communities" types and subtypes we know by name. */
    static String extendedText(Wire w, int p) {
        int type = w.u8(p);
        int sub = w.u8(p + 1);
        int t = type & 0xBF; // the transitive bit (0x40) does not change the layout (RFC 4360 §2)
        String as2 = w.u16(p + 2) + ":" + w.u32(p + 4);
        String ip4 = w.ipv4(p + 2) + ":" + w.u16(p + 6);
        String as4 = w.u32(p + 2) + ":" + w.u16(p + 6);
        return switch (t) {
            case 0x00 -> switch (sub) {
                case 0x02 -> "route-target " + as2;
                case 0x03 -> "route-origin " + as2;
                case 0x05 -> "ospf-domain-id " + as2;
                case 0x08 -> "bgp-data-collection " + as2;
                case 0x09 -> "source-as " + as2;
                case 0x0A -> "l2vpn-id " + as2;
                default -> "2-octet-AS-specific 0x" + hex2(sub) + " " + as2;
            };
            case 0x01 -> switch (sub) {
                case 0x02 -> "route-target " + ip4;
                case 0x03 -> "route-origin " + ip4;
                case 0x0B -> "vrf-route-import " + ip4;
                default -> "IPv4-address-specific 0x" + hex2(sub) + " " + ip4;
            };
            case 0x02 -> switch (sub) {
                case 0x02 -> "route-target " + as4;
                case 0x03 -> "route-origin " + as4;
                default -> "4-octet-AS-specific 0x" + hex2(sub) + " " + as4;
            };
            case 0x03 -> switch (sub) {
                case 0x0B -> "color " + w.u32(p + 4);
                case 0x0C -> "encapsulation " + tunnelType(w.u16(p + 6));
                case 0x0D -> "default-gateway";
                default -> "opaque 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
            };
            case 0x06 -> switch (sub) {
                case 0x00 -> "mac-mobility seq " + w.u32(p + 4) + ((w.u8(p + 2) & 1) != 0 ? " sticky" : "");
                case 0x01 -> "esi-label " + (w.u24(p + 5) >>> 4);
                case 0x02 -> "es-import " + w.hex(p + 2, 6).replaceAll("(..)(?!$)", "$1:");
                case 0x03 -> "router-mac " + w.hex(p + 2, 6).replaceAll("(..)(?!$)", "$1:");
                default -> "evpn 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
            };
            case 0x80 -> switch (sub) {
                case 0x06 -> {
                    float rate = Float.intBitsToFloat((int) w.u32(p + 4));
                    yield rate == 0 ? "discard (traffic-rate 0)" : "traffic-rate " + w.u16(p + 2) + ":" + rate;
                }
                case 0x07 -> "traffic-action" + ((w.u8(p + 7) & 2) != 0 ? " sample" : "") + ((w.u8(p + 7) & 1) != 0 ? " terminal" : "");
                case 0x08 -> "redirect " + as2;
                case 0x09 -> "traffic-marking dscp " + (w.u8(p + 7) & 0x3F);
                case 0x0C -> "traffic-rate-packets " + w.u16(p + 2) + ":" + Float.intBitsToFloat((int) w.u32(p + 4));
                default -> "flowspec 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
            };
            case 0x81 -> sub == 0x08 ? "redirect " + ip4 : "flowspec-ipv4 0x" + hex2(sub) + " " + ip4;
            case 0x82 -> sub == 0x08 ? "redirect " + as4 : "flowspec-as4 0x" + hex2(sub) + " " + as4;
            default -> "type 0x" + hex2(type) + " subtype 0x" + hex2(sub) + " " + w.hex(p + 2, 6);
        };
    }

    private static String tunnelType(int t) {
        return switch (t) {
            case 1 -> "L2TPv3";
            case 2 -> "GRE";
            case 7 -> "IP-in-IP";
            case 8 -> "VXLAN";
            case 9 -> "NVGRE";
            case 10 -> "MPLS";
            case 11 -> "MPLS-in-GRE";
            case 12 -> "VXLAN-GPE";
            case 13 -> "MPLS-in-UDP";
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

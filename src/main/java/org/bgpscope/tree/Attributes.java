package org.bgpscope.tree;

import java.util.HashMap;
import java.util.Map;
import org.bgpscope.bgp.Family;

/**
 * Path attributes (RFC 4271 §4.3 and §5, IANA "BGP Path Attributes"): a registry keyed by type code.
 * Each entry names the attribute, its key, the RFC that defines it and what RFC 7606 says a router
 * does when it is malformed; its decoder fills the attribute's node with the value's fields.
 */
public final class Attributes {
    private Attributes() {}

    public static final String TREAT_AS_WITHDRAW = "treat-as-withdraw";
    public static final String ATTRIBUTE_DISCARD = "attribute-discard";
    public static final String SESSION_RESET = "session-reset";

    /** Fills {@code attr} from the value bytes {@code [off, off+len)}; may throw {@link Wire.Short}. */
    interface Decoder {
        void decode(Ctx c, FieldNode attr, String key, int off, int len);
    }

    record Type(int code, String name, String key, String reference, String onError, Decoder decoder) {}

    static final Map<Integer, Type> REGISTRY = new HashMap<>();

    private static void register(int code, String name, String key, String ref, String onError, Decoder d) {
        REGISTRY.put(code, new Type(code, name, key, ref, onError, d));
    }

    static {
        register(1, "ORIGIN", "origin", "RFC 4271 §5.1.1", TREAT_AS_WITHDRAW, Attributes::origin);
        register(2, "AS_PATH", "as_path", "RFC 4271 §5.1.2", TREAT_AS_WITHDRAW, (c, a, k, o, l) -> AsPath.decode(c, a, k, o, l, c.as4()));
        register(3, "NEXT_HOP", "next_hop", "RFC 4271 §5.1.3", TREAT_AS_WITHDRAW, Attributes::nextHop);
        register(4, "MULTI_EXIT_DISC", "med", "RFC 4271 §5.1.4", TREAT_AS_WITHDRAW, Attributes::u32);
        register(5, "LOCAL_PREF", "local_pref", "RFC 4271 §5.1.5", TREAT_AS_WITHDRAW, Attributes::u32);
        register(6, "ATOMIC_AGGREGATE", "atomic_aggregate", "RFC 4271 §5.1.6", ATTRIBUTE_DISCARD, Attributes::empty);
        register(7, "AGGREGATOR", "aggregator", "RFC 4271 §5.1.7, RFC 6793 §3", ATTRIBUTE_DISCARD, Attributes::aggregator);
        register(8, "COMMUNITIES", "communities", "RFC 1997", TREAT_AS_WITHDRAW, Communities::standard);
        register(9, "ORIGINATOR_ID", "originator_id", "RFC 4456 §8", TREAT_AS_WITHDRAW, Attributes::ipv4);
        register(10, "CLUSTER_LIST", "cluster_list", "RFC 4456 §8", TREAT_AS_WITHDRAW, Attributes::clusterList);
        register(14, "MP_REACH_NLRI", "mp_reach", "RFC 4760 §3", SESSION_RESET, Multiprotocol::reach);
        register(15, "MP_UNREACH_NLRI", "mp_unreach", "RFC 4760 §4", SESSION_RESET, Multiprotocol::unreach);
        register(16, "EXTENDED_COMMUNITIES", "extended_communities", "RFC 4360 §2", TREAT_AS_WITHDRAW, Communities::extended);
        register(17, "AS4_PATH", "as4_path", "RFC 6793 §3", ATTRIBUTE_DISCARD, (c, a, k, o, l) -> AsPath.decode(c, a, k, o, l, true));
        register(18, "AS4_AGGREGATOR", "as4_aggregator", "RFC 6793 §3", ATTRIBUTE_DISCARD, Attributes::aggregator);
        register(22, "PMSI_TUNNEL", "pmsi_tunnel", "RFC 6514 §5", TREAT_AS_WITHDRAW, PmsiTunnel::decode);
        register(23, "TUNNEL_ENCAPSULATION", "tunnel_encapsulation", "RFC 9012 §2", TREAT_AS_WITHDRAW, TunnelEncapsulation::decode);
        register(25, "IPV6_ADDRESS_SPECIFIC_EXTENDED_COMMUNITY", "ipv6_extended_communities", "RFC 5701", TREAT_AS_WITHDRAW, Communities::ipv6Extended);
        register(26, "AIGP", "aigp", "RFC 7311 §3", ATTRIBUTE_DISCARD, Attributes::aigp);
        register(29, "BGP-LS", "bgp_ls", "RFC 9552 §5.3", ATTRIBUTE_DISCARD, BgpLs::attribute);
        register(32, "LARGE_COMMUNITY", "large_communities", "RFC 8092 §3", TREAT_AS_WITHDRAW, Communities::large);
        register(33, "BGPsec_PATH", "bgpsec_path", "RFC 8205 §3", TREAT_AS_WITHDRAW, Bgpsec::path);
        register(35, "ONLY_TO_CUSTOMER", "otc", "RFC 9234 §5", TREAT_AS_WITHDRAW, Attributes::u32);
        register(40, "BGP Prefix-SID", "prefix_sid", "RFC 8669 §3", ATTRIBUTE_DISCARD, PrefixSid::decode);
        register(128, "ATTR_SET", "attr_set", "RFC 6368 §5", TREAT_AS_WITHDRAW, Attributes::attrSet);
        // The rest of IANA's "BGP Path Attributes": named, with their values raw.
        register(11, "DPA (deprecated)", "dpa", "IANA BGP Path Attributes (RFC 6938)", ATTRIBUTE_DISCARD, Attributes::raw);
        register(12, "ADVERTISER (historic)", "advertiser", "RFC 1863, RFC 4223", ATTRIBUTE_DISCARD, Attributes::raw);
        register(13, "RCID_PATH / CLUSTER_ID (historic)", "rcid_path", "RFC 1863, RFC 4223", ATTRIBUTE_DISCARD, Attributes::raw);
        register(19, "SAFI Specific Attribute (deprecated)", "ssa", "IANA BGP Path Attributes", ATTRIBUTE_DISCARD, Attributes::raw);
        register(20, "Connector Attribute (deprecated)", "connector", "RFC 6037", ATTRIBUTE_DISCARD, Attributes::raw);
        register(21, "AS_PATHLIMIT (deprecated)", "as_pathlimit", "draft-ietf-idr-as-pathlimit", ATTRIBUTE_DISCARD, Attributes::raw);
        register(24, "Traffic Engineering", "traffic_engineering", "RFC 5543", ATTRIBUTE_DISCARD, Attributes::raw);
        register(27, "PE Distinguisher Labels", "pe_distinguisher_labels", "RFC 6514 §8", ATTRIBUTE_DISCARD, Attributes::raw);
        register(28, "BGP Entropy Label Capability (deprecated)", "entropy_label", "RFC 6790, RFC 7447", ATTRIBUTE_DISCARD, Attributes::raw);
        register(34, "BGP Community Container", "community_container", "draft-ietf-idr-wide-bgp-communities", ATTRIBUTE_DISCARD, Attributes::raw);
        register(36, "BGP Domain Path (D-PATH)", "d_path", "draft-ietf-bess-evpn-ipvpn-interworking", ATTRIBUTE_DISCARD, Attributes::raw);
        register(37, "SFP attribute", "sfp", "RFC 9015 §6", ATTRIBUTE_DISCARD, Attributes::raw);
        register(38, "BFD Discriminator", "bfd_discriminator", "RFC 9026 §3.1.1", ATTRIBUTE_DISCARD, Attributes::raw);
        register(41, "BIER", "bier", "draft-ietf-bier-idr-extensions", ATTRIBUTE_DISCARD, Attributes::raw);
    }

    /**
     * Decodes the path attributes in {@code [off, end)} under {@code parent}. Each attribute's node has
     * its flags (bit by bit), type, length and value; a malformed one carries its problem and RFC 7606
     * action, and decoding goes on with the next attribute when its length is sound.
     */
    public static void list(Ctx c, FieldNode parent, String base, int off, int end, int depth) {
        Wire w = c.w();
        int p = off;
        while (p < end) {
            if (end - p < 3) {
                parent.problem(Problem.error(p, "path attribute header needs 3 bytes, only " + (end - p) + " left")
                        .withAction(TREAT_AS_WITHDRAW));
                return;
            }
            int flags = w.u8(p);
            int code = w.u8(p + 1);
            boolean ext = (flags & 0x10) != 0;
            int hdr = ext ? 4 : 3;
            if (end - p < hdr) {
                parent.problem(Problem.error(p, "extended-length attribute header needs 4 bytes").withAction(TREAT_AS_WITHDRAW));
                return;
            }
            int len = ext ? w.u16(p + 2) : w.u8(p + 2);
            Type t = REGISTRY.get(code);
            Keys k = keys(base);
            String key = k.attribute(code, t);
            String name = t == null ? "attribute type " + code : t.name();
            int avail = Math.min(len, end - p - hdr);
            FieldNode attr = parent.add(name, key, p, hdr + avail);
            attr.reference(t == null ? "RFC 4271 §4.3" : t.reference());
            FieldNode f = attr.add("flags", k.flags, p, 1).value((long) flags)
                    .text(FLAG_TEXT[flags]).reference("RFC 4271 §4.3");
            f.bit("optional", k.optional, 0x80, (flags & 0x80) != 0);
            f.bit("transitive", k.transitive, 0x40, (flags & 0x40) != 0);
            f.bit("partial", k.partial, 0x20, (flags & 0x20) != 0);
            f.bit("extended length", k.extendedLength, 0x10, ext);
            attr.leaf("type code", k.type, p + 1, 1, (long) code).text(typeText(code, name));
            attr.leaf("length", k.length, p + 2, hdr - 2, (long) len);
            if (len > end - p - hdr) {
                attr.problem(Problem.error(p + 2, name + " claims " + len + " bytes but only " + (end - p - hdr)
                        + " remain in the attributes").withAction(TREAT_AS_WITHDRAW));
                return;
            }
            String onError = t == null ? ATTRIBUTE_DISCARD : t.onError();
            String expected = expectedFlags(code);
            if (expected != null && ((flags & 0xC0) != expectedMask(code))) {
                attr.problem(Problem.warning(p, name + " flags 0x" + Integer.toHexString(flags & 0xC0)
                        + " should be " + expected + " (RFC 7606 §3.c)").withAction(onError));
            }
            try {
                if (t == null) {
                    attr.value(w.hex(p + hdr, len));
                    if (len > 0) {
                        attr.leaf("value", key + ".value", p + hdr, len, w.hex(p + hdr, len));
                    }
                    attr.text(name + " (" + ((flags & 0x80) != 0 ? "optional" : "well-known") + ", not decoded): " + len + " bytes");
                } else if (code == 128 && depth > 0) {
                    attr.problem(Problem.error(p, "ATTR_SET inside ATTR_SET").withAction(TREAT_AS_WITHDRAW));
                } else {
                    t.decoder().decode(c, attr, key, p + hdr, len);
                }
            } catch (Wire.Short e) {
                attr.problem(Problem.error(e.offset, name + ": " + e.what).withAction(onError));
            }
            p += hdr + len;
        }
    }

    /**
     * The keys of an attribute's header fields under one base ("bgp.update.attr", or an ATTR_SET's),
     * made once rather than for every attribute of every message.
     */
    private static final class Keys {
        final String flags;
        final String optional;
        final String transitive;
        final String partial;
        final String extendedLength;
        final String type;
        final String length;
        private final String base;
        private final String[] byCode = new String[256];

        Keys(String base) {
            this.base = base;
            flags = base + ".flags";
            optional = flags + ".optional";
            transitive = flags + ".transitive";
            partial = flags + ".partial";
            extendedLength = flags + ".extended_length";
            type = base + ".type";
            length = base + ".length";
        }

        String attribute(int code, Type t) {
            String k = byCode[code];
            if (k == null) {
                k = base + "." + (t == null ? "unknown" : t.key());
                byCode[code] = k;
            }
            return k;
        }
    }

    private static final java.util.Map<String, Keys> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Keys keys(String base) {
        Keys k = KEYS.get(base);
        if (k == null) {
            k = new Keys(base);
            if (KEYS.size() < 64) {
                KEYS.put(base, k);
            }
        }
        return k;
    }

    /** "flags: 0x40 (well-known, transitive)" for each flags byte. */
    private static final String[] FLAG_TEXT = new String[256];
    /** "type code: 2 (AS_PATH)" for each type code. */
    private static final String[] TYPE_TEXT = new String[256];

    static {
        for (int flags = 0; flags < 256; flags++) {
            FLAG_TEXT[flags] = "flags: 0x" + Integer.toHexString(flags) + flagText(flags);
        }
    }

    private static String typeText(int code, String name) {
        String t = TYPE_TEXT[code];
        if (t == null) {
            t = "type code: " + code + " (" + name + ")";
            TYPE_TEXT[code] = t;
        }
        return t;
    }

    private static String flagText(int flags) {
        StringBuilder sb = new StringBuilder(" (");
        sb.append((flags & 0x80) != 0 ? "optional" : "well-known");
        sb.append((flags & 0x40) != 0 ? ", transitive" : ", non-transitive");
        if ((flags & 0x20) != 0) {
            sb.append(", partial");
        }
        if ((flags & 0x10) != 0) {
            sb.append(", extended length");
        }
        return sb.append(')').toString();
    }

    /** Optional and transitive bits RFC 4271 §5 and the attributes' RFCs fix. */
    private static int expectedMask(int code) {
        return switch (code) {
            case 1, 2, 3, 5, 6 -> 0x40;
            case 4, 9, 10, 14, 15, 26 -> 0x80;
            case 7, 8, 16, 17, 18, 32, 35 -> 0xC0;
            default -> -1;
        };
    }

    private static String expectedFlags(int code) {
        return switch (expectedMask(code)) {
            case 0x40 -> "well-known transitive (0x40)";
            case 0x80 -> "optional non-transitive (0x80)";
            case 0xC0 -> "optional transitive (0xc0)";
            default -> null;
        };
    }

    private static void fixed(Ctx c, FieldNode a, int len, int want, int off) {
        if (len != want) {
            throw new Wire.Short(off, "length " + len + ", expected " + want);
        }
    }

    static void origin(Ctx c, FieldNode a, String key, int off, int len) {
        fixed(c, a, len, 1, off);
        int v = c.w().u8(off);
        String s = switch (v) {
            case 0 -> "IGP";
            case 1 -> "EGP";
            case 2 -> "INCOMPLETE";
            default -> null;
        };
        if (s == null) {
            a.problem(Problem.error(off, "ORIGIN value " + v + " is not 0, 1 or 2 (RFC 7606 §7.1)").withAction(TREAT_AS_WITHDRAW));
            s = "unknown (" + v + ")";
        }
        a.value(s).text("ORIGIN: " + s);
        a.leaf("origin", key + ".value", off, 1, (long) v).text("origin: " + v + " (" + s + ")");
    }

    static void nextHop(Ctx c, FieldNode a, String key, int off, int len) {
        fixed(c, a, len, 4, off);
        String ip = c.w().ipv4(off);
        a.value(ip).text("NEXT_HOP: " + ip);
        a.leaf("next hop", key + ".value", off, 4, ip);
    }

    static void ipv4(Ctx c, FieldNode a, String key, int off, int len) {
        fixed(c, a, len, 4, off);
        String ip = c.w().ipv4(off);
        a.value(ip).text(a.name() + ": " + ip);
        a.leaf(a.name().toLowerCase(), key + ".value", off, 4, ip);
    }

    static void u32(Ctx c, FieldNode a, String key, int off, int len) {
        fixed(c, a, len, 4, off);
        long v = c.w().u32(off);
        a.value(v).text(a.name() + ": " + v);
        a.leaf("value", key + ".value", off, 4, v);
    }

    static void empty(Ctx c, FieldNode a, String key, int off, int len) {
        fixed(c, a, len, 0, off);
        a.value(Boolean.TRUE).text(a.name());
    }

    static void raw(Ctx c, FieldNode a, String key, int off, int len) {
        a.value(c.w().hex(off, len)).text(a.name() + ": " + len + " bytes");
        if (len > 0) {
            a.leaf("value", key + ".value", off, len, c.w().hex(off, len));
        }
    }

    /** RFC 4271 §5.1.7 (2-octet AS, 6 bytes) or RFC 6793 (4-octet, 8 bytes), told by the length. */
    static void aggregator(Ctx c, FieldNode a, String key, int off, int len) {
        if (len != 6 && len != 8) {
            throw new Wire.Short(off, "length " + len + ", expected 6 or 8");
        }
        int asLen = len - 4;
        long as = asLen == 4 ? c.w().u32(off) : c.w().u16(off);
        String ip = c.w().ipv4(off + asLen);
        a.value(as + " " + ip).text(a.name() + ": AS " + as + ", " + ip);
        a.leaf("AS", key + ".as", off, asLen, as);
        a.leaf("address", key + ".address", off + asLen, 4, ip);
    }

    static void clusterList(Ctx c, FieldNode a, String key, int off, int len) {
        if (len % 4 != 0) {
            throw new Wire.Short(off, "length " + len + " is not a multiple of 4");
        }
        StringBuilder sb = new StringBuilder();
        for (int p = off; p < off + len; p += 4) {
            String id = c.w().ipv4(p);
            a.leaf("cluster id", key + ".id", p, 4, id);
            sb.append(sb.isEmpty() ? "" : " ").append(id);
        }
        a.value(sb.toString()).text("CLUSTER_LIST: " + sb);
    }

    /** RFC 7311 §3: TLVs of type (1), length (2, including the header), value; type 1 is the AIGP metric. */
    static void aigp(Ctx c, FieldNode a, String key, int off, int len) {
        int p = off;
        while (p < off + len) {
            c.w().need(p, 3, off + len, "AIGP TLV header");
            int type = c.w().u8(p);
            int tl = c.w().u16(p + 1);
            if (tl < 3) {
                throw new Wire.Short(p + 1, "AIGP TLV length " + tl + " is less than its 3-byte header");
            }
            c.w().need(p, tl, off + len, "AIGP TLV");
            FieldNode t = a.add(type == 1 ? "AIGP metric" : "AIGP TLV " + type, key + ".tlv", p, tl);
            t.leaf("type", key + ".tlv.type", p, 1, (long) type);
            t.leaf("length", key + ".tlv.length", p + 1, 2, (long) tl);
            if (type == 1 && tl == 11) {
                long metric = c.w().bytes().get(org.bgpscope.capture.Bytes.BE64, p + 3);
                t.leaf("metric", key + ".metric", p + 3, 8, metric);
                t.value(metric);
                a.value(metric).text("AIGP: " + metric);
            } else if (tl > 3) {
                t.leaf("value", key + ".tlv.value", p + 3, tl - 3, c.w().hex(p + 3, tl - 3));
            }
            p += tl;
        }
    }

    /** RFC 6368 §5: the origin AS, then path attributes of another AS. */
    static void attrSet(Ctx c, FieldNode a, String key, int off, int len) {
        c.w().need(off, 4, off + len, "ATTR_SET origin AS");
        long as = c.w().u32(off);
        a.leaf("origin AS", key + ".origin_as", off, 4, as);
        list(c, a, key + ".attr", off + 4, off + len, 1);
        a.value(as).text("ATTR_SET: origin AS " + as);
    }

    static Family family(Wire w, int off) {
        return new Family(w.u16(off), w.u8(off + 2));
    }
}

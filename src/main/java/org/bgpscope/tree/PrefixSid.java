package org.bgpscope.tree;

/**
 * BGP Prefix-SID attribute (RFC 8669 §3): TLVs of a 1-byte type and a 2-byte length. Label-Index
 * (type 1, §3.1) and Originator SRGB (type 3, §3.2) are decoded, and the SRv6 L3 and L2 Service TLVs
 * of RFC 9252 (types 5 and 6, §2) with their SRv6 SID Information sub-TLV (§3.1) and its SID
 * Structure sub-sub-TLV (§3.2.1). Other types stay raw with their type named.
 */
final class PrefixSid {
    private PrefixSid() {}

    static String tlvName(int type) {
        return switch (type) {
            case 1 -> "Label-Index";
            case 3 -> "Originator SRGB";
            case 4 -> "SRv6 VPN SID (deprecated)";
            case 5 -> "SRv6 L3 Service";
            case 6 -> "SRv6 L2 Service";
            default -> "TLV type " + type;
        };
    }

    static void decode(Ctx c, FieldNode a, String key, int off, int len) {
        Wire w = c.w();
        int end = off + len;
        int p = off;
        int n = 0;
        StringBuilder sb = new StringBuilder();
        while (p < end) {
            w.need(p, 3, end, "Prefix-SID TLV header");
            int type = w.u8(p);
            int tl = w.u16(p + 1);
            w.need(p + 3, tl, end, tlvName(type) + " TLV value");
            String text = tlv(w, a, key + ".tlv", type, p, tl);
            sb.append(sb.isEmpty() ? "" : "; ").append(text);
            p += 3 + tl;
            n++;
        }
        a.value((long) n).text("BGP Prefix-SID: " + sb);
    }

    /** One Prefix-SID TLV at {@code p} (type, 2-byte length, value); returns its text. */
    static String tlv(Wire w, FieldNode parent, String k, int type, int p, int tl) {
        FieldNode t = parent.add(tlvName(type) + " TLV", k, p, 3 + tl).value((long) type).reference("RFC 8669 §3");
        t.leaf("type", k + ".type", p, 1, (long) type).text("type: " + type + " (" + tlvName(type) + ")");
        t.leaf("length", k + ".length", p + 1, 2, (long) tl);
        int v = p + 3;
        String text;
        switch (type) {
            case 1 -> {
                // §3.1: reserved (1), flags (2), label index (4); length 7.
                if (tl != 7) {
                    throw new Wire.Short(p + 1, "Label-Index TLV length " + tl + ", expected 7 (RFC 8669 §3.1)");
                }
                t.leaf("reserved", k + ".reserved", v, 1, (long) w.u8(v));
                t.leaf("flags", k + ".flags", v + 1, 2, (long) w.u16(v + 1));
                long index = w.u32(v + 3);
                t.leaf("label index", k + ".label_index", v + 3, 4, index);
                text = "label index " + index;
            }
            case 3 -> {
                // §3.2: flags (2), then SRGBs of base (3) and range (3).
                if (tl < 2 || (tl - 2) % 6 != 0) {
                    throw new Wire.Short(p + 1, "Originator SRGB TLV length " + tl + " is not 2 plus a multiple of 6 (RFC 8669 §3.2)");
                }
                t.leaf("flags", k + ".flags", v, 2, (long) w.u16(v));
                StringBuilder sb = new StringBuilder("SRGB");
                for (int q = v + 2; q < v + tl; q += 6) {
                    long base = w.u24(q);
                    long range = w.u24(q + 3);
                    FieldNode g = t.add("SRGB", k + ".srgb", q, 6).value(base + "/" + range).text("SRGB: base " + base + ", range " + range);
                    g.leaf("SRGB base", k + ".srgb.base", q, 3, base);
                    g.leaf("SRGB range", k + ".srgb.range", q + 3, 3, range);
                    sb.append(' ').append(base).append('+').append(range);
                }
                text = sb.toString();
            }
            case 5, 6 -> text = srv6Service(w, t, k, type, v, tl);
            default -> {
                if (tl > 0) {
                    t.leaf("value", k + ".value", v, tl, w.hex(v, tl));
                }
                text = tlvName(type) + " " + w.hex(v, tl);
            }
        }
        t.text(tlvName(type) + " TLV: " + text);
        return text;
    }

    /** RFC 9252 §2: reserved (1), then SRv6 Service sub-TLVs of type (1), length (2), value. */
    private static String srv6Service(Wire w, FieldNode t, String k, int type, int v, int tl) {
        t.reference("RFC 9252 §2");
        w.need(v, 1, v + tl, "SRv6 Service TLV reserved byte");
        t.leaf("reserved", k + ".reserved", v, 1, (long) w.u8(v));
        int end = v + tl;
        int q = v + 1;
        StringBuilder sb = new StringBuilder(type == 5 ? "SRv6 L3 service" : "SRv6 L2 service");
        while (q < end) {
            w.need(q, 3, end, "SRv6 Service sub-TLV header");
            int st = w.u8(q);
            int sl = w.u16(q + 1);
            w.need(q + 3, sl, end, "SRv6 Service sub-TLV value");
            String sk = k + ".sub_tlv";
            FieldNode s = t.add(st == 1 ? "SRv6 SID Information sub-TLV" : "SRv6 Service sub-TLV type " + st, sk, q, 3 + sl)
                    .value((long) st).reference("RFC 9252 §3");
            s.leaf("type", sk + ".type", q, 1, (long) st);
            s.leaf("length", sk + ".length", q + 1, 2, (long) sl);
            if (st == 1) {
                sb.append(' ').append(sidInformation(w, s, sk, q + 3, sl));
            } else if (sl > 0) {
                s.leaf("value", sk + ".value", q + 3, sl, w.hex(q + 3, sl));
            }
            q += 3 + sl;
        }
        return sb.toString();
    }

    /**
     * RFC 9252 §3.1: reserved (1), SRv6 SID (16), SID flags (1), endpoint behavior (2), reserved (1),
     * then Service Data sub-sub-TLVs, of which type 1 is the SID Structure (§3.2.1).
     */
    private static String sidInformation(Wire w, FieldNode s, String sk, int v, int sl) {
        if (sl < 21) {
            throw new Wire.Short(v, "SRv6 SID Information sub-TLV length " + sl + " is less than 21 (RFC 9252 §3.1)");
        }
        int end = v + sl;
        String sid = w.address(v + 1, 16);
        int behavior = w.u16(v + 18);
        s.leaf("reserved", sk + ".reserved", v, 1, (long) w.u8(v));
        s.leaf("SRv6 SID", sk + ".sid", v + 1, 16, sid);
        s.leaf("SID flags", sk + ".sid_flags", v + 17, 1, (long) w.u8(v + 17));
        s.leaf("endpoint behavior", sk + ".behavior", v + 18, 2, (long) behavior)
                .text("endpoint behavior: " + behavior + " (" + behaviorName(behavior) + ")");
        s.leaf("reserved", sk + ".reserved2", v + 20, 1, (long) w.u8(v + 20));
        int q = v + 21;
        String structure = "";
        while (q < end) {
            w.need(q, 3, end, "SRv6 Service Data sub-sub-TLV header");
            int t = w.u8(q);
            int l = w.u16(q + 1);
            w.need(q + 3, l, end, "SRv6 Service Data sub-sub-TLV value");
            String k = sk + ".sub_sub_tlv";
            FieldNode d = s.add(t == 1 ? "SRv6 SID Structure sub-sub-TLV" : "SRv6 Service Data sub-sub-TLV type " + t, k, q, 3 + l)
                    .value((long) t).reference(t == 1 ? "RFC 9252 §3.2.1" : "RFC 9252 §3.2");
            d.leaf("type", k + ".type", q, 1, (long) t);
            d.leaf("length", k + ".length", q + 1, 2, (long) l);
            if (t == 1) {
                if (l != 6) {
                    throw new Wire.Short(q + 1, "SRv6 SID Structure length " + l + ", expected 6 (RFC 9252 §3.2.1)");
                }
                String[] names = {"locator block length", "locator node length", "function length", "argument length",
                    "transposition length", "transposition offset"};
                String[] keys = {"block_length", "node_length", "function_length", "argument_length", "transposition_length",
                    "transposition_offset"};
                StringBuilder st = new StringBuilder();
                for (int i = 0; i < 6; i++) {
                    d.leaf(names[i], k + "." + keys[i], q + 3 + i, 1, (long) w.u8(q + 3 + i));
                    st.append(i == 0 ? "" : "/").append(w.u8(q + 3 + i));
                }
                structure = " structure " + st;
                d.value(st.toString()).text("SRv6 SID Structure: LB " + w.u8(q + 3) + ", LN " + w.u8(q + 4) + ", F " + w.u8(q + 5)
                        + ", A " + w.u8(q + 6) + ", transposition " + w.u8(q + 7) + " at " + w.u8(q + 8));
            } else if (l > 0) {
                d.leaf("value", k + ".value", q + 3, l, w.hex(q + 3, l));
            }
            q += 3 + l;
        }
        String text = "SID " + sid + " " + behaviorName(behavior) + structure;
        s.text("SRv6 SID Information: " + text);
        return text;
    }

    /** IANA "SRv6 Endpoint Behaviors" (RFC 8986 §10.2), the ones services carry. */
    static String behaviorName(int b) {
        return switch (b) {
            case 1 -> "End";
            case 5 -> "End.X";
            case 9 -> "End.T";
            case 16 -> "End.DX6";
            case 17 -> "End.DX4";
            case 18 -> "End.DT6";
            case 19 -> "End.DT4";
            case 20 -> "End.DT46";
            case 21 -> "End.DX2";
            case 22 -> "End.DX2V";
            case 23 -> "End.DT2U";
            case 24 -> "End.DT2M";
            case 0xFFFF -> "opaque";
            default -> "behavior " + b;
        };
    }
}

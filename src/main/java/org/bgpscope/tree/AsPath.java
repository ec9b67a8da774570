package org.bgpscope.tree;

/**
 * AS_PATH and AS4_PATH (RFC 4271 §4.3, RFC 6793 §3, RFC 5065 §3 for confederations): segments of
 * type, count and AS numbers of 2 or 4 bytes. When the session is unknown, the 4-byte reading is
 * kept if it parses the attribute exactly, as Wireshark does, and the guess is said.
 */
final class AsPath {
    private AsPath() {}

    static String segmentName(int type) {
        return switch (type) {
            case 1 -> "AS_SET";
            case 2 -> "AS_SEQUENCE";
            case 3 -> "AS_CONFED_SEQUENCE";
            case 4 -> "AS_CONFED_SET";
            default -> "segment type " + type;
        };
    }

    static void decode(Ctx c, FieldNode a, String key, int off, int len, Boolean as4) {
        boolean four;
        if (as4 != null) {
            four = as4;
            if (key.equals("bgp.update.attr.as_path")) {
                a.session(c.session().describeAs4());
            }
        } else {
            boolean fits4 = org.bgpscope.bgp.Readings.pathFits(c.w().bytes(), off, off + len, 4);
            boolean fits2 = org.bgpscope.bgp.Readings.pathFits(c.w().bytes(), off, off + len, 2);
            four = fits4 || !fits2;
            a.problem(Problem.info(off, (four ? "4" : "2") + "-octet AS numbers guessed (" + c.session().note() + "; "
                    + (fits4 && fits2 ? "both readings parse" : "only this reading parses") + ")"));
        }
        int asLen = four ? 4 : 2;
        Wire w = c.w();
        StringBuilder path = new StringBuilder();
        int p = off;
        int end = off + len;
        while (p < end) {
            w.need(p, 2, end, "AS_PATH segment header");
            int type = w.u8(p);
            int count = w.u8(p + 1);
            if (type < 1 || type > 4) {
                a.problem(Problem.error(p, "AS_PATH segment type " + type + " is not 1 to 4 (RFC 7606 §7.2)")
                        .withAction(Attributes.TREAT_AS_WITHDRAW));
            }
            if (count == 0) {
                a.problem(Problem.error(p + 1, "AS_PATH segment with zero ASNs (RFC 7606 §7.2)").withAction(Attributes.TREAT_AS_WITHDRAW));
            }
            w.need(p + 2, count * asLen, end, segmentName(type) + " of " + count + " ASNs");
            FieldNode seg = a.add(segmentName(type), key + ".segment", p, 2 + count * asLen);
            seg.leaf("segment type", key + ".segment.type", p, 1, (long) type).text("segment type: " + type + " (" + segmentName(type) + ")");
            seg.leaf("segment length", key + ".segment.length", p + 1, 1, (long) count);
            boolean set = type == 1 || type == 4;
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < count; i++) {
                int q = p + 2 + i * asLen;
                long asn = four ? w.u32(q) : w.u16(q);
                seg.leaf("AS", key + ".asn", q, asLen, asn).text("AS " + asn);
                s.append(i == 0 ? "" : set ? "," : " ").append(asn);
            }
            String text = switch (type) {
                case 1 -> "{" + s + "}";
                case 3 -> "(" + s + ")";
                case 4 -> "[" + s + "]";
                default -> s.toString();
            };
            seg.value(text).text(segmentName(type) + ": " + text);
            path.append(path.isEmpty() ? "" : " ").append(text);
            p += 2 + count * asLen;
        }
        a.value(path.toString()).text(a.name() + ": " + path);
    }
}

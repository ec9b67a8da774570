package org.bgpscope.tree;

/** RFC 4364 §4.2: route distinguisher types 0, 1 and 2. */
final class RouteDistinguisher {
    private RouteDistinguisher() {}

    static String decode(Wire w, FieldNode parent, String key, int off) {
        int type = w.u16(off);
        String text = switch (type) {
            case 0 -> w.u16(off + 2) + ":" + w.u32(off + 4);
            case 1 -> w.ipv4(off + 2) + ":" + w.u16(off + 6);
            case 2 -> w.u32(off + 2) + ":" + w.u16(off + 6);
            default -> "type " + type + " " + w.hex(off + 2, 6);
        };
        FieldNode rd = parent.add("route distinguisher", key, off, 8).value(text).reference("RFC 4364 §4.2");
        rd.leaf("RD type", key + ".type", off, 2, (long) type);
        rd.leaf("RD value", key + ".value", off + 2, 6, text);
        return text;
    }
}

package org.bgpscope.tree;

import org.bgpscope.bgp.Family;

/**
 * Outbound Route Filtering: the ORF entries a ROUTE-REFRESH carries (RFC 5291 §5) and the Address
 * Prefix ORF (RFC 5292 §3, ORF type 64); other ORF types stay raw with their type named.
 */
final class Orf {
    private Orf() {}

    static String typeName(int t) {
        return switch (t) {
            case 64 -> "Address Prefix ORF";
            case 65 -> "CP-ORF";
            case 128 -> "Address Prefix ORF (Cisco, pre-standard)";
            default -> "ORF type " + t;
        };
    }

    /** RFC 5291 §5: when-to-refresh, then ORF type, length of ORFs and entries, as often as they come. */
    static String entries(Wire w, FieldNode root, Family f, int off, int end) {
        String k = "bgp.route_refresh.orf";
        FieldNode orf = root.add("ORF entries", k, off, end - off).reference("RFC 5291 §5");
        int when = w.u8(off);
        String whenName = when == 1 ? "IMMEDIATE" : when == 2 ? "DEFER" : "invalid " + when;
        orf.leaf("when-to-refresh", k + ".when", off, 1, (long) when).text("when-to-refresh: " + when + " (" + whenName + ")");
        if (when != 1 && when != 2) {
            orf.problem(Problem.warning(off, "when-to-refresh " + when + " is neither IMMEDIATE (1) nor DEFER (2) (RFC 5291 §5)"));
        }
        int p = off + 1;
        int entries = 0;
        try {
            while (p < end) {
                w.need(p, 3, end, "ORF type and length");
                int type = w.u8(p);
                int len = w.u16(p + 1);
                w.need(p + 3, len, end, typeName(type) + " entries");
                FieldNode t = orf.add(typeName(type), k + ".type_block", p, 3 + len).value((long) type);
                t.leaf("ORF type", k + ".orf_type", p, 1, (long) type).text("ORF type: " + type + " (" + typeName(type) + ")");
                t.leaf("length of ORFs", k + ".orf_length", p + 1, 2, (long) len);
                int q = p + 3;
                while (q < p + 3 + len) {
                    q = entry(w, t, k + ".entry", type, f, q, p + 3 + len);
                    entries++;
                }
                p += 3 + len;
            }
        } catch (Wire.Short e) {
            orf.problem(Problem.error(e.offset, "ORF entries: " + e.what));
        }
        orf.value(whenName + ", " + entries + " entr" + (entries == 1 ? "y" : "ies")).text("ORF entries: " + whenName + ", " + entries);
        return whenName;
    }

    /** One ORF entry: the common byte (action 2 bits, match 1 bit, RFC 5291 §5), then the type's part. */
    private static int entry(Wire w, FieldNode t, String k, int type, Family f, int q, int end) {
        int b = w.u8(q);
        int action = b >>> 6;
        String actionName = switch (action) {
            case 0 -> "ADD";
            case 1 -> "REMOVE";
            case 2 -> "REMOVE-ALL";
            default -> "invalid action 3";
        };
        boolean deny = (b & 0x20) != 0;
        FieldNode e = t.add("ORF entry", k, q, 1);
        FieldNode c = e.add("action and match", k + ".common", q, 1).value((long) b).reference("RFC 5291 §5");
        c.bit("action", k + ".action", 0xC0, true).value((long) action).text(String.format("%s action: %d (%s)",
                (action >> 1) + "" + (action & 1) + ".. ....", action, actionName));
        c.bit("match", k + ".match", 0x20, deny).text(".." + (deny ? "1" : "0") + ". .... match: " + (deny ? "DENY" : "PERMIT"));
        if (action == 2 || type != 64) {
            // REMOVE-ALL has only the common byte; other ORF types' entries cannot be delimited, so the rest is raw.
            int n = action == 2 ? 1 : end - q;
            if (n > 1) {
                e.leaf("value", k + ".value", q + 1, n - 1, w.hex(q + 1, n - 1));
            }
            e.length(n).value(actionName).text("ORF entry: " + actionName + (n > 1 ? " " + w.hex(q + 1, n - 1) : ""));
            return q + n;
        }
        // RFC 5292 §3: sequence (4), minlen (1), maxlen (1), length (1), prefix.
        w.need(q + 1, 7, end, "Address Prefix ORF entry");
        long seq = w.u32(q + 1);
        int min = w.u8(q + 5);
        int max = w.u8(q + 6);
        int bits = w.u8(q + 7);
        int ab = Nlri.addressBytes(f.afi());
        int n = (bits + 7) / 8;
        if (bits > ab * 8) {
            throw new Wire.Short(q + 7, "prefix length " + bits + " exceeds " + ab * 8 + " bits");
        }
        w.need(q + 8, n, end, "Address Prefix ORF prefix");
        String pfx = w.prefix(q + 8, bits, ab);
        e.leaf("sequence", k + ".sequence", q + 1, 4, seq).reference("RFC 5292 §3");
        e.leaf("minimum length", k + ".min_length", q + 5, 1, (long) min);
        e.leaf("maximum length", k + ".max_length", q + 6, 1, (long) max);
        e.leaf("prefix length", k + ".length", q + 7, 1, (long) bits);
        e.leaf("prefix", k + ".prefix", q + 8, n, pfx);
        String text = actionName + " seq " + seq + " " + (deny ? "deny " : "permit ") + pfx
                + (min > 0 ? " ge " + min : "") + (max > 0 ? " le " + max : "");
        e.length(8 + n).value(text).text("ORF entry: " + text);
        return q + 8 + n;
    }
}

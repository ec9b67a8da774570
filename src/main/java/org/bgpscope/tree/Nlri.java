package org.bgpscope.tree;

import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.Negotiated;

/**
 * NLRI decoders keyed by address family (AFI/SAFI): each reads one NLRI at an offset and returns
 * where it ends. ADD-PATH path identifiers (RFC 7911 §3) come first when the session negotiated them
 * for the family, or when guessing says so.
 */
public final class Nlri {
    private Nlri() {}

    /** Reads one NLRI of a family, adding its node under {@code parent}; returns the offset after it. */
    interface Decoder {
        int decode(Ctx c, FieldNode parent, String key, Family f, int off, int end);
    }

    static Decoder forFamily(Family f) {
        return switch (f.safi()) {
            case 1, 2 -> f.afi() == 1 || f.afi() == 2 ? Nlri::prefix : Nlri::opaque;
            case 4 -> Nlri::labeled;
            case 128, 129 -> Nlri::vpn;
            case 133, 134 -> Flowspec::nlri;
            case 70 -> Evpn::nlri;
            case 132 -> Nlri::routeTargetConstraint;
            case 71, 72 -> Nlri::bgpLs;
            default -> Nlri::opaque;
        };
    }

    static int addressBytes(int afi) {
        return afi == Family.AFI_IPV6 ? 16 : 4;
    }

    /**
     * Decodes the NLRI field {@code [off, end)} of family {@code f} under {@code parent}. When the
     * session is unknown, both readings (with and without path identifiers) are tried; the one that
     * parses the field exactly is kept, and the guess is said on the parent.
     */
    public static void field(Ctx c, FieldNode parent, String key, Family f, int off, int end) {
        boolean addPath;
        Negotiated s = c.session();
        if (s.addPathKnown()) {
            addPath = s.addPath(f);
        } else {
            boolean without = parses(c, key, f, off, end, false);
            boolean with = parses(c, key, f, off, end, true);
            addPath = with && !without;
            if (with || without) {
                parent.problem(Problem.info(off, "ADD-PATH " + (addPath ? "guessed on" : "guessed off") + " for " + f
                        + " (" + s.note() + "; " + (with && without ? "both readings parse" : "only this reading parses") + ")"));
            }
        }
        int p = off;
        try {
            while (p < end) {
                p = one(c, parent, key, f, p, end, addPath);
            }
        } catch (Wire.Short e) {
            parent.problem(Problem.error(e.offset, key + ": " + e.what).withAction("treat-as-withdraw"));
        }
    }

    private static boolean parses(Ctx c, String key, Family f, int off, int end, boolean addPath) {
        FieldNode scratch = new FieldNode("scratch", key, off, end - off);
        try {
            int p = off;
            while (p < end) {
                p = one(c, scratch, key, f, p, end, addPath);
            }
            return p == end && !scratch.hasProblemsBelow();
        } catch (Wire.Short e) {
            return false;
        }
    }

    private static int one(Ctx c, FieldNode parent, String key, Family f, int p, int end, boolean addPath) {
        if (!addPath) {
            return forFamily(f).decode(c, parent, key, f, p, end);
        }
        c.w().need(p, 4, end, "ADD-PATH path identifier");
        long pathId = c.w().u32(p);
        FieldNode holder = new FieldNode("path", key, p, 4);
        int after = forFamily(f).decode(c, holder, key, f, p + 4, end);
        // The NLRI node becomes the parent of its path identifier (RFC 7911 §3).
        FieldNode nlri = holder.children().getFirst();
        FieldNode wrapped = new FieldNode(nlri.name(), nlri.key(), p, after - p);
        wrapped.value(nlri.value()).text(nlri.text() + " (path id " + pathId + ")");
        wrapped.leaf("path identifier", nlri.key() + ".path_id", p, 4, pathId).reference("RFC 7911 §3");
        for (FieldNode ch : nlri.children()) {
            wrapped.add(ch);
        }
        for (Problem pr : nlri.problems()) {
            wrapped.problem(pr);
        }
        parent.add(wrapped);
        return after;
    }

    /** RFC 4271 §4.3: length in bits, then the prefix in as few bytes as it needs. */
    static int prefix(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 1, end, "prefix length");
        int bits = w.u8(p);
        int max = addressBytes(f.afi()) * 8;
        int n = (bits + 7) / 8;
        if (bits > max) {
            FieldNode bad = parent.add("prefix", key, p, Math.min(end - p, 1 + n));
            bad.problem(Problem.error(p, "prefix length " + bits + " exceeds " + max + " bits").withAction("treat-as-withdraw"));
            throw new Wire.Short(p, "prefix length " + bits + " exceeds " + max);
        }
        w.need(p + 1, n, end, "prefix of " + bits + " bits");
        String text = w.prefix(p + 1, bits, addressBytes(f.afi()));
        FieldNode node = parent.add("prefix", key, p, 1 + n).value(text).text(text);
        node.leaf("prefix length", key + ".length", p, 1, (long) bits);
        if (n > 0) {
            node.leaf("prefix bytes", key + ".bytes", p + 1, n, w.hex(p + 1, n));
        }
        return p + 1 + n;
    }

    /** RFC 8277 §2: labels (3 bytes each, bottom of stack bit ends them), then the prefix. */
    static int labeled(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        return labelsThen(c, parent, key, f, p, end, false);
    }

    /** RFC 4364 §4.3.4: labels, route distinguisher, then the prefix. */
    static int vpn(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        return labelsThen(c, parent, key, f, p, end, true);
    }

    private static int labelsThen(Ctx c, FieldNode parent, String key, Family f, int p, int end, boolean rd) {
        Wire w = c.w();
        w.need(p, 1, end, "prefix length");
        int bits = w.u8(p);
        int total = (bits + 7) / 8;
        w.need(p + 1, total, end, "labelled prefix of " + bits + " bits");
        FieldNode node = parent.add("prefix", key, p, 1 + total);
        node.leaf("length", key + ".length", p, 1, (long) bits);
        int q = p + 1;
        int left = bits;
        StringBuilder labels = new StringBuilder();
        while (left >= 24) {
            int raw = w.u24(q);
            long label = raw >>> 4;
            boolean bottom = (raw & 1) != 0;
            node.leaf("label", key + ".label", q, 3, label).text("label: " + label + (bottom ? " (bottom of stack)" : ""))
                    .reference("RFC 3032 §2.1");
            labels.append(labels.isEmpty() ? "" : ",").append(label);
            q += 3;
            left -= 24;
            // A withdrawal may carry 0x800000 or 0x000000 in place of the label (RFC 8277 §2.4).
            if (bottom || raw == 0x800000 || raw == 0) {
                break;
            }
        }
        String rdText = "";
        if (rd) {
            if (left < 64) {
                node.problem(Problem.error(q, "VPN NLRI too short for its route distinguisher").withAction("treat-as-withdraw"));
                return p + 1 + total;
            }
            rdText = RouteDistinguisher.decode(w, node, key + ".rd", q) + " ";
            q += 8;
            left -= 64;
        }
        int ab = addressBytes(f.afi());
        if (left > ab * 8) {
            node.problem(Problem.error(q, "prefix of " + left + " bits exceeds the address").withAction("treat-as-withdraw"));
            return p + 1 + total;
        }
        String pfx = w.prefix(q, left, ab);
        node.leaf("prefix", key + ".prefix", q, p + 1 + total - q, pfx);
        node.value(rdText + pfx).text(rdText + pfx + (labels.isEmpty() ? "" : " label " + labels));
        return p + 1 + total;
    }

    /** RFC 4684 §4: origin AS and route target, as a prefix of up to 96 bits. */
    static int routeTargetConstraint(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 1, end, "RTC prefix length");
        int bits = w.u8(p);
        int n = (bits + 7) / 8;
        w.need(p + 1, n, end, "RTC prefix");
        FieldNode node = parent.add("route target membership", key, p, 1 + n);
        node.leaf("length", key + ".length", p, 1, (long) bits);
        if (n >= 4) {
            node.leaf("origin AS", key + ".origin_as", p + 1, 4, w.u32(p + 1));
        }
        if (n > 4) {
            node.leaf("route target", key + ".route_target", p + 5, n - 4, w.hex(p + 5, n - 4));
        }
        node.value(bits == 0 ? "default" : w.hex(p + 1, n));
        return p + 1 + n;
    }

    /** RFC 7752 §3.2: type and length; the TLVs inside are shown raw. */
    static int bgpLs(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 4, end, "BGP-LS NLRI header");
        int type = w.u16(p);
        int len = w.u16(p + 2);
        w.need(p + 4, len, end, "BGP-LS NLRI");
        String name = switch (type) {
            case 1 -> "node";
            case 2 -> "link";
            case 3 -> "IPv4 topology prefix";
            case 4 -> "IPv6 topology prefix";
            case 6 -> "SRv6 SID";
            default -> "type " + type;
        };
        FieldNode node = parent.add("BGP-LS " + name + " NLRI", key, p, 4 + len).value(name);
        node.leaf("NLRI type", key + ".type", p, 2, (long) type);
        node.leaf("NLRI length", key + ".length", p + 2, 2, (long) len);
        if (len > 0) {
            node.leaf("descriptors", key + ".tlvs", p + 4, len, w.hex(p + 4, len));
        }
        return p + 4 + len;
    }

    /** A family we do not decode: the rest of the field as one raw NLRI. */
    static int opaque(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        parent.leaf("NLRI (" + f + ")", key + ".raw", p, end - p, c.w().hex(p, end - p));
        return end;
    }
}

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

    /**
     * The decoder of a family's NLRI. Each SAFI's NLRI format belongs to particular AFIs (IP SAFIs to
     * IPv4 and IPv6, VPLS and EVPN to L2VPN, BGP-LS to its own AFI); any other pairing, such as an
     * unassigned AFI, is shown raw rather than read as IPv4.
     */
    static Decoder forFamily(Family f) {
        boolean ip = f.afi() == Family.AFI_IPV4 || f.afi() == Family.AFI_IPV6;
        boolean l2 = f.afi() == Family.AFI_L2VPN;
        boolean ls = f.afi() == Family.AFI_BGP_LS;
        boolean fits = switch (f.safi()) {
            case 65, 70 -> l2;
            case 71, 72 -> ls;
            default -> ip;
        };
        if (!fits) {
            return Nlri::opaque;
        }
        return switch (f.safi()) {
            case 1, 2 -> f.afi() == 1 || f.afi() == 2 ? Nlri::prefix : Nlri::opaque;
            case 4 -> Nlri::labeled;
            case 128, 129 -> Nlri::vpn;
            case 133, 134 -> Flowspec::nlri;
            case 70 -> Evpn::nlri;
            case 132 -> Nlri::routeTargetConstraint;
            case 65 -> Nlri::vpls;
            case 5 -> Nlri::mvpn;
            case 73 -> Nlri::srPolicy;
            case 85 -> Mup::nlri;
            case 71, 72 -> BgpLs::nlri;
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
            parent.session(s.describeAddPath(f));
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
            parent.problem(Problem.error(e.offset, key + ": " + e.what).withAction(unparsable(key)));
        }
    }

    /**
     * What a router does with an NLRI field it cannot delimit (RFC 7606 §5.3): treat-as-withdraw needs
     * the NLRI to withdraw, so the UPDATE's own fields reset the session, and MP_REACH_NLRI and
     * MP_UNREACH_NLRI disable their AFI/SAFI or reset the session (RFC 7606 §3 (j), §7.11).
     */
    static String unparsable(String key) {
        return key.startsWith("bgp.update.attr.mp_") ? "afi-safi-disable or session-reset" : Attributes.SESSION_RESET;
    }

    /** RFC 4271 §4.3: bits past the prefix length are irrelevant; the prefix is shown masked, and said. */
    static void hostBits(Wire w, FieldNode node, int at, int bits) {
        int set = w.hostBits(at, bits);
        if (set != 0) {
            node.problem(Problem.info(at + (bits + 7) / 8 - 1, String.format("bits past /%d are set in the last prefix byte "
                    + "(%s); RFC 4271 §4.3 makes them irrelevant, so the prefix is shown masked", bits,
                    String.format("%8s", Integer.toBinaryString(set)).replace(' ', '0'))));
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
            bad.problem(Problem.error(p, "prefix length " + bits + " exceeds " + max + " bits").withAction(unparsable(key)));
            throw new Wire.Short(p, "prefix length " + bits + " exceeds " + max);
        }
        w.need(p + 1, n, end, "prefix of " + bits + " bits");
        String text = w.prefix(p + 1, bits, addressBytes(f.afi()));
        FieldNode node = parent.add("prefix", key, p, 1 + n).value(text).text(text);
        hostBits(w, node, p + 1, bits);
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
        boolean ended = false;
        while (left >= 24) {
            int raw = w.u24(q);
            long label = raw >>> 4;
            boolean bottom = (raw & 1) != 0;
            FieldNode l = node.leaf("label", key + ".label", q, 3, label).text("label: " + label + (bottom ? " (bottom of stack)" : ""))
                    .reference("RFC 3032 §2.1, RFC 8277 §2");
            // The 3 bytes of a label stack entry without its TTL: label (20 bits), TC (3), bottom of stack (1).
            l.value((long) raw); // the bits below show the wire's bits
            l.bit("label value", key + ".label.value", 0xFFFFF0, true).value(label);
            l.bit("traffic class", key + ".label.tc", 0x00000E, true).value((long) ((raw >>> 1) & 7));
            l.bit("bottom of stack", key + ".label.bos", 0x000001, bottom);
            l.value(label);
            labels.append(labels.isEmpty() ? "" : ",").append(label);
            q += 3;
            left -= 24;
            // A withdrawal may carry 0x800000 or 0x000000 in place of the label (RFC 8277 §2.4).
            if (bottom || raw == 0x800000 || raw == 0) {
                ended = true;
                break;
            }
        }
        if (!ended) {
            // RFC 8277 §2.3: the labels run to the first with the bottom-of-stack bit; none has it here.
            node.problem(Problem.error(p + 1, "no label in the NLRI has the bottom-of-stack bit set (RFC 8277 §2.3)")
                    .withAction(Attributes.TREAT_AS_WITHDRAW));
            return p + 1 + total;
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
            node.problem(Problem.error(q, "prefix of " + left + " bits exceeds the address").withAction(unparsable(key)));
            return p + 1 + total;
        }
        String pfx = w.prefix(q, left, ab);
        hostBits(w, node, q, left);
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

    /** RFC 4761 §3.2.2: length, RD, VE ID, VE block offset and size, label base. */
    static int vpls(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 2, end, "VPLS NLRI length");
        int len = w.u16(p);
        w.need(p + 2, len, end, "VPLS NLRI");
        FieldNode node = parent.add("VPLS", key, p, 2 + len).reference("RFC 4761 §3.2.2");
        node.leaf("length", key + ".length", p, 2, (long) len);
        if (len != 17) {
            node.problem(Problem.error(p, "VPLS NLRI length " + len + ", expected 17").withAction("treat-as-withdraw"));
            return p + 2 + len;
        }
        String rd = RouteDistinguisher.decode(w, node, key + ".rd", p + 2);
        int ve = w.u16(p + 10);
        node.leaf("VE ID", key + ".ve_id", p + 10, 2, (long) ve);
        node.leaf("VE block offset", key + ".ve_block_offset", p + 12, 2, (long) w.u16(p + 12));
        node.leaf("VE block size", key + ".ve_block_size", p + 14, 2, (long) w.u16(p + 14));
        long base = w.u24(p + 16) >>> 4;
        node.leaf("label base", key + ".label_base", p + 16, 3, base);
        node.value(rd + " VE " + ve + " label base " + base).text("VPLS " + rd + " VE " + ve + " label base " + base);
        return p + 2 + len;
    }

    /** RFC 6514 §4: route type, length, then the route (an RD first for types 1 to 7). */
    static int mvpn(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 2, end, "MCAST-VPN route type and length");
        int type = w.u8(p);
        int len = w.u8(p + 1);
        w.need(p + 2, len, end, "MCAST-VPN route");
        String name = switch (type) {
            case 1 -> "Intra-AS I-PMSI A-D";
            case 2 -> "Inter-AS I-PMSI A-D";
            case 3 -> "S-PMSI A-D";
            case 4 -> "Leaf A-D";
            case 5 -> "Source Active A-D";
            case 6 -> "Shared Tree Join";
            case 7 -> "Source Tree Join";
            default -> "route type " + type;
        };
        FieldNode node = parent.add("MCAST-VPN " + name, key, p, 2 + len).reference("RFC 6514 §4");
        node.leaf("route type", key + ".route_type", p, 1, (long) type);
        node.leaf("length", key + ".length", p + 1, 1, (long) len);
        String text = name;
        if (type >= 1 && type <= 7 && type != 4 && len >= 8) {
            text += " RD " + RouteDistinguisher.decode(w, node, key + ".rd", p + 2);
            if (len > 8) {
                node.leaf("route", key + ".route", p + 10, len - 8, w.hex(p + 10, len - 8));
            }
        } else if (len > 0) {
            node.leaf("route", key + ".route", p + 2, len, w.hex(p + 2, len));
        }
        node.value(text).text("MCAST-VPN " + text);
        return p + 2 + len;
    }

    /** RFC 9830 §2.1: length in bits, distinguisher, policy color, endpoint. */
    static int srPolicy(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        Wire w = c.w();
        w.need(p, 1, end, "SR Policy NLRI length");
        int bits = w.u8(p);
        int n = bits / 8;
        w.need(p + 1, n, end, "SR Policy NLRI");
        FieldNode node = parent.add("SR Policy", key, p, 1 + n).reference("RFC 9830 §2.1");
        node.leaf("length", key + ".length", p, 1, (long) bits);
        if (n != 12 && n != 24) {
            node.problem(Problem.error(p, "SR Policy NLRI of " + bits + " bits, expected 96 or 192").withAction("treat-as-withdraw"));
            return p + 1 + n;
        }
        long dist = w.u32(p + 1);
        long color = w.u32(p + 5);
        String endpoint = w.address(p + 9, n - 8);
        node.leaf("distinguisher", key + ".distinguisher", p + 1, 4, dist);
        node.leaf("policy color", key + ".color", p + 5, 4, color);
        node.leaf("endpoint", key + ".endpoint", p + 9, n - 8, endpoint);
        node.value("distinguisher " + dist + " color " + color + " endpoint " + endpoint)
                .text("SR Policy: color " + color + ", endpoint " + endpoint + ", distinguisher " + dist);
        return p + 1 + n;
    }

    /** A family we do not decode: the rest of the field as one raw NLRI. */
    static int opaque(Ctx c, FieldNode parent, String key, Family f, int p, int end) {
        parent.leaf("NLRI (" + f + ")", key + ".raw", p, end - p, c.w().hex(p, end - p));
        return end;
    }
}

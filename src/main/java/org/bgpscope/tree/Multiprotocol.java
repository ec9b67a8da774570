package org.bgpscope.tree;

import org.bgpscope.bgp.Family;

/** MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4); in MRT RIB entries the abbreviated form (RFC 6396 §4.3.4). */
final class Multiprotocol {
    private Multiprotocol() {}

    static void reach(Ctx c, FieldNode a, String key, int off, int len) {
        Wire w = c.w();
        int end = off + len;
        if (c.ribEntry() && len >= 1 && w.u8(off) == len - 1) {
            // TABLE_DUMP_V2 keeps only the next hop length and next hop; the family is the record's.
            w.need(off, 1, end, "next hop length");
            int nhLen = w.u8(off);
            a.leaf("next hop length", key + ".next_hop_length", off, 1, (long) nhLen);
            w.need(off + 1, nhLen, end, "next hop");
            String nh = nextHops(w, a, key, off + 1, nhLen);
            a.value(nh).text("MP_REACH_NLRI (abbreviated, RFC 6396 §4.3.4): next hop " + nh);
            return;
        }
        if (c.ribEntry()) {
            // FRR (8.4 seen here) writes the full attribute in RIB entries; bgpdump reads both forms.
            a.problem(Problem.info(off, "full MP_REACH_NLRI in a RIB entry, where RFC 6396 §4.3.4 specifies the abbreviated form"));
        }
        w.need(off, 5, end, "AFI, SAFI and next hop length");
        Family f = Attributes.family(w, off);
        a.leaf("AFI", key + ".afi", off, 2, (long) f.afi()).text("AFI: " + f.afi() + " (" + Family.afiName(f.afi()) + ")");
        a.leaf("SAFI", key + ".safi", off + 2, 1, (long) f.safi()).text("SAFI: " + f.safi() + " (" + Family.safiName(f.safi()) + ")");
        int nhLen = w.u8(off + 3);
        a.leaf("next hop length", key + ".next_hop_length", off + 3, 1, (long) nhLen);
        w.need(off + 4, nhLen + 1, end, "next hop and reserved byte");
        String nh = nextHops(w, a, key, off + 4, nhLen);
        int r = off + 4 + nhLen;
        a.leaf("reserved", key + ".reserved", r, 1, (long) w.u8(r));
        FieldNode nlri = a.add("NLRI", key + ".nlri", r + 1, end - r - 1);
        // A RIB entry carries its path identifier in the entry (RFC 8050 §4), not in the NLRI.
        Ctx nc = c.ribEntry() ? new Ctx(w, new org.bgpscope.bgp.Negotiated(c.as4(), java.util.Set.of(), true, true,
                java.util.Set.of(), c.session().source(), c.session().note()), true) : c;
        Nlri.field(nc, nlri, key + ".nlri.prefix", f, r + 1, end);
        int n = nlri.children().size();
        a.value(f + " next hop " + nh).text("MP_REACH_NLRI: " + f + ", next hop " + nh + ", " + n + " NLRI");
        nlri.value((long) n).text("NLRI: " + n);
    }

    static void unreach(Ctx c, FieldNode a, String key, int off, int len) {
        Wire w = c.w();
        int end = off + len;
        w.need(off, 3, end, "AFI and SAFI");
        Family f = Attributes.family(w, off);
        a.leaf("AFI", key + ".afi", off, 2, (long) f.afi()).text("AFI: " + f.afi() + " (" + Family.afiName(f.afi()) + ")");
        a.leaf("SAFI", key + ".safi", off + 2, 1, (long) f.safi()).text("SAFI: " + f.safi() + " (" + Family.safiName(f.safi()) + ")");
        if (len == 3) {
            a.value("End-of-RIB " + f).text("MP_UNREACH_NLRI: End-of-RIB for " + f).reference("RFC 4724 §2");
            return;
        }
        FieldNode nlri = a.add("withdrawn NLRI", key + ".nlri", off + 3, len - 3);
        Nlri.field(c, nlri, key + ".nlri.prefix", f, off + 3, end);
        int n = nlri.children().size();
        nlri.value((long) n).text("withdrawn NLRI: " + n);
        a.value(f + " " + n + " withdrawn").text("MP_UNREACH_NLRI: " + f + ", " + n + " withdrawn");
    }

    /**
     * Next hop by its length: IPv4 (4), IPv6 (16), IPv6 global and link-local (32), and the VPN forms
     * with an all-zero route distinguisher first (12, 24, 48) (RFC 4760 §3, RFC 2545 §3, RFC 4659 §3.2.1).
     */
    static String nextHops(Wire w, FieldNode a, String key, int off, int len) {
        String k = key + ".next_hop";
        switch (len) {
            case 4, 16 -> {
                String nh = w.address(off, len);
                a.leaf("next hop", k, off, len, nh);
                return nh;
            }
            case 32 -> {
                String g = w.address(off, 16);
                String l = w.address(off + 16, 16);
                a.leaf("next hop", k, off, 16, g);
                a.leaf("link-local next hop", k + ".link_local", off + 16, 16, l);
                return g + " " + l;
            }
            case 12, 24 -> {
                RouteDistinguisher.decode(w, a, k + ".rd", off);
                String nh = w.address(off + 8, len - 8);
                a.leaf("next hop", k, off + 8, len - 8, nh);
                return nh;
            }
            case 48 -> {
                RouteDistinguisher.decode(w, a, k + ".rd", off);
                String g = w.address(off + 8, 16);
                a.leaf("next hop", k, off + 8, 16, g);
                RouteDistinguisher.decode(w, a, k + ".rd", off + 24);
                a.leaf("link-local next hop", k + ".link_local", off + 32, 16, w.address(off + 32, 16));
                return g;
            }
            case 0 -> {
                return "none";
            }
            default -> {
                String hex = w.hex(off, len);
                a.leaf("next hop", k, off, len, hex).problem(Problem.warning(off, "next hop of " + len + " bytes is not a length we know"));
                return hex;
            }
        }
    }
}

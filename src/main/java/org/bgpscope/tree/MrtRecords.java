package org.bgpscope.tree;

import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.MrtNames;
import org.bgpscope.bgp.Negotiated;

/** Trees for MRT index entries that are not BGP messages (RFC 6396 §4, RFC 8050 §4). */
final class MrtRecords {
    private MrtRecords() {}

    /** RFC 6396 §2: timestamp, type, subtype, length; returns the body offset. */
    static int header(Wire w, FieldNode root, int size) {
        w.need(0, 12, size, "MRT common header");
        FieldNode h = root.add("MRT header", "mrt.header", 0, 12).reference("RFC 6396 §2");
        long ts = w.u32(0);
        h.leaf("timestamp", "mrt.timestamp", 0, 4, ts).text("timestamp: " + ts + " (" + java.time.Instant.ofEpochSecond(ts) + ")");
        h.leaf("type", "mrt.type", 4, 2, (long) w.u16(4));
        h.leaf("subtype", "mrt.subtype", 6, 2, (long) w.u16(6));
        h.leaf("length", "mrt.length", 8, 4, w.u32(8));
        h.value(MessageDecoder.mrtTypeName(w.u16(4), w.u16(6))).text(MessageDecoder.mrtTypeName(w.u16(4), w.u16(6)));
        int type = w.u16(4);
        return type == 17 || type == 33 || type == 49 ? extendedTime(w, h) : 12;
    }

    private static int extendedTime(Wire w, FieldNode h) {
        w.need(12, 4, w.size(), "microsecond timestamp");
        h.length(16);
        h.leaf("microseconds", "mrt.microseconds", 12, 4, w.u32(12)).reference("RFC 6396 §3");
        return 16;
    }

    /**
     * A RIB entry's bytes are the record's header and prefix, then this peer's entry (see the index):
     * TABLE_DUMP_V2 (RFC 6396 §4.3.2, RFC 8050 §4) or a whole TABLE_DUMP record (§4.2).
     */
    static FieldNode ribEntry(Wire w, int size, Negotiated session) {
        FieldNode root = new FieldNode("RIB entry", "mrt.rib", 0, size).reference("RFC 6396 §4.3.2");
        try {
            int p = header(w, root, size);
            int type = w.u16(4);
            int sub = w.u16(6);
            if (type == 12) {
                return tableDumpV1(w, root, p, size, sub);
            }
            Family f = MessageDecoder.ribFamily(sub);
            boolean addPath = sub >= 8 && sub <= 12;
            String prefix;
            int q;
            if (f == null && (sub == 6 || sub == 12)) {
                // RFC 6396 §4.3.3: AFI, SAFI and one NLRI in that family's own encoding (RFC 8050 §4: no path id in it).
                w.need(p, 7, size, "sequence number, AFI and SAFI");
                root.leaf("sequence number", "mrt.rib.sequence", p, 4, w.u32(p));
                f = new Family(w.u16(p + 4), w.u8(p + 6));
                root.leaf("AFI", "mrt.rib.afi", p + 4, 2, (long) f.afi()).text("AFI: " + f.afi() + " (" + f + ")");
                root.leaf("SAFI", "mrt.rib.safi", p + 6, 1, (long) f.safi());
                FieldNode nlri = root.add("NLRI", "mrt.rib.nlri", p + 7, 0).reference("RFC 6396 §4.3.3");
                int after = Nlri.forFamily(f).decode(new Ctx(w, session, true), nlri, "mrt.rib.nlri", f, p + 7, size);
                nlri.length(after - (p + 7));
                FieldNode one = nlri.children().isEmpty() ? nlri : nlri.children().getFirst();
                prefix = String.valueOf(one.value());
                nlri.value(prefix).text("NLRI: " + one.text());
                q = after;
                w.need(q, 2, size, "entry count");
            } else if (f == null) {
                root.problem(Problem.info(p, MrtNames.tableDumpV2(sub) + ": the NLRI's family decoder is not applied; shown raw"));
                return root;
            } else {
                w.need(p, 5, size, "sequence number and prefix length");
                root.leaf("sequence number", "mrt.rib.sequence", p, 4, w.u32(p));
                int bits = w.u8(p + 4);
                int n = (bits + 7) / 8;
                w.need(p + 5, n + 2, size, "prefix and entry count");
                prefix = w.prefix(p + 5, bits, f.afi() == 2 ? 16 : 4);
                FieldNode pf = root.add("prefix", "mrt.rib.prefix", p + 4, 1 + n).value(prefix).text("prefix: " + prefix);
                pf.leaf("prefix length", "mrt.rib.prefix.length", p + 4, 1, (long) bits);
                if (n > 0) {
                    pf.leaf("prefix bytes", "mrt.rib.prefix.bytes", p + 5, n, w.hex(p + 5, n));
                }
                q = p + 5 + n;
            }
            root.leaf("entry count", "mrt.rib.entry_count", q, 2, (long) w.u16(q));
            q += 2;
            int fixed = addPath ? 12 : 8;
            w.need(q, fixed, size, "RIB entry header");
            FieldNode e = root.add("entry", "mrt.rib.entry", q, size - q).reference(addPath ? "RFC 8050 §4" : "RFC 6396 §4.3.4");
            e.leaf("peer index", "mrt.rib.peer_index", q, 2, (long) w.u16(q));
            long orig = w.u32(q + 2);
            e.leaf("originated time", "mrt.rib.originated", q + 2, 4, orig).text("originated time: " + java.time.Instant.ofEpochSecond(orig));
            if (addPath) {
                e.leaf("path identifier", "mrt.rib.path_id", q + 6, 4, w.u32(q + 6)).reference("RFC 8050 §4");
            }
            int al = w.u16(q + fixed - 2);
            e.leaf("attribute length", "mrt.rib.attr_length", q + fixed - 2, 2, (long) al);
            int a = q + fixed;
            if (a + al > size) {
                e.problem(Problem.error(q + fixed - 2, "attribute length " + al + " runs past the entry"));
                al = size - a;
            }
            // TABLE_DUMP_V2 attributes always use 4-octet AS numbers (RFC 6396 §4.3.4).
            Negotiated as4 = new Negotiated(true, session.addPath(), true, true, session.extendedNextHop(), Negotiated.Source.MRT, session.note());
            FieldNode attrs = e.add("path attributes", "bgp.update.attrs", a, al);
            Attributes.list(new Ctx(w, as4, true), attrs, "bgp.update.attr", a, a + al, 0);
            root.value(prefix).text(MrtNames.tableDumpV2(sub) + ": " + prefix + summary(attrs));
        } catch (Wire.Short s) {
            root.problem(Problem.error(s.offset, s.what));
        }
        return root;
    }

    private static String summary(FieldNode attrs) {
        StringBuilder sb = new StringBuilder();
        for (FieldNode a : attrs.children()) {
            if (a.key().endsWith(".as_path")) {
                sb.append(", path ").append(a.value());
            } else if (a.key().endsWith(".next_hop") || a.key().endsWith(".mp_reach")) {
                sb.append(", next hop ").append(a.value());
            }
        }
        return sb.toString();
    }

    /** RFC 6396 §4.2: view, sequence, prefix, status, originated time, peer, 2-octet AS attributes. */
    private static FieldNode tableDumpV1(Wire w, FieldNode root, int p, int size, int afi) {
        int ab = afi == 2 ? 16 : 4;
        root.reference("RFC 6396 §4.2");
        w.need(p, 4 + ab + 6 + ab + 4, size, "TABLE_DUMP entry");
        root.leaf("view number", "mrt.td.view", p, 2, (long) w.u16(p));
        root.leaf("sequence number", "mrt.td.sequence", p + 2, 2, (long) w.u16(p + 2));
        int bits = w.u8(p + 4 + ab);
        String prefix = w.prefix(p + 4, bits, ab);
        root.leaf("prefix", "mrt.rib.prefix", p + 4, ab, prefix);
        root.leaf("prefix length", "mrt.rib.prefix.length", p + 4 + ab, 1, (long) bits);
        int q = p + 5 + ab;
        root.leaf("status", "mrt.td.status", q, 1, (long) w.u8(q));
        root.leaf("originated time", "mrt.rib.originated", q + 1, 4, w.u32(q + 1));
        root.leaf("peer address", "mrt.td.peer", q + 5, ab, w.address(q + 5, ab));
        root.leaf("peer AS", "mrt.td.peer_as", q + 5 + ab, 2, (long) w.u16(q + 5 + ab));
        int al = w.u16(q + 7 + ab);
        root.leaf("attribute length", "mrt.rib.attr_length", q + 7 + ab, 2, (long) al);
        int a = q + 9 + ab;
        int stop = Math.min(size, a + al);
        Negotiated as2 = new Negotiated(false, java.util.Set.of(), true, true, java.util.Set.of(), Negotiated.Source.MRT, "TABLE_DUMP: 2-octet AS");
        FieldNode attrs = root.add("path attributes", "bgp.update.attrs", a, stop - a);
        Attributes.list(new Ctx(w, as2, true), attrs, "bgp.update.attr", a, stop, 0);
        root.value(prefix).text("TABLE_DUMP: " + prefix + summary(attrs));
        return root;
    }

    /** RFC 6396 §4.4.1: peer AS, local AS, interface, AFI, addresses, old and new state. */
    static FieldNode stateChange(Wire w, int size) {
        FieldNode root = new FieldNode("state change", "mrt.state_change", 0, size).reference("RFC 6396 §4.4.1");
        try {
            int p = header(w, root, size);
            if (w.u16(4) == 5) {
                return legacyStateChange(w, root, p, size);
            }
            if (w.u16(6) == 0 && size - p == 8) {
                // Zebra's shortened record: no interface, family or addresses.
                root.reference("RFC 6396 §4.4.1 (Zebra's 8-byte form)");
                root.leaf("peer AS", "mrt.peer_as", p, 2, (long) w.u16(p));
                root.leaf("local AS", "mrt.local_as", p + 2, 2, (long) w.u16(p + 2));
                return states(w, root, p + 4);
            }
            boolean as4 = w.u16(6) == 5;
            int asLen = as4 ? 4 : 2;
            w.need(p, 2 * asLen + 4, size, "peer and local AS, interface index and address family");
            root.leaf("peer AS", "mrt.peer_as", p, asLen, as4 ? w.u32(p) : w.u16(p));
            root.leaf("local AS", "mrt.local_as", p + asLen, asLen, as4 ? w.u32(p + asLen) : w.u16(p + asLen));
            int q = p + 2 * asLen;
            root.leaf("interface index", "mrt.interface", q, 2, (long) w.u16(q));
            int afi = w.u16(q + 2);
            root.leaf("address family", "mrt.afi", q + 2, 2, (long) afi);
            int ab = afi == 2 ? 16 : 4;
            w.need(q + 4, 2 * ab + 4, size, "addresses and states");
            root.leaf("peer address", "mrt.peer", q + 4, ab, w.address(q + 4, ab));
            root.leaf("local address", "mrt.local", q + 4 + ab, ab, w.address(q + 4 + ab, ab));
            int s = q + 4 + 2 * ab;
            String from = MrtNames.state(w.u16(s));
            String to = MrtNames.state(w.u16(s + 2));
            root.leaf("old state", "mrt.old_state", s, 2, from);
            root.leaf("new state", "mrt.new_state", s + 2, 2, to);
            root.value(from + " → " + to).text("STATE_CHANGE: " + from + " → " + to);
        } catch (Wire.Short e) {
            root.problem(Problem.error(e.offset, e.what));
        }
        return root;
    }

    /** RFC 6396 Appendix B.2.1, type BGP (5) subtype STATE_CHANGE: peer AS, peer IPv4 address, old and new state. */
    private static FieldNode legacyStateChange(Wire w, FieldNode root, int p, int size) {
        root.reference("RFC 6396 Appendix B.2.1");
        w.need(p, 10, size, "peer AS, address and states");
        root.leaf("peer AS", "mrt.peer_as", p, 2, (long) w.u16(p));
        root.leaf("peer address", "mrt.peer", p + 2, 4, w.address(p + 2, 4));
        return states(w, root, p + 6);
    }

    private static FieldNode states(Wire w, FieldNode root, int s) {
        w.need(s, 4, w.size(), "old and new state");
        String from = MrtNames.state(w.u16(s));
        String to = MrtNames.state(w.u16(s + 2));
        root.leaf("old state", "mrt.old_state", s, 2, from);
        root.leaf("new state", "mrt.new_state", s + 2, 2, to);
        root.value(from + " → " + to).text("STATE_CHANGE: " + from + " → " + to);
        return root;
    }

    /** RFC 6396 §4.3.1. */
    static FieldNode peerIndex(Wire w, int size) {
        FieldNode root = new FieldNode("PEER_INDEX_TABLE", "mrt.peer_index", 0, size).reference("RFC 6396 §4.3.1");
        try {
            int p = header(w, root, size);
            w.need(p, 6, size, "collector ID and view name length");
            root.leaf("collector BGP ID", "mrt.peer_index.collector", p, 4, w.ipv4(p));
            int nl = w.u16(p + 4);
            root.leaf("view name length", "mrt.peer_index.view_length", p + 4, 2, (long) nl);
            w.need(p + 6, nl + 2, size, "view name and peer count");
            if (nl > 0) {
                root.leaf("view name", "mrt.peer_index.view", p + 6, nl, w.utf8(p + 6, nl));
            }
            int q = p + 6 + nl;
            int count = w.u16(q);
            root.leaf("peer count", "mrt.peer_index.count", q, 2, (long) count);
            q += 2;
            for (int i = 0; i < count; i++) {
                w.need(q, 1, size, "peer type");
                int t = w.u8(q);
                int ab = (t & 1) != 0 ? 16 : 4;
                int asl = (t & 2) != 0 ? 4 : 2;
                w.need(q, 5 + ab + asl, size, "peer entry " + i);
                String addr = w.address(q + 5, ab);
                long as = asl == 4 ? w.u32(q + 5 + ab) : w.u16(q + 5 + ab);
                FieldNode e = root.add("peer " + i, "mrt.peer_index.peer", q, 5 + ab + asl).value(addr + " AS " + as)
                        .text("peer " + i + ": " + addr + " AS " + as);
                e.leaf("peer type", "mrt.peer_index.peer.type", q, 1, (long) t);
                e.leaf("peer BGP ID", "mrt.peer_index.peer.bgp_id", q + 1, 4, w.ipv4(q + 1));
                e.leaf("peer address", "mrt.peer_index.peer.address", q + 5, ab, addr);
                e.leaf("peer AS", "mrt.peer_index.peer.as", q + 5 + ab, asl, as);
                q += 5 + ab + asl;
            }
            root.value((long) count).text("PEER_INDEX_TABLE: " + count + " peers");
        } catch (Wire.Short e) {
            root.problem(Problem.error(e.offset, e.what));
        }
        return root;
    }

    static FieldNode other(Wire w, int size) {
        FieldNode root = new FieldNode("MRT record", "mrt.record", 0, size).reference("RFC 6396 §4");
        try {
            header(w, root, size);
            root.value(MessageDecoder.mrtTypeName(w.u16(4), w.u16(6))).text(MessageDecoder.mrtTypeName(w.u16(4), w.u16(6)) + " (kept whole)");
        } catch (Wire.Short e) {
            root.problem(Problem.error(e.offset, e.what));
        }
        return root;
    }
}

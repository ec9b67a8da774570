package org.bgpscope.tree;

import java.util.Map;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.bgp.Notifications;

/** Message bodies by BGP message type (RFC 4271 §4): a registry keyed by the header's type code. */
final class Messages {
    private Messages() {}

    interface Decoder {
        /** Fills {@code root} from the body {@code [19, end)}; returns the one-line summary. */
        String decode(Ctx c, FieldNode root, int end);
    }

    static final Map<Integer, Decoder> REGISTRY = Map.of(
            MessageType.OPEN, Messages::open,
            MessageType.UPDATE, Messages::update,
            MessageType.NOTIFICATION, Messages::notification,
            MessageType.KEEPALIVE, Messages::keepalive,
            MessageType.ROUTE_REFRESH, Messages::routeRefresh);

    static String reference(int type) {
        return switch (type) {
            case MessageType.OPEN -> "RFC 4271 §4.2";
            case MessageType.UPDATE -> "RFC 4271 §4.3";
            case MessageType.NOTIFICATION -> "RFC 4271 §4.5";
            case MessageType.KEEPALIVE -> "RFC 4271 §4.4";
            case MessageType.ROUTE_REFRESH -> "RFC 2918 §3, RFC 7313 §3.2";
            default -> "RFC 4271 §4.1";
        };
    }

    /** RFC 4271 §4.2, with optional parameters in the RFC 9072 extended form when announced so. */
    static String open(Ctx c, FieldNode root, int end) {
        Wire w = c.w();
        w.need(19, 10, end, "OPEN fixed fields");
        FieldNode version = root.leaf("version", "bgp.open.version", 19, 1, (long) w.u8(19));
        if (w.u8(19) != 4) {
            version.problem(Problem.error(19, "version " + w.u8(19) + ": BGP-4 speakers accept only 4 (RFC 4271 §6.2: Unsupported Version Number)"));
        }
        long myAs = w.u16(20);
        root.leaf("my AS", "bgp.open.my_as", 20, 2, myAs).text("my AS: " + myAs + (myAs == 23456 ? " (AS_TRANS, RFC 6793)" : ""));
        FieldNode hold = root.leaf("hold time", "bgp.open.hold_time", 22, 2, (long) w.u16(22)).text("hold time: " + w.u16(22) + " s");
        if (w.u16(22) == 1 || w.u16(22) == 2) {
            hold.problem(Problem.error(22, "hold time " + w.u16(22) + " s: it must be 0 or at least 3 (RFC 4271 §6.2: Unacceptable Hold Time)"));
        }
        FieldNode id = root.leaf("BGP identifier", "bgp.open.bgp_id", 24, 4, w.ipv4(24));
        if (w.u32(24) == 0) {
            id.problem(Problem.error(24, "BGP identifier 0.0.0.0: it must be non-zero (RFC 6286 §2.2: Bad BGP Identifier)"));
        }
        int optLen = w.u8(28);
        int p = 29;
        boolean extended = optLen == 255 && end > 29 && w.u8(29) == 255;
        if (extended) {
            w.need(29, 3, end, "extended optional parameters length");
            FieldNode ext = root.add("extended optional parameters", "bgp.open.opt_params_extended", 28, 4).reference("RFC 9072 §2");
            ext.leaf("non-extended length", "bgp.open.opt_params_length", 28, 1, (long) optLen);
            ext.leaf("non-extended type", "bgp.open.opt_params_ext_type", 29, 1, 255L);
            optLen = w.u16(30);
            ext.leaf("extended length", "bgp.open.opt_params_ext_length", 30, 2, (long) optLen);
            ext.value((long) optLen);
            p = 32;
        } else {
            root.leaf("optional parameters length", "bgp.open.opt_params_length", 28, 1, (long) optLen);
        }
        if (p + optLen != end) {
            root.problem(Problem.error(28, "optional parameters length " + optLen + " does not end at the message end ("
                    + (end - p) + " bytes follow)"));
        }
        int stop = Math.min(end, p + optLen);
        StringBuilder caps = new StringBuilder();
        int hdr = extended ? 3 : 2;
        while (p < stop) {
            w.need(p, hdr, stop, "optional parameter header");
            int type = w.u8(p);
            int len = extended ? w.u16(p + 1) : w.u8(p + 1);
            w.need(p + hdr, len, stop, "optional parameter value");
            FieldNode param = root.add(type == 2 ? "capabilities" : "optional parameter " + type, "bgp.open.param", p, hdr + len)
                    .reference(type == 2 ? "RFC 5492 §4" : "RFC 4271 §4.2");
            param.leaf("parameter type", "bgp.open.param.type", p, 1, (long) type);
            param.leaf("parameter length", "bgp.open.param.length", p + 1, hdr - 1, (long) len);
            if (type == 2) {
                StringBuilder here = new StringBuilder();
                int q = p + hdr;
                int qe = q + len;
                while (q < qe) {
                    w.need(q, 2, qe, "capability header");
                    int code = w.u8(q);
                    int cl = w.u8(q + 1);
                    w.need(q + 2, cl, qe, "capability value");
                    Capabilities.Type t = Capabilities.REGISTRY.get(code);
                    String name = t == null ? "capability " + code : t.name();
                    String key = "bgp.open.cap." + (t == null ? "unknown" : t.key());
                    FieldNode cap = param.add(name, key, q, 2 + cl).reference(t == null ? "RFC 5492 §4" : t.reference());
                    cap.leaf("capability code", "bgp.open.cap.code", q, 1, (long) code).text("capability code: " + code + " (" + name + ")");
                    cap.leaf("capability length", "bgp.open.cap.length", q + 1, 1, (long) cl);
                    String v;
                    try {
                        v = t == null ? Capabilities.raw(w, cap, key, q + 2, cl) : t.decoder().decode(w, cap, key, q + 2, cl);
                    } catch (Wire.Short e) {
                        cap.problem(Problem.error(e.offset, name + ": " + e.what));
                        v = "malformed";
                    }
                    cap.value(v.isEmpty() ? name : v).text(name + (v.isEmpty() ? "" : ": " + v));
                    String capName = t == null ? "cap " + code : t.key();
                    caps.append(caps.isEmpty() ? "" : ", ").append(capName);
                    here.append(here.isEmpty() ? "" : ", ").append(capName);
                    q += 2 + cl;
                }
                param.value((long) param.children().size() - 2).text("capabilities: " + here);
            } else if (len > 0) {
                param.leaf("value", "bgp.open.param.value", p + hdr, len, w.hex(p + hdr, len));
            }
            p += hdr + len;
        }
        return "AS " + myAs + ", hold " + w.u16(22) + " s, id " + w.ipv4(24) + (caps.isEmpty() ? "" : ", " + caps);
    }

    /** RFC 4271 §4.3: withdrawn routes, path attributes, NLRI; malformed lengths per RFC 7606 §5. */
    static String update(Ctx c, FieldNode root, int end) {
        Wire w = c.w();
        w.need(19, 2, end, "withdrawn routes length");
        int wl = w.u16(19);
        root.leaf("withdrawn routes length", "bgp.update.withdrawn_length", 19, 2, (long) wl);
        if (21 + wl + 2 > end) {
            root.problem(Problem.error(19, "withdrawn routes length " + wl + " leaves no room for the attributes length")
                    .withAction(Attributes.SESSION_RESET));
            return "malformed UPDATE";
        }
        int withdrawn = 0;
        if (wl > 0) {
            FieldNode wr = root.add("withdrawn routes", "bgp.update.withdrawn", 21, wl);
            Nlri.field(c, wr, "bgp.update.withdrawn.prefix", Family.IPV4_UNICAST, 21, 21 + wl);
            withdrawn = wr.children().size();
            wr.value((long) withdrawn).text("withdrawn routes: " + withdrawn);
        }
        int a = 21 + wl;
        int al = w.u16(a);
        root.leaf("total path attribute length", "bgp.update.attr_length", a, 2, (long) al);
        if (a + 2 + al > end) {
            root.problem(Problem.error(a, "path attribute length " + al + " runs " + (a + 2 + al - end) + " bytes past the message")
                    .withAction(Attributes.SESSION_RESET));
            return "malformed UPDATE";
        }
        StringBuilder sum = new StringBuilder();
        if (al > 0) {
            FieldNode attrs = root.add("path attributes", "bgp.update.attrs", a + 2, al).reference("RFC 4271 §4.3");
            c = c.withVxlan(org.bgpscope.bgp.Readings.vxlanEncapsulation(w.bytes(), a + 2, a + 2 + al));
            Attributes.list(c, attrs, "bgp.update.attr", a + 2, a + 2 + al, 0);
            attrs.value((long) attrs.children().size()).text("path attributes: " + attrs.children().size());
            for (FieldNode at : attrs.children()) {
                if (at.key().endsWith(".mp_reach") || at.key().endsWith(".mp_unreach")) {
                    sum.append(sum.isEmpty() ? "" : "; ").append(at.text());
                }
            }
            if (Boolean.FALSE.equals(c.as4()) && !attrs.find("bgp.update.attr.as4_path").isEmpty()) {
                mergeAs4Path(c, attrs, a + 2, a + 2 + al, sum);
            } else {
                firstValue(attrs, "bgp.update.attr.as_path", "path ", sum);
            }
        }
        int n = a + 2 + al;
        int nlri = 0;
        if (n < end) {
            FieldNode nl = root.add("NLRI", "bgp.update.nlri", n, end - n);
            Nlri.field(c, nl, "bgp.update.nlri.prefix", Family.IPV4_UNICAST, n, end);
            nlri = nl.children().size();
            nl.value((long) nlri).text("NLRI: " + nlri);
        }
        if (wl == 0 && al == 0 && n == end) {
            return "End-of-RIB IPv4 unicast";
        }
        String head = (nlri > 0 ? nlri + " NLRI" : "") + (withdrawn > 0 ? (nlri > 0 ? ", " : "") + withdrawn + " withdrawn" : "");
        return (head.isEmpty() ? "" : head + (sum.isEmpty() ? "" : "; ")) + sum;
    }

    /**
     * A 2-octet session carrying AS4_PATH: the route's path is the merge of RFC 6793 §4.2.3, which
     * the summary shows and both attributes' nodes explain.
     */
    private static void mergeAs4Path(Ctx c, FieldNode attrs, int from, int to, StringBuilder sum) {
        java.util.List<org.bgpscope.bgp.AsPathMerge.Segment> merged = org.bgpscope.bgp.AsPathMerge.effective(c.w().bytes(), from, to, false);
        if (merged == null) {
            firstValue(attrs, "bgp.update.attr.as_path", "path ", sum);
            return;
        }
        String path = org.bgpscope.bgp.AsPathMerge.text(merged);
        sum.append(sum.isEmpty() ? "" : "; ").append("path ").append(path);
        String why = "the AS path merged from AS_PATH and AS4_PATH (RFC 6793 §4.2.3, a 2-octet session): " + path;
        for (FieldNode at : attrs.children()) {
            if (at.key().equals("bgp.update.attr.as_path") || at.key().equals("bgp.update.attr.as4_path")) {
                at.session((at.session() == null ? "" : at.session() + "; ") + why);
            }
        }
    }

    private static void firstValue(FieldNode attrs, String key, String label, StringBuilder sum) {
        for (FieldNode at : attrs.children()) {
            if (at.key().equals(key) && at.value() != null) {
                sum.append(sum.isEmpty() ? "" : "; ").append(label).append(at.value());
                return;
            }
        }
    }

    /** RFC 4271 §4.5; Cease subcodes 2 and 4 carry a shutdown communication (RFC 9003 §2), Hard Reset (RFC 8538 §3) wraps another code. */
    static String notification(Ctx c, FieldNode root, int end) {
        Wire w = c.w();
        w.need(19, 2, end, "error code and subcode");
        int code = w.u8(19);
        int sub = w.u8(20);
        root.leaf("error code", "bgp.notification.code", 19, 1, (long) code).text("error code: " + code + " (" + Notifications.code(code) + ")");
        root.leaf("error subcode", "bgp.notification.subcode", 20, 1, (long) sub)
                .text("error subcode: " + sub + " (" + Notifications.subcode(code, sub) + ")");
        String text = Notifications.describe(code, sub);
        int d = 21;
        if (code == 6 && (sub == 2 || sub == 4) && d < end) {
            int len = w.u8(d);
            FieldNode sc = root.add("shutdown communication", "bgp.notification.shutdown", d, Math.min(end - d, 1 + len)).reference("RFC 9003 §2");
            sc.leaf("length", "bgp.notification.shutdown_length", d, 1, (long) len);
            if (d + 1 + len > end) {
                sc.problem(Problem.error(d, "shutdown communication length " + len + " runs past the message"));
                // The communication holds the rest: the data field must not claim the same bytes.
                d = end;
            } else {
                String msg = w.utf8(d + 1, len);
                if (len > 0) {
                    sc.leaf("message", "bgp.notification.shutdown_message", d + 1, len, msg).text("message: \"" + msg + "\"");
                }
                if (len > 255) {
                    sc.problem(Problem.warning(d, "longer than 255 bytes"));
                }
                sc.value(msg);
                text += ": \"" + msg + "\"";
                d += 1 + len;
            }
        } else if (code == 6 && sub == 9 && d + 2 <= end) {
            int ic = w.u8(d);
            int is = w.u8(d + 1);
            FieldNode hr = root.add("hard reset cause", "bgp.notification.hard_reset", d, end - d).reference("RFC 8538 §3");
            hr.leaf("error code", "bgp.notification.hard_reset.code", d, 1, (long) ic);
            hr.leaf("error subcode", "bgp.notification.hard_reset.subcode", d + 1, 1, (long) is);
            if (d + 2 < end) {
                hr.leaf("data", "bgp.notification.hard_reset.data", d + 2, end - d - 2, w.hex(d + 2, end - d - 2));
            }
            hr.value(Notifications.describe(ic, is));
            text += " (" + Notifications.describe(ic, is) + ")";
            d = end;
        }
        if (d < end) {
            FieldNode data = root.leaf("data", "bgp.notification.data", d, end - d, w.hex(d, end - d));
            if (printable(w, d, end)) {
                // Some speakers (GoBGP) put a reason in plain text here.
                data.text("data: \"" + w.utf8(d, end - d) + "\" (as text)");
            }
        }
        return text;
    }

    private static boolean printable(Wire w, int from, int to) {
        for (int k = from; k < to; k++) {
            int b = w.u8(k);
            if (b < 0x20 || b > 0x7E) {
                return false;
            }
        }
        return true;
    }

    static String keepalive(Ctx c, FieldNode root, int end) {
        if (end != 19) {
            root.problem(Problem.error(16, "KEEPALIVE must be 19 bytes long, this is " + end + " (RFC 4271 §4.4)"));
        }
        return "";
    }

    /** RFC 2918 §3 with the RFC 7313 §3.2 message subtype (BoRR, EoRR); ORF entries (RFC 5291) shown raw. */
    static String routeRefresh(Ctx c, FieldNode root, int end) {
        Wire w = c.w();
        w.need(19, 4, end, "AFI, subtype, SAFI");
        Family f = new Family(w.u16(19), w.u8(22));
        int sub = w.u8(21);
        String subName = switch (sub) {
            case 0 -> "normal route refresh";
            case 1 -> "BoRR (beginning of route refresh)";
            case 2 -> "EoRR (end of route refresh)";
            default -> "reserved subtype " + sub;
        };
        root.leaf("AFI", "bgp.route_refresh.afi", 19, 2, (long) f.afi()).text("AFI: " + f.afi() + " (" + Family.afiName(f.afi()) + ")");
        root.leaf("subtype", "bgp.route_refresh.subtype", 21, 1, (long) sub).text("subtype: " + sub + " (" + subName + ")");
        root.leaf("SAFI", "bgp.route_refresh.safi", 22, 1, (long) f.safi()).text("SAFI: " + f.safi() + " (" + Family.safiName(f.safi()) + ")");
        if (end > 23) {
            return f + ", ORF " + Orf.entries(w, root, f, 23, end);
        }
        return f + (sub == 0 ? "" : ", " + subName.substring(0, 4));
    }
}

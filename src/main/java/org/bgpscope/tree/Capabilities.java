package org.bgpscope.tree;

import java.util.HashMap;
import java.util.Map;
import org.bgpscope.bgp.Family;

/** OPEN capabilities (RFC 5492, IANA "Capability Codes"): a registry keyed by capability code. */
final class Capabilities {
    private Capabilities() {}

    interface Decoder {
        /** Fills {@code cap} from {@code [off, off+len)} and returns its one-line value. */
        String decode(Wire w, FieldNode cap, String key, int off, int len);
    }

    record Type(int code, String name, String key, String reference, Decoder decoder) {}

    static final Map<Integer, Type> REGISTRY = new HashMap<>();

    private static void register(int code, String name, String key, String ref, Decoder d) {
        REGISTRY.put(code, new Type(code, name, key, ref, d));
    }

    static {
        register(1, "Multiprotocol Extensions", "mp", "RFC 4760 §8", Capabilities::multiprotocol);
        register(2, "Route Refresh", "route_refresh", "RFC 2918 §3", Capabilities::none);
        register(3, "Outbound Route Filtering", "orf", "RFC 5291 §4", Capabilities::orf);
        register(5, "Extended Next Hop Encoding", "extended_next_hop", "RFC 8950 §3", Capabilities::extendedNextHop);
        register(6, "Extended Message", "extended_message", "RFC 8654 §3", Capabilities::none);
        register(7, "BGPsec", "bgpsec", "RFC 8205 §2.1", Capabilities::bgpsec);
        register(8, "Multiple Labels", "multiple_labels", "RFC 8277 §2.1", Capabilities::multipleLabels);
        register(9, "BGP Role", "role", "RFC 9234 §4.1", Capabilities::role);
        register(64, "Graceful Restart", "graceful_restart", "RFC 4724 §3", Capabilities::gracefulRestart);
        register(65, "4-octet AS number", "as4", "RFC 6793 §3", Capabilities::as4);
        register(67, "Dynamic Capability", "dynamic", "draft-ietf-idr-dynamic-cap", Capabilities::raw);
        register(69, "ADD-PATH", "add_path", "RFC 7911 §4", Capabilities::addPath);
        register(70, "Enhanced Route Refresh", "enhanced_route_refresh", "RFC 7313 §3.1", Capabilities::none);
        register(71, "Long-Lived Graceful Restart", "llgr", "RFC 9494 §3", Capabilities::llgr);
        register(73, "FQDN", "fqdn", "draft-walton-bgp-hostname-capability", Capabilities::fqdn);
        register(75, "Software Version", "software_version", "draft-abraitis-bgp-version-capability", Capabilities::softwareVersion);
        register(76, "Paths-Limit", "paths_limit", "draft-abraitis-idr-addpath-paths-limit", Capabilities::pathsLimit);
        register(77, "Link-Local Next Hop", "link_local_next_hop", "draft-ietf-idr-linklocal-capability §3", Capabilities::none);
        register(128, "Route Refresh (Cisco, pre-standard)", "route_refresh_cisco", "RFC 2918 §3 (old code 128)", Capabilities::none);
        // The rest of IANA's "Capability Codes": named, with their bodies raw.
        register(4, "Multiple routes to a destination (deprecated)", "multiple_routes", "RFC 8277 §5 (deprecates RFC 3107's)", Capabilities::raw);
        register(66, "Deprecated (2003-03-06)", "deprecated_66", "IANA Capability Codes", Capabilities::raw);
        register(68, "Multisession BGP", "multisession", "draft-ietf-idr-bgp-multisession", Capabilities::raw);
        register(72, "Routing Policy Distribution", "routing_policy_distribution", "draft-ietf-idr-rpd", Capabilities::raw);
        register(74, "BFD", "bfd", "draft-ietf-idr-bgp-bfd-strict-mode", Capabilities::raw);
        register(129, "Outbound Route Filtering (pre-standard, deprecated)", "orf_prestandard", "IANA Capability Codes", Capabilities::raw);
        register(130, "Outbound Route Filtering (pre-standard, deprecated)", "orf_prestandard", "IANA Capability Codes", Capabilities::raw);
        register(131, "Multisession (pre-standard, deprecated)", "multisession_prestandard", "IANA Capability Codes", Capabilities::raw);
        register(184, "FQDN (pre-standard, deprecated)", "fqdn_prestandard", "IANA Capability Codes", Capabilities::raw);
        register(185, "OPERATIONAL message (pre-standard, deprecated)", "operational_prestandard", "IANA Capability Codes", Capabilities::raw);
    }

    static String family(Wire w, FieldNode cap, String key, int off) {
        Family f = new Family(w.u16(off), w.u8(off + 2));
        cap.leaf("AFI", key + ".afi", off, 2, (long) f.afi()).text("AFI: " + f.afi() + " (" + Family.afiName(f.afi()) + ")");
        return f.toString();
    }

    static String multiprotocol(Wire w, FieldNode cap, String key, int off, int len) {
        w.need(off, 4, off + len, "AFI, reserved, SAFI");
        String f = family(w, cap, key, off);
        cap.leaf("reserved", key + ".reserved", off + 2, 1, (long) w.u8(off + 2));
        cap.leaf("SAFI", key + ".safi", off + 3, 1, (long) w.u8(off + 3)).text("SAFI: " + w.u8(off + 3) + " (" + Family.safiName(w.u8(off + 3)) + ")");
        return new Family(w.u16(off), w.u8(off + 3)).toString();
    }

    static String none(Wire w, FieldNode cap, String key, int off, int len) {
        if (len != 0) {
            cap.problem(Problem.warning(off, "expected no value, found " + len + " bytes"));
            return raw(w, cap, key, off, len);
        }
        return "";
    }

    static String raw(Wire w, FieldNode cap, String key, int off, int len) {
        if (len > 0) {
            cap.leaf("value", key + ".value", off, len, w.hex(off, len));
        }
        return w.hex(off, len);
    }

    /** RFC 5291 §4: per family, AFI, reserved, SAFI, number of ORFs, then ORF type and send/receive pairs. */
    static String orf(Wire w, FieldNode cap, String key, int off, int len) {
        StringBuilder sb = new StringBuilder();
        int p = off;
        int end = off + len;
        while (p < end) {
            w.need(p, 5, end, "ORF family and count");
            int n = w.u8(p + 4);
            // Spans its ORF pairs from the start, so those read before a short capability ends lie inside it.
            FieldNode fam = cap.add("family", key + ".family", p, Math.min(5 + 2 * n, end - p));
            String f = multiprotocol(w, fam, key, p, 4);
            fam.leaf("number of ORFs", key + ".count", p + 4, 1, (long) n);
            StringBuilder types = new StringBuilder();
            for (int i = 0; i < n; i++) {
                int q = p + 5 + 2 * i;
                w.need(q, 2, end, "ORF type and send/receive");
                int type = w.u8(q);
                int sr = w.u8(q + 1);
                String mode = switch (sr) {
                    case 1 -> "receive";
                    case 2 -> "send";
                    case 3 -> "send/receive";
                    default -> "invalid " + sr;
                };
                FieldNode o = fam.add(Orf.typeName(type), key + ".orf", q, 2).value((long) type).text(Orf.typeName(type) + ": " + mode);
                o.leaf("ORF type", key + ".orf.type", q, 1, (long) type);
                o.leaf("send/receive", key + ".orf.send_receive", q + 1, 1, (long) sr).text("send/receive: " + sr + " (" + mode + ")");
                types.append(types.isEmpty() ? "" : ", ").append(Orf.typeName(type)).append(' ').append(mode);
            }
            fam.length(5 + 2 * n).value(f + ": " + types).text(f + ": " + types);
            sb.append(sb.isEmpty() ? "" : "; ").append(f).append(": ").append(types);
            p += 5 + 2 * n;
        }
        return sb.toString();
    }

    static String extendedNextHop(Wire w, FieldNode cap, String key, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int p = off; p + 6 <= off + len; p += 6) {
            Family nlri = new Family(w.u16(p), w.u16(p + 2));
            String text = nlri + " over " + Family.afiName(w.u16(p + 4));
            FieldNode e = cap.add("NLRI " + nlri, key + ".entry", p, 6).value(text).text(text);
            e.leaf("NLRI AFI", key + ".nlri_afi", p, 2, (long) w.u16(p));
            e.leaf("NLRI SAFI", key + ".nlri_safi", p + 2, 2, (long) w.u16(p + 2));
            e.leaf("next hop AFI", key + ".next_hop_afi", p + 4, 2, (long) w.u16(p + 4));
            sb.append(sb.isEmpty() ? "" : "; ").append(text);
        }
        if (len % 6 != 0) {
            cap.problem(Problem.warning(off, "length " + len + " is not a multiple of 6"));
        }
        return sb.toString();
    }

    static String bgpsec(Wire w, FieldNode cap, String key, int off, int len) {
        w.need(off, 3, off + len, "BGPsec version and AFI");
        int b = w.u8(off);
        cap.leaf("version and direction", key + ".version", off, 1, (long) b)
                .text("version " + (b >>> 4) + ", " + ((b & 8) != 0 ? "send" : "receive"));
        cap.leaf("AFI", key + ".afi", off + 1, 2, (long) w.u16(off + 1));
        return "version " + (b >>> 4) + " " + Family.afiName(w.u16(off + 1)) + ((b & 8) != 0 ? " send" : " receive");
    }

    static String multipleLabels(Wire w, FieldNode cap, String key, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int p = off; p + 4 <= off + len; p += 4) {
            String text = new Family(w.u16(p), w.u8(p + 2)) + " up to " + w.u8(p + 3) + " labels";
            FieldNode e = cap.add("family", key + ".entry", p, 4).value(text).text(text);
            e.leaf("AFI", key + ".afi", p, 2, (long) w.u16(p));
            e.leaf("SAFI", key + ".safi", p + 2, 1, (long) w.u8(p + 2));
            e.leaf("count", key + ".count", p + 3, 1, (long) w.u8(p + 3));
            sb.append(sb.isEmpty() ? "" : "; ").append(text);
        }
        if (len % 4 != 0) {
            // RFC 8277 §2.1: one 4-byte AFI, SAFI, count triple per family.
            cap.problem(Problem.warning(off, "length " + len + " is not a multiple of 4 (RFC 8277 §2.1)"));
        }
        return sb.toString();
    }

    static String role(Wire w, FieldNode cap, String key, int off, int len) {
        w.need(off, 1, off + len, "role");
        String r = switch (w.u8(off)) {
            case 0 -> "Provider";
            case 1 -> "RS";
            case 2 -> "RS-Client";
            case 3 -> "Customer";
            case 4 -> "Peer";
            default -> "role " + w.u8(off);
        };
        cap.leaf("role", key + ".value", off, 1, r);
        return r;
    }

    /** RFC 4724 §3: restart flags and time, then per-family forwarding-state flags. */
    static String gracefulRestart(Wire w, FieldNode cap, String key, int off, int len) {
        w.need(off, 2, off + len, "restart flags and time");
        int v = w.u16(off);
        FieldNode flags = cap.add("restart flags and time", key + ".flags", off, 2).value((long) v)
                .text("restart time " + (v & 0x0FFF) + " s" + ((v & 0x8000) != 0 ? ", restarting" : "") + ((v & 0x4000) != 0 ? ", notification" : ""));
        flags.bit("restart state (R)", key + ".flags.r", 0x8000, (v & 0x8000) != 0);
        flags.bit("graceful notification (N)", key + ".flags.n", 0x4000, (v & 0x4000) != 0);
        flags.bit("restart time", key + ".time", 0x0FFF, true).value((long) (v & 0x0FFF)).text("restart time: " + (v & 0x0FFF) + " s");
        StringBuilder sb = new StringBuilder("restart time " + (v & 0x0FFF) + " s");
        for (int p = off + 2; p + 4 <= off + len; p += 4) {
            Family f = new Family(w.u16(p), w.u8(p + 2));
            boolean fwd = (w.u8(p + 3) & 0x80) != 0;
            FieldNode e = cap.add(f.toString(), key + ".family", p, 4).value(f + (fwd ? " forwarding preserved" : ""));
            e.leaf("AFI", key + ".family.afi", p, 2, (long) f.afi());
            e.leaf("SAFI", key + ".family.safi", p + 2, 1, (long) f.safi());
            e.add("flags", key + ".family.flags", p + 3, 1).value((long) w.u8(p + 3))
                    .bit("forwarding state preserved (F)", key + ".family.flags.f", 0x80, fwd);
            sb.append("; ").append(f).append(fwd ? " (F)" : "");
        }
        return sb.toString();
    }

    static String as4(Wire w, FieldNode cap, String key, int off, int len) {
        w.need(off, 4, off + len, "4-octet AS number");
        long as = w.u32(off);
        cap.leaf("AS number", key + ".asn", off, 4, as);
        return "AS " + as;
    }

    /** RFC 7911 §4: per family, send (2), receive (1) or both (3). */
    static String addPath(Wire w, FieldNode cap, String key, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int p = off; p + 4 <= off + len; p += 4) {
            Family f = new Family(w.u16(p), w.u8(p + 2));
            int sr = w.u8(p + 3);
            String mode = switch (sr) {
                case 1 -> "receive";
                case 2 -> "send";
                case 3 -> "send/receive";
                default -> "invalid " + sr;
            };
            FieldNode e = cap.add(f.toString(), key + ".family", p, 4).value(f + " " + mode).text(f + ": " + mode);
            e.leaf("AFI", key + ".family.afi", p, 2, (long) f.afi());
            e.leaf("SAFI", key + ".family.safi", p + 2, 1, (long) f.safi());
            e.leaf("send/receive", key + ".family.send_receive", p + 3, 1, (long) sr).text("send/receive: " + sr + " (" + mode + ")");
            sb.append(sb.isEmpty() ? "" : "; ").append(f).append(' ').append(mode);
        }
        if (len % 4 != 0) {
            cap.problem(Problem.warning(off, "length " + len + " is not a multiple of 4"));
        }
        return sb.toString();
    }

    /** RFC 9494 §3: per family, flags and a 24-bit stale time. */
    static String llgr(Wire w, FieldNode cap, String key, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int p = off; p + 7 <= off + len; p += 7) {
            Family f = new Family(w.u16(p), w.u8(p + 2));
            int stale = w.u24(p + 4);
            FieldNode e = cap.add(f.toString(), key + ".family", p, 7).value(f + " stale " + stale + " s");
            e.leaf("AFI", key + ".family.afi", p, 2, (long) f.afi());
            e.leaf("SAFI", key + ".family.safi", p + 2, 1, (long) f.safi());
            e.add("flags", key + ".family.flags", p + 3, 1).value((long) w.u8(p + 3))
                    .bit("forwarding state preserved (F)", key + ".family.flags.f", 0x80, (w.u8(p + 3) & 0x80) != 0);
            e.leaf("long-lived stale time", key + ".family.stale_time", p + 4, 3, (long) stale);
            sb.append(sb.isEmpty() ? "" : "; ").append(f).append(" stale ").append(stale).append(" s");
        }
        return sb.toString();
    }

    static String fqdn(Wire w, FieldNode cap, String key, int off, int len) {
        int end = off + len;
        w.need(off, 1, end, "hostname length");
        int hl = w.u8(off);
        cap.leaf("hostname length", key + ".hostname_length", off, 1, (long) hl);
        w.need(off + 1, hl, end, "hostname");
        String host = w.utf8(off + 1, hl);
        if (hl > 0) {
            cap.leaf("hostname", key + ".hostname", off + 1, hl, host);
        }
        int d = off + 1 + hl;
        String domain = "";
        if (d < end) {
            int dl = w.u8(d);
            cap.leaf("domain length", key + ".domain_length", d, 1, (long) dl);
            w.need(d + 1, dl, end, "domain name");
            domain = w.utf8(d + 1, dl);
            if (dl > 0) {
                cap.leaf("domain name", key + ".domain", d + 1, dl, domain);
            }
        }
        return host + (domain.isEmpty() ? "" : "." + domain);
    }

    static String softwareVersion(Wire w, FieldNode cap, String key, int off, int len) {
        w.need(off, 1, off + len, "version length");
        int l = w.u8(off);
        cap.leaf("length", key + ".length", off, 1, (long) l);
        w.need(off + 1, l, off + len, "software version");
        String v = w.utf8(off + 1, l);
        if (l > 0) {
            cap.leaf("software version", key + ".value", off + 1, l, v);
        }
        return v;
    }

    static String pathsLimit(Wire w, FieldNode cap, String key, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int p = off; p + 5 <= off + len; p += 5) {
            String text = new Family(w.u16(p), w.u8(p + 2)) + " limit " + w.u16(p + 3);
            FieldNode e = cap.add("family", key + ".entry", p, 5).value(text).text(text);
            e.leaf("AFI", key + ".afi", p, 2, (long) w.u16(p));
            e.leaf("SAFI", key + ".safi", p + 2, 1, (long) w.u8(p + 2));
            e.leaf("paths limit", key + ".limit", p + 3, 2, (long) w.u16(p + 3));
            sb.append(sb.isEmpty() ? "" : "; ").append(text);
        }
        return sb.toString();
    }
}

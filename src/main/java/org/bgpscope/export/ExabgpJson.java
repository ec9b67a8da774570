package org.bgpscope.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.tree.Attributes;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Problem;

/**
 * ExaBGP 4's JSON for received messages (its API "json" encoder), one object per line, so tools that
 * read ExaBGP's output can read an export: the sender is the "peer", the receiver "local", as if
 * ExaBGP had been the receiving side. UPDATE, OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH are
 * written; entries ExaBGP has no message for (MRT table entries, unframed bytes) are skipped.
 * AS_SET members are written as a nested array inside "as-path". A field the tree could not decode
 * is left out, and the object gets an {@code "error"} field naming what was malformed.
 */
final class ExabgpJson {
    private ExabgpJson() {}

    static boolean canExpress(CaptureIndex capture, int i) {
        return capture.messages().kind(i) == MessageKind.BGP_MESSAGE && capture.messages().type(i) >= 1 && capture.messages().type(i) <= 5;
    }

    private static final JsonFactory FACTORY = new JsonFactory();

    /**
     * Writes message {@code i} as one JSON object. What the tree could not decode is left out and
     * named in a top-level {@code "error"} field (the tree's error problems); the object is built
     * apart first, so even an exporter bug gives a valid line with the reason rather than an exception.
     */
    static void write(JsonGenerator g, CaptureIndex capture, Sessions sessions, int i, long counter) throws IOException {
        MessageIndex m = capture.messages();
        FieldNode root = MessageDecoder.decode(capture, i, sessions).root();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        try (JsonGenerator b = FACTORY.createGenerator(buf, JsonEncoding.UTF8)) {
            object(b, capture, sessions, i, counter, root);
        } catch (RuntimeException e) {
            buf.reset();
            try (JsonGenerator b = FACTORY.createGenerator(buf, JsonEncoding.UTF8)) {
                b.writeStartObject();
                header(b, m, i, counter);
                b.writeStringField("error", "export failed: " + e);
                b.writeEndObject();
            }
        }
        g.writeRawValue(buf.toString(StandardCharsets.UTF_8));
    }

    private static void header(JsonGenerator g, MessageIndex m, int i, long counter) throws IOException {
        g.writeStringField("exabgp", "4.0.1");
        g.writeFieldName("time");
        g.writeNumber(java.math.BigDecimal.valueOf(m.time(i), 9).stripTrailingZeros().toPlainString());
        g.writeStringField("host", "bgpscope");
        g.writeNumberField("pid", 0);
        g.writeNumberField("ppid", 0);
        g.writeNumberField("counter", counter);
        g.writeStringField("type", switch (m.type(i)) {
            case 1 -> "open";
            case 2 -> "update";
            case 3 -> "notification";
            case 4 -> "keepalive";
            default -> "refresh";
        });
    }

    private static void object(JsonGenerator g, CaptureIndex capture, Sessions sessions, int i, long counter, FieldNode root)
            throws IOException {
        MessageIndex m = capture.messages();
        int type = m.type(i);
        g.writeStartObject();
        header(g, m, i, counter);
        g.writeObjectFieldStart("neighbor");
        int fid = m.flow(i);
        Flow f = fid < 0 ? null : capture.flows().flow(fid);
        g.writeObjectFieldStart("address");
        g.writeStringField("local", f == null ? "" : f.dstAddress());
        g.writeStringField("peer", f == null ? "" : f.srcAddress());
        g.writeEndObject();
        g.writeObjectFieldStart("asn");
        g.writeNumberField("local", asn(capture, sessions, fid < 0 ? -1 : fid ^ 1, i, f == null ? -1 : f.dstAs()));
        g.writeNumberField("peer", asn(capture, sessions, fid, i, f == null ? -1 : f.srcAs()));
        g.writeEndObject();
        g.writeStringField("direction", "receive");
        switch (type) {
            case 1 -> open(g, root);
            case 2 -> update(g, root);
            case 3 -> notification(g, root);
            case 5 -> refresh(g, root);
            default -> { }
        }
        g.writeEndObject();
        String errors = errors(root);
        if (!errors.isEmpty()) {
            g.writeStringField("error", errors);
        }
        g.writeEndObject();
    }

    /** The tree's error problems, "field: problem", joined by "; ". */
    static String errors(FieldNode root) {
        StringBuilder sb = new StringBuilder();
        collectErrors(root, sb);
        return sb.toString();
    }

    private static void collectErrors(FieldNode n, StringBuilder sb) {
        for (Problem p : n.problems()) {
            if (p.severity() == Problem.Severity.ERROR) {
                sb.append(sb.isEmpty() ? "" : "; ").append(n.name()).append(": ").append(p.text());
            }
        }
        for (FieldNode c : n.children()) {
            collectErrors(c, sb);
        }
    }

    /** The first value of {@code key} below {@code n} if it is a number, else null. */
    private static Long num(FieldNode n, String key) {
        return first(n, key) instanceof Long l ? l : null;
    }

    private static void numberField(JsonGenerator g, String name, Long v) throws IOException {
        if (v != null) {
            g.writeNumberField(name, v);
        }
    }

    /** The AS of a side: from the last OPEN it sent (4-octet capability first), else what MRT says. */
    private static long asn(CaptureIndex capture, Sessions sessions, int flow, int i, long known) {
        int open = sessions.openBefore(flow, i + 1);
        if (open < 0) {
            // That side's OPEN may come later in the capture (the two OPENs cross).
            open = sessions.openBefore(flow, capture.messages().size());
        }
        if (open >= 0) {
            return sessions.capabilities(open).asn();
        }
        return Math.max(0, known);
    }

    private static boolean isEor(FieldNode root) {
        return root.text().startsWith("UPDATE: End-of-RIB") || String.valueOf(root.find("bgp.update.attr.mp_unreach").stream()
                .map(FieldNode::value).findFirst().orElse("")).startsWith("End-of-RIB");
    }

    private static Object first(FieldNode root, String key) {
        List<FieldNode> l = root.find(key);
        return l.isEmpty() ? null : l.getFirst().value();
    }

    private static String family(long afi, long safi) {
        String a = switch ((int) afi) {
            case 1 -> "ipv4";
            case 2 -> "ipv6";
            case 25 -> "l2vpn";
            case 16388 -> "bgp-ls";
            default -> "afi-" + afi;
        };
        String s = switch ((int) safi) {
            case 1 -> "unicast";
            case 2 -> "multicast";
            case 4 -> "nlri-mpls";
            case 70 -> "evpn";
            case 128 -> "mpls-vpn";
            case 132 -> "rtc";
            case 133 -> "flow";
            case 134 -> "flow-vpn";
            default -> "safi-" + safi;
        };
        return a + " " + s;
    }

    private static void update(JsonGenerator g, FieldNode root) throws IOException {
        g.writeObjectFieldStart("message");
        if (isEor(root)) {
            List<FieldNode> un = root.find("bgp.update.attr.mp_unreach");
            Long a = un.isEmpty() ? Long.valueOf(1) : num(un.getFirst(), "bgp.update.attr.mp_unreach.afi");
            Long sa = un.isEmpty() ? Long.valueOf(1) : num(un.getFirst(), "bgp.update.attr.mp_unreach.safi");
            long afi = a == null ? 0 : a;
            long safi = sa == null ? 0 : sa;
            g.writeObjectFieldStart("eor");
            String[] fam = family(afi, safi).split(" ");
            g.writeStringField("afi", fam[0]);
            g.writeStringField("safi", fam[1]);
            g.writeEndObject();
            g.writeEndObject();
            return;
        }
        g.writeObjectFieldStart("update");
        attributes(g, root);
        // RFC 7606 §2: an UPDATE whose error is "treat-as-withdraw" announces nothing: the NLRI it could
        // delimit are withdrawn, a malformed NLRI is written nowhere (a flowspec rule with a bad component
        // must never become a broader rule). One that resets the session or disables its family carries
        // no routes at all. The "error" field says which.
        String action = worstAction(root);
        boolean resets = action != null && (action.contains("session-reset") || action.contains("afi-safi-disable"));
        boolean withdrawAll = Attributes.TREAT_AS_WITHDRAW.equals(action);
        // announce: family -> next hop -> [ {nlri, path-information} ]
        Map<String, Map<String, List<FieldNode>>> announce = new LinkedHashMap<>();
        Object nh = first(root, "bgp.update.attr.next_hop");
        for (FieldNode p : root.find("bgp.update.nlri.prefix")) {
            announce.computeIfAbsent("ipv4 unicast", k -> new LinkedHashMap<>())
                    .computeIfAbsent(nh == null ? "null" : nh.toString(), k -> new ArrayList<>()).add(p);
        }
        for (FieldNode mp : root.find("bgp.update.attr.mp_reach")) {
            Long afi = num(mp, "bgp.update.attr.mp_reach.afi");
            Long safi = num(mp, "bgp.update.attr.mp_reach.safi");
            if (afi == null || safi == null) {
                continue;
            }
            Object hop = first(mp, "bgp.update.attr.mp_reach.next_hop");
            for (FieldNode p : mp.find("bgp.update.attr.mp_reach.nlri.prefix")) {
                announce.computeIfAbsent(family(afi, safi), k -> new LinkedHashMap<>())
                        .computeIfAbsent(hop == null ? "null" : hop.toString(), k -> new ArrayList<>()).add(p);
            }
        }
        Map<String, List<FieldNode>> withdraw = new LinkedHashMap<>();
        if (resets) {
            announce.clear();
        } else if (withdrawAll) {
            for (var fam : announce.entrySet()) {
                for (List<FieldNode> nlris : fam.getValue().values()) {
                    for (FieldNode p : nlris) {
                        if (!hasError(p)) {
                            withdraw.computeIfAbsent(fam.getKey(), k -> new ArrayList<>()).add(p);
                        }
                    }
                }
            }
            announce.clear();
        }
        if (!announce.isEmpty()) {
            g.writeObjectFieldStart("announce");
            for (var fam : announce.entrySet()) {
                g.writeObjectFieldStart(fam.getKey());
                for (var hop : fam.getValue().entrySet()) {
                    g.writeArrayFieldStart(hop.getKey());
                    for (FieldNode p : hop.getValue()) {
                        nlri(g, p);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        for (FieldNode p : resets ? List.<FieldNode>of() : root.find("bgp.update.withdrawn.prefix")) {
            withdraw.computeIfAbsent("ipv4 unicast", k -> new ArrayList<>()).add(p);
        }
        for (FieldNode mp : resets ? List.<FieldNode>of() : root.find("bgp.update.attr.mp_unreach")) {
            Long afi = num(mp, "bgp.update.attr.mp_unreach.afi");
            Long safi = num(mp, "bgp.update.attr.mp_unreach.safi");
            if (afi == null || safi == null) {
                continue;
            }
            for (FieldNode p : mp.find("bgp.update.attr.mp_unreach.nlri.prefix")) {
                withdraw.computeIfAbsent(family(afi, safi), k -> new ArrayList<>()).add(p);
            }
        }
        if (!withdraw.isEmpty()) {
            g.writeObjectFieldStart("withdraw");
            for (var fam : withdraw.entrySet()) {
                g.writeArrayFieldStart(fam.getKey());
                for (FieldNode p : fam.getValue()) {
                    nlri(g, p);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The gravest RFC 7606 action the tree asks for: session reset or family disable, then treat-as-withdraw. */
    static String worstAction(FieldNode root) {
        String[] worst = {null};
        walk(root, n -> {
            for (Problem p : n.problems()) {
                String a = p.action();
                if (a == null) {
                    continue;
                }
                if (a.contains("session-reset") || a.contains("afi-safi-disable")) {
                    worst[0] = a;
                } else if (a.equals(Attributes.TREAT_AS_WITHDRAW) && worst[0] == null) {
                    worst[0] = a;
                }
            }
        });
        return worst[0];
    }

    private static void walk(FieldNode n, java.util.function.Consumer<FieldNode> visit) {
        visit.accept(n);
        for (FieldNode c : n.children()) {
            walk(c, visit);
        }
    }

    private static boolean hasError(FieldNode n) {
        boolean[] found = {false};
        walk(n, x -> found[0] |= x.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR));
        return found[0];
    }

    private static void nlri(JsonGenerator g, FieldNode p) throws IOException {
        g.writeStartObject();
        g.writeStringField("nlri", String.valueOf(p.value()));
        for (FieldNode c : p.children()) {
            if (c.key().endsWith(".path_id") && c.value() instanceof Long id) {
                // ExaBGP writes the path identifier as a dotted quad.
                g.writeStringField("path-information", (id >>> 24) + "." + (id >>> 16 & 255) + "." + (id >>> 8 & 255) + "." + (id & 255));
            }
        }
        g.writeEndObject();
    }

    private static void attributes(JsonGenerator g, FieldNode root) throws IOException {
        List<FieldNode> attrs = root.find("bgp.update.attrs");
        if (attrs.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("attribute");
        for (FieldNode a : attrs.getFirst().children()) {
            String k = a.key().substring("bgp.update.attr.".length());
            switch (k) {
                case "origin" -> g.writeStringField("origin", String.valueOf(a.value()).toLowerCase());
                case "as_path" -> {
                    g.writeArrayFieldStart("as-path");
                    for (FieldNode seg : a.find("bgp.update.attr.as_path.segment")) {
                        boolean set = seg.name().endsWith("SET");
                        if (set) {
                            g.writeStartArray();
                        }
                        for (FieldNode asn : seg.find("bgp.update.attr.as_path.asn")) {
                            if (asn.value() instanceof Long n) {
                                g.writeNumber(n);
                            }
                        }
                        if (set) {
                            g.writeEndArray();
                        }
                    }
                    g.writeEndArray();
                }
                case "next_hop" -> {
                    // ExaBGP puts the next hop in "announce"; a withdraw-only UPDATE keeps it here.
                    if (root.find("bgp.update.nlri.prefix").isEmpty()) {
                        g.writeStringField("next-hop", String.valueOf(a.value()));
                    }
                }
                // A MED or LOCAL_PREF of the wrong length has no value: the "error" field says why.
                case "med" -> numberField(g, "med", a.value() instanceof Long n ? n : null);
                case "local_pref" -> numberField(g, "local-preference", a.value() instanceof Long n ? n : null);
                case "atomic_aggregate" -> g.writeBooleanField("atomic-aggregate", true);
                case "aggregator" -> {
                    String[] v = String.valueOf(a.value()).split(" ");
                    g.writeStringField("aggregator", v[0] + ":" + (v.length > 1 ? v[1] : ""));
                }
                case "communities" -> {
                    g.writeArrayFieldStart("community");
                    for (FieldNode c : a.children()) {
                        if (c.key().equals("bgp.update.attr.community")) {
                            g.writeStartArray();
                            String t = String.valueOf(c.value());
                            long raw = raw(t, c);
                            g.writeNumber(raw >>> 16);
                            g.writeNumber(raw & 0xFFFF);
                            g.writeEndArray();
                        }
                    }
                    g.writeEndArray();
                }
                case "large_communities" -> {
                    g.writeArrayFieldStart("large-community");
                    for (FieldNode c : a.find("bgp.update.attr.large_community")) {
                        g.writeStartArray();
                        for (String part : String.valueOf(c.value()).split(":")) {
                            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit) && part.length() <= 10) {
                                g.writeNumber(Long.parseLong(part));
                            }
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                case "extended_communities" -> {
                    g.writeArrayFieldStart("extended-community");
                    for (FieldNode c : a.find("bgp.update.attr.extended_community")) {
                        g.writeStartObject();
                        g.writeStringField("string", String.valueOf(c.value()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                case "originator_id" -> g.writeStringField("originator-id", String.valueOf(a.value()));
                case "cluster_list" -> {
                    g.writeArrayFieldStart("cluster-list");
                    for (FieldNode c : a.children()) {
                        if (c.key().endsWith(".id")) {
                            g.writeString(String.valueOf(c.value()));
                        }
                    }
                    g.writeEndArray();
                }
                default -> { }
            }
        }
        g.writeEndObject();
    }

    /** The 32-bit community behind a node's text ("65001:100" or a well-known name). */
    private static long raw(String text, FieldNode c) {
        int colon = text.indexOf(':');
        if (colon > 0 && colon < text.length() - 1 && text.indexOf(':', colon + 1) < 0 && text.length() <= 11
                && text.chars().allMatch(ch -> Character.isDigit(ch) || ch == ':')) {
            return Long.parseLong(text.substring(0, colon)) << 16 | Long.parseLong(text.substring(colon + 1));
        }
        return switch (text) {
            case "no-export" -> 0xFFFFFF01L;
            case "no-advertise" -> 0xFFFFFF02L;
            case "no-export-subconfed" -> 0xFFFFFF03L;
            case "no-peer" -> 0xFFFFFF04L;
            case "graceful-shutdown" -> 0xFFFF0000L;
            case "accept-own" -> 0xFFFF0001L;
            case "llgr-stale" -> 0xFFFF0006L;
            case "no-llgr" -> 0xFFFF0007L;
            case "blackhole" -> 0xFFFF029AL;
            default -> 0;
        };
    }

    private static void open(JsonGenerator g, FieldNode root) throws IOException {
        g.writeObjectFieldStart("message");
        g.writeObjectFieldStart("open");
        numberField(g, "version", num(root, "bgp.open.version"));
        Long as4 = num(root, "bgp.open.cap.as4.asn");
        numberField(g, "asn", as4 != null ? as4 : num(root, "bgp.open.my_as"));
        numberField(g, "hold_time", num(root, "bgp.open.hold_time"));
        Object id = first(root, "bgp.open.bgp_id");
        if (id != null) {
            g.writeStringField("router_id", id.toString());
        }
        // Capabilities by code; a code sent several times (multiprotocol) lists all its values.
        Map<String, List<FieldNode>> caps = new LinkedHashMap<>();
        for (FieldNode cap : root.find("bgp.open.cap.code")) {
            if (cap.parent() == null) {
                continue;
            }
            caps.computeIfAbsent(String.valueOf(cap.value()), k -> new ArrayList<>()).add(cap.parent());
        }
        g.writeObjectFieldStart("capabilities");
        for (var e : caps.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("name", e.getValue().getFirst().name().toLowerCase());
            g.writeArrayFieldStart("values");
            for (FieldNode c : e.getValue()) {
                g.writeString(String.valueOf(c.value()));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void notification(JsonGenerator g, FieldNode root) throws IOException {
        g.writeObjectFieldStart("notification");
        numberField(g, "code", num(root, "bgp.notification.code"));
        numberField(g, "subcode", num(root, "bgp.notification.subcode"));
        Object msg = first(root, "bgp.notification.shutdown_message");
        Object data = first(root, "bgp.notification.data");
        g.writeStringField("data", msg != null ? msg.toString() : data == null ? "" : data.toString());
        g.writeEndObject();
    }

    private static void refresh(JsonGenerator g, FieldNode root) throws IOException {
        g.writeObjectFieldStart("message");
        g.writeObjectFieldStart("refresh");
        Long afi = num(root, "bgp.route_refresh.afi");
        Long safi = num(root, "bgp.route_refresh.safi");
        if (afi != null && safi != null) {
            String[] fam = family(afi, safi).split(" ");
            g.writeStringField("afi", fam[0]);
            g.writeStringField("safi", fam[1]);
        }
        Long sub = num(root, "bgp.route_refresh.subtype");
        if (sub != null) {
            g.writeStringField("subtype", sub == 1 ? "begin" : sub == 2 ? "end" : "refresh");
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}

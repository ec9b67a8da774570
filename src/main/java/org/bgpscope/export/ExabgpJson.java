package org.bgpscope.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
 * written; entries ExaBGP has no message for (MRT table entries, unframed bytes) are skipped. Keys
 * and values are those of ExaBGP 4.2's encoder for the same message under the same session state
 * (ExabgpOracleTest holds them to it), but where ExaBGP is wrong by an RFC (README, "ExaBGP export").
 * A field the tree could not decode is left out, and the object gets an {@code "error"} field
 * naming what was malformed.
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
        MessageDecoder.Decoded decoded = MessageDecoder.decode(capture, i, sessions);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
        try (JsonGenerator b = FACTORY.createGenerator(buf, JsonEncoding.UTF8)) {
            object(b, capture, sessions, i, counter, decoded);
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

    private static void object(JsonGenerator g, CaptureIndex capture, Sessions sessions, int i, long counter, MessageDecoder.Decoded d)
            throws IOException {
        MessageIndex m = capture.messages();
        FieldNode root = d.root();
        int type = m.type(i);
        g.writeStartObject();
        header(g, m, i, counter);
        g.writeObjectFieldStart("neighbor");
        int fid = m.flow(i);
        Flow f = fid < 0 ? null : capture.flows().flow(fid);
        g.writeObjectFieldStart("address");
        g.writeStringField("local", f == null || f.dstAddress().isEmpty() ? "0.0.0.0" : f.dstAddress());
        g.writeStringField("peer", f == null || f.srcAddress().isEmpty() ? "0.0.0.0" : f.srcAddress());
        g.writeEndObject();
        g.writeObjectFieldStart("asn");
        g.writeNumberField("local", asn(capture, sessions, fid < 0 ? -1 : fid ^ 1, i, f == null ? -1 : f.dstAs()));
        // An OPEN names its sender's AS itself (RFC 6793 §4.1: the 4-octet one where it offers one).
        g.writeNumberField("peer", type == 1 ? Math.max(0, sessions.capabilities(i).asn()) : asn(capture, sessions, fid, i, f == null ? -1 : f.srcAs()));
        g.writeEndObject();
        g.writeStringField("direction", "receive");
        // ExaBGP puts "open", "notification" and "route-refresh" beside "direction", updates in "message".
        switch (type) {
            case 1 -> ExabgpOpen.write(g, root, d.bytes());
            case 2 -> update(g, root, d.bytes());
            case 3 -> notification(g, root, d.bytes());
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

    /** {@code length} bytes of the message from {@code offset}, cut at its end. */
    static byte[] slice(MemorySegment bytes, int offset, int length) {
        long size = bytes.byteSize();
        if (offset < 0 || offset >= size || length <= 0) {
            return new byte[0];
        }
        int n = (int) Math.min(length, size - offset);
        return bytes.asSlice(offset, n).toArray(ValueLayout.JAVA_BYTE);
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
    static Long num(FieldNode n, String key) {
        return first(n, key) instanceof Long l ? l : null;
    }

    static void numberField(JsonGenerator g, String name, Long v) throws IOException {
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


    static Object first(FieldNode root, String key) {
        List<FieldNode> l = root.find(key);
        return l.isEmpty() ? null : l.getFirst().value();
    }

    private static final String MP_REACH = "bgp.update.attr.mp_reach";
    /** ExaBGP's key for routes announced without a next hop (a flowspec rule, a NEXT_HOP missing). */
    private static final String NO_NEXT_HOP = "no-nexthop";
    private static final String MP_UNREACH = "bgp.update.attr.mp_unreach";

    /** An NLRI list of one family, with the next hop it is announced with (null for withdrawals). */
    private record Routes(long afi, long safi, String nextHop, List<FieldNode> prefixes) {}

    private static void update(JsonGenerator g, FieldNode root, MemorySegment bytes) throws IOException {
        List<FieldNode> attrs = root.find("bgp.update.attrs").stream().flatMap(a -> a.children().stream())
                .filter(a -> a.key().startsWith("bgp.update.attr.")).toList();
        Object nh = first(root, "bgp.update.attr.next_hop");
        List<Routes> announced = new ArrayList<>();
        List<Routes> withdrawn = new ArrayList<>();
        withdrawn.add(new Routes(1, 1, null, root.find("bgp.update.withdrawn.prefix")));
        announced.add(new Routes(1, 1, nh == null ? NO_NEXT_HOP : nh.toString(), root.find("bgp.update.nlri.prefix")));
        FieldNode reach = null;
        FieldNode unreach = null;
        boolean other = false;
        for (FieldNode a : attrs) {
            if (a.key().equals(MP_UNREACH)) {
                unreach = unreach == null ? a : unreach;
            } else if (a.key().equals(MP_REACH)) {
                reach = reach == null ? a : reach;
            } else {
                other = true;
            }
        }
        if (unreach != null) {
            Long afi = num(unreach, MP_UNREACH + ".afi");
            Long safi = num(unreach, MP_UNREACH + ".safi");
            if (afi != null && safi != null) {
                withdrawn.add(new Routes(afi, safi, null, unreach.find(MP_UNREACH + ".nlri.prefix")));
            }
        }
        if (reach != null) {
            Long afi = num(reach, MP_REACH + ".afi");
            Long safi = num(reach, MP_REACH + ".safi");
            // RFC 2545 §3: of a global and a link-local next hop, the routes are announced under the global one.
            Object hop = first(reach, MP_REACH + ".next_hop");
            if (afi != null && safi != null) {
                announced.add(new Routes(afi, safi, hop == null ? NO_NEXT_HOP : hop.toString(), reach.find(MP_REACH + ".nlri.prefix")));
            }
        }
        int routes = 0;
        for (Routes r : announced) {
            routes += r.prefixes().size();
        }
        for (Routes r : withdrawn) {
            routes += r.prefixes().size();
        }
        g.writeObjectFieldStart("message");
        if (!other && routes == 0) {
            // End-of-RIB (RFC 4724 §2): an empty UPDATE for IPv4 unicast, an empty MP_UNREACH_NLRI otherwise.
            long afi = 1;
            long safi = 1;
            FieldNode mp = unreach != null ? unreach : reach;
            if (mp != null) {
                Long a = num(mp, mp.key() + ".afi");
                Long sa = num(mp, mp.key() + ".safi");
                afi = a == null ? 0 : a;
                safi = sa == null ? 0 : sa;
            }
            g.writeObjectFieldStart("eor");
            g.writeStringField("afi", ExabgpNlri.afi((int) afi));
            g.writeStringField("safi", ExabgpNlri.safi((int) safi));
            g.writeEndObject();
            g.writeEndObject();
            return;
        }
        // RFC 7606 §2: an UPDATE whose error is "treat-as-withdraw" announces nothing: the NLRI it could
        // delimit are withdrawn, a malformed NLRI is written nowhere (a flowspec rule with a bad component
        // must never become a broader rule). One that resets the session or disables its family carries
        // no routes at all. The "error" field says which.
        String action = worstAction(root);
        boolean resets = action != null && (action.contains("session-reset") || action.contains("afi-safi-disable"));
        boolean withdrawAll = Attributes.TREAT_AS_WITHDRAW.equals(action);
        // family -> next hop -> NLRI; family -> NLRI
        Map<String, Map<String, List<FieldNode>>> announce = new LinkedHashMap<>();
        Map<String, List<FieldNode>> withdraw = new LinkedHashMap<>();
        Map<String, Long> safiOf = new LinkedHashMap<>();
        Map<String, String> hopOf = new LinkedHashMap<>();
        for (Routes r : withdrawn) {
            String fam = ExabgpNlri.family(r.afi(), r.safi());
            safiOf.put(fam, r.safi());
            for (FieldNode p : resets ? List.<FieldNode>of() : r.prefixes()) {
                if (!hasError(p)) {
                    withdraw.computeIfAbsent(fam, k -> new ArrayList<>()).add(p);
                }
            }
        }
        for (Routes r : announced) {
            String fam = ExabgpNlri.family(r.afi(), r.safi());
            safiOf.put(fam, r.safi());
            if (r.afi() != 1 || r.safi() != 1 || r.nextHop() != null) {
                hopOf.put(fam, r.nextHop());
            }
            for (FieldNode p : resets ? List.<FieldNode>of() : r.prefixes()) {
                if (withdrawAll) {
                    if (!hasError(p)) {
                        withdraw.computeIfAbsent(fam, k -> new ArrayList<>()).add(p);
                    }
                } else {
                    announce.computeIfAbsent(fam, k -> new LinkedHashMap<>()).computeIfAbsent(r.nextHop(), k -> new ArrayList<>()).add(p);
                }
            }
        }
        g.writeObjectFieldStart("update");
        if (other) {
            attributes(g, attrs, bytes, withdrawAll && attributeWithdraws(attrs));
        }
        if (!announce.isEmpty()) {
            g.writeObjectFieldStart("announce");
            for (var fam : announce.entrySet()) {
                g.writeObjectFieldStart(fam.getKey());
                long safi = safiOf.get(fam.getKey());
                for (var hop : fam.getValue().entrySet()) {
                    g.writeArrayFieldStart(hop.getKey());
                    for (FieldNode p : hop.getValue()) {
                        ExabgpNlri.write(g, p, bytes, safi, NO_NEXT_HOP.equals(hop.getKey()) ? null : hop.getKey());
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (!withdraw.isEmpty()) {
            g.writeObjectFieldStart("withdraw");
            for (var fam : withdraw.entrySet()) {
                g.writeArrayFieldStart(fam.getKey());
                for (FieldNode p : fam.getValue()) {
                    ExabgpNlri.write(g, p, bytes, safiOf.get(fam.getKey()), null);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }
    /**
     * Whether a path attribute other than MP_REACH/MP_UNREACH asks for treat-as-withdraw: ExaBGP marks
     * only those in "attribute" ("error": "treat-as-withdraw"); an NLRI it cannot read it drops unsaid.
     */
    private static boolean attributeWithdraws(List<FieldNode> attrs) {
        boolean[] found = {false};
        for (FieldNode a : attrs) {
            if (!a.key().equals(MP_REACH) && !a.key().equals(MP_UNREACH)) {
                walk(a, n -> found[0] |= n.problems().stream().anyMatch(p -> Attributes.TREAT_AS_WITHDRAW.equals(p.action())));
            }
        }
        return found[0];
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

    /** An attribute's value bytes, after its 3- or 4-byte header (RFC 4271 §4.3). */
    private static byte[] value(FieldNode a, MemorySegment bytes) {
        byte[] all = slice(bytes, a.offset(), a.length());
        if (all.length < 3) {
            return new byte[0];
        }
        int head = (all[0] & 0x10) != 0 ? 4 : 3;
        return all.length <= head ? new byte[0] : java.util.Arrays.copyOfRange(all, head, all.length);
    }

    private static int code(FieldNode a, MemorySegment bytes) {
        byte[] h = slice(bytes, a.offset(), 2);
        return h.length < 2 ? -1 : h[1] & 0xFF;
    }

    /**
     * The path attributes as ExaBGP writes them: by type code, the first of a repeated code only, the
     * next hop in "announce" rather than here, unknown transitive ones as "attribute-0xCC-0xFF" with
     * their bytes, unknown non-transitive ones left out (RFC 4271 §5).
     */
    private static void attributes(JsonGenerator g, List<FieldNode> attrs, MemorySegment bytes, boolean treatAsWithdraw) throws IOException {
        java.util.TreeMap<Integer, FieldNode> byCode = new java.util.TreeMap<>();
        for (FieldNode a : attrs) {
            int c = code(a, bytes);
            if (c >= 0) {
                byCode.putIfAbsent(c, a);
            }
        }
        g.writeObjectFieldStart("attribute");
        for (var e : byCode.entrySet()) {
            FieldNode a = e.getValue();
            String k = a.key().substring("bgp.update.attr.".length());
            switch (k) {
                case "origin" -> {
                    Long o = num(a, "bgp.update.attr.origin.value");
                    if (o != null) {
                        g.writeStringField("origin", o == 0 ? "igp" : o == 1 ? "egp" : o == 2 ? "incomplete" : "invalid");
                    }
                }
                case "as_path" -> asPath(g, a);
                case "next_hop", "mp_reach", "mp_unreach", "as4_path" -> { }
                // A MED or LOCAL_PREF of the wrong length has no value: the "error" field says why.
                case "med" -> numberField(g, "med", a.value() instanceof Long n ? n : null);
                case "local_pref" -> numberField(g, "local-preference", a.value() instanceof Long n ? n : null);
                case "atomic_aggregate" -> g.writeBooleanField("atomic-aggregate", true);
                case "aggregator", "as4_aggregator" -> {
                    byte[] v = value(a, bytes);
                    if (v.length == 6 || v.length == 8) {
                        long asn = v.length == 6 ? (v[0] & 0xFF) << 8 | (v[1] & 0xFF)
                                : ((long) (v[0] & 0xFF) << 24 | (v[1] & 0xFF) << 16 | (v[2] & 0xFF) << 8 | (v[3] & 0xFF));
                        int o = v.length - 4;
                        g.writeStringField("aggregator", asn + ":" + (v[o] & 0xFF) + "." + (v[o + 1] & 0xFF) + "." + (v[o + 2] & 0xFF) + "." + (v[o + 3] & 0xFF));
                    }
                }
                case "communities" -> {
                    byte[] v = value(a, bytes);
                    g.writeArrayFieldStart("community");
                    for (int i = 0; i + 4 <= v.length; i += 4) {
                        g.writeStartArray();
                        g.writeNumber((v[i] & 0xFF) << 8 | (v[i + 1] & 0xFF));
                        g.writeNumber((v[i + 2] & 0xFF) << 8 | (v[i + 3] & 0xFF));
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                case "large_communities" -> {
                    byte[] v = value(a, bytes);
                    g.writeArrayFieldStart("large-community");
                    for (int i = 0; i + 12 <= v.length; i += 12) {
                        g.writeStartArray();
                        for (int j = 0; j < 12; j += 4) {
                            g.writeNumber(u32(v, i + j));
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                case "extended_communities" -> {
                    byte[] v = value(a, bytes);
                    g.writeArrayFieldStart("extended-community");
                    for (int i = 0; i + 8 <= v.length; i += 8) {
                        g.writeStartObject();
                        g.writeFieldName("value");
                        g.writeNumber(new java.math.BigInteger(1, java.util.Arrays.copyOfRange(v, i, i + 8)));
                        g.writeStringField("string", ExabgpCommunities.extended(v, i));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                case "originator_id" -> g.writeStringField("originator-id", String.valueOf(a.value()));
                case "pmsi_tunnel" -> {
                    byte[] v = value(a, bytes);
                    if (v.length >= 5) {
                        g.writeStringField("pmsi", pmsi(v));
                    }
                }
                case "cluster_list" -> {
                    byte[] v = value(a, bytes);
                    g.writeArrayFieldStart("cluster-list");
                    for (int i = 0; i + 4 <= v.length; i += 4) {
                        g.writeString((v[i] & 0xFF) + "." + (v[i + 1] & 0xFF) + "." + (v[i + 2] & 0xFF) + "." + (v[i + 3] & 0xFF));
                    }
                    g.writeEndArray();
                }
                default -> {
                    byte[] all = slice(bytes, a.offset(), 1);
                    int flags = all.length == 1 ? all[0] & 0xFF : 0;
                    // ExaBGP passes an unknown transitive attribute on, marked partial (RFC 4271 §5).
                    if ((flags & 0x40) != 0) {
                        g.writeStringField(String.format("attribute-0x%02X-0x%02X", e.getKey(), flags | 0x20),
                                "0x" + java.util.HexFormat.of().formatHex(value(a, bytes)));
                    }
                }
            }
        }
        if (treatAsWithdraw) {
            g.writeStringField("error", "treat-as-withdraw");
        }
        g.writeEndObject();
    }

    /**
     * PMSI_TUNNEL (RFC 6514 §5) in ExaBGP's one-line form "pmsi:TYPE:FLAGS:LABEL:TUNNEL": ingress
     * replication (type 6) gives its endpoint address and the label with its raw 24 bits, no tunnel
     * (type 0) nothing; other types the tunnel identifier in hex.
     */
    private static String pmsi(byte[] v) {
        int flags = v[0] & 0xFF;
        int type = v[1] & 0xFF;
        int raw = (v[2] & 0xFF) << 16 | (v[3] & 0xFF) << 8 | (v[4] & 0xFF);
        String name = switch (type) {
            case 0 -> "notunnel";
            case 1 -> "rsvp-tep2mplsp";
            case 2 -> "mldpp2mplsp";
            case 3 -> "pim-ssmtree";
            case 4 -> "pim-smtree";
            case 5 -> "bidir-pimtree";
            case 6 -> "ingressreplication";
            case 7 -> "mldpmp2mplsp";
            default -> "unknown";
        };
        byte[] tunnel = java.util.Arrays.copyOfRange(v, 5, v.length);
        String label = type == 6 && raw != 0 ? (raw >> 4) + "(" + raw + ")" : Integer.toString(raw >> 4);
        String shown = type == 0 ? "" : type == 6 && tunnel.length == 4 ? org.bgpscope.net.Addresses.format(tunnel)
                : tunnel.length == 0 ? "" : "0x" + java.util.HexFormat.of().withUpperCase().formatHex(tunnel);
        return "pmsi:" + name + ":" + flags + ":" + label + ":" + shown;
    }

    private static long u32(byte[] v, int i) {
        return (long) (v[i] & 0xFF) << 24 | (v[i + 1] & 0xFF) << 16 | (v[i + 2] & 0xFF) << 8 | (v[i + 3] & 0xFF);
    }

    /**
     * AS_PATH as ExaBGP splits it by segment type (RFC 4271 §4.3, RFC 5065 §3): "as-path" the
     * AS_SEQUENCE members and "confederation-path" the AS_CONFED_SEQUENCE ones (both always written),
     * "as-set" and "confederation-set" the set members where there are any.
     */
    private static void asPath(JsonGenerator g, FieldNode a) throws IOException {
        List<List<Long>> byType = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (FieldNode seg : a.find("bgp.update.attr.as_path.segment")) {
            Long t = num(seg, "bgp.update.attr.as_path.segment.type");
            if (t == null || t < 1 || t > 4) {
                continue;
            }
            for (FieldNode asn : seg.find("bgp.update.attr.as_path.asn")) {
                if (asn.value() instanceof Long n) {
                    byType.get(t.intValue() - 1).add(n);
                }
            }
        }
        String[] names = {"as-set", "as-path", "confederation-path", "confederation-set"};
        for (int t : new int[] {1, 0, 2, 3}) {
            if (t == 1 || t == 2 || !byType.get(t).isEmpty()) {
                g.writeArrayFieldStart(names[t]);
                for (long n : byType.get(t)) {
                    g.writeNumber(n);
                }
                g.writeEndArray();
            }
        }
    }

    /**
     * ExaBGP writes the data field as hex, "0x" and upper case. A Cease with an RFC 9003 shutdown
     * communication makes ExaBGP 4.2 throw; we write its data as for every other NOTIFICATION.
     */
    private static void notification(JsonGenerator g, FieldNode root, MemorySegment bytes) throws IOException {
        g.writeObjectFieldStart("notification");
        numberField(g, "code", num(root, "bgp.notification.code"));
        numberField(g, "subcode", num(root, "bgp.notification.subcode"));
        List<FieldNode> sub = root.find("bgp.notification.subcode");
        int from = sub.isEmpty() ? 21 : sub.getFirst().end();
        byte[] data = slice(bytes, from, (int) bytes.byteSize() - from);
        g.writeStringField("data", "0x" + java.util.HexFormat.of().withUpperCase().formatHex(data));
        g.writeEndObject();
    }

    /** RFC 2918 §3, RFC 7313 §3.2: ExaBGP names the subtype query (0), begin (1), end (2), else invalid. */
    private static void refresh(JsonGenerator g, FieldNode root) throws IOException {
        g.writeObjectFieldStart("route-refresh");
        Long afi = num(root, "bgp.route_refresh.afi");
        Long safi = num(root, "bgp.route_refresh.safi");
        Long sub = num(root, "bgp.route_refresh.subtype");
        if (afi != null && safi != null) {
            g.writeStringField("afi", ExabgpNlri.afi(afi.intValue()));
            g.writeStringField("safi", ExabgpNlri.safi(safi.intValue()));
        }
        if (sub != null) {
            g.writeStringField("subtype", sub == 0 ? "query" : sub == 1 ? "begin" : sub == 2 ? "end" : "invalid");
        }
        g.writeEndObject();
    }
}

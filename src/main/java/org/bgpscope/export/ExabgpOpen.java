package org.bgpscope.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpscope.tree.FieldNode;

/**
 * An OPEN as ExaBGP 4.2 writes it: {@code "open": {version, asn, hold_time, router_id, capabilities}}
 * beside {@code "direction"}, each capability typed by code (RFC 5492) and read from its own bytes.
 * Capabilities sent more than once merge as ExaBGP merges them: multiprotocol and ADD-PATH families
 * add up, the others keep the last one sent.
 */
final class ExabgpOpen {
    private ExabgpOpen() {}

    static void write(JsonGenerator g, FieldNode root, MemorySegment bytes) throws IOException {
        g.writeObjectFieldStart("open");
        Long version = ExabgpJson.num(root, "bgp.open.version");
        Long myAs = ExabgpJson.num(root, "bgp.open.my_as");
        Long hold = ExabgpJson.num(root, "bgp.open.hold_time");
        Object id = ExabgpJson.first(root, "bgp.open.bgp_id");
        ExabgpJson.numberField(g, "version", version);
        // The 2-octet My Autonomous System field, AS_TRANS included (RFC 6793 §4.1), as ExaBGP writes it.
        ExabgpJson.numberField(g, "asn", myAs);
        ExabgpJson.numberField(g, "hold_time", hold);
        if (id != null) {
            g.writeStringField("router_id", id.toString());
        }
        // code -> the value bytes of each time it was sent, in order of first appearance
        Map<Integer, List<byte[]>> caps = new LinkedHashMap<>();
        int refreshCode = 2;
        int multisessionCode = 68;
        for (FieldNode code : root.find("bgp.open.cap.code")) {
            FieldNode cap = code.parent();
            if (cap == null || !(code.value() instanceof Long c) || cap.length() < 2) {
                continue;
            }
            byte[] all = ExabgpJson.slice(bytes, cap.offset(), cap.length());
            if (all.length < 2 || all.length < 2 + (all[1] & 0xFF)) {
                continue;
            }
            byte[] value = java.util.Arrays.copyOfRange(all, 2, 2 + (all[1] & 0xFF));
            caps.computeIfAbsent(c.intValue(), k -> new ArrayList<>()).add(value);
            refreshCode = c == 2 || c == 128 ? c.intValue() : refreshCode;
            multisessionCode = c == 68 || c == 131 ? c.intValue() : multisessionCode;
        }
        g.writeObjectFieldStart("capabilities");
        for (var e : caps.entrySet()) {
            g.writeFieldName(Integer.toString(e.getKey()));
            capability(g, e.getKey(), e.getValue(), refreshCode, multisessionCode);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    /**
     * ExaBGP 4.2 keeps one class for route refresh codes 2 and 128 (and multisession 68 and 131) and
     * names the variant after the code it read last, so every such capability of an OPEN has the
     * variant of the last one sent.
     */
    private static void capability(JsonGenerator g, int code, List<byte[]> sent, int refreshCode, int multisessionCode)
            throws IOException {
        byte[] last = sent.getLast();
        g.writeStartObject();
        switch (code) {
            case 1 -> { // RFC 4760 §8
                g.writeStringField("name", "multiprotocol");
                g.writeArrayFieldStart("families");
                for (byte[] v : sent) {
                    if (v.length >= 4) {
                        g.writeString(ExabgpNlri.afi(u16(v, 0)) + "/" + ExabgpNlri.safi(v[3] & 0xFF));
                    }
                }
                g.writeEndArray();
            }
            case 2, 128 -> { // RFC 2918
                g.writeStringField("name", "route-refresh");
                g.writeStringField("variant", refreshCode == 2 ? "RFC" : "Cisco");
            }
            case 5 -> { // RFC 8950 §3
                g.writeStringField("name", "nexthop");
                g.writeArrayFieldStart("conversion");
                for (byte[] v : sent) {
                    for (int k = 0; k + 6 <= v.length; k += 6) {
                        g.writeString(ExabgpNlri.afi(u16(v, k)) + "/" + ExabgpNlri.safi(v[k + 3] & 0xFF) + "/"
                                + ExabgpNlri.afi(u16(v, k + 4)));
                    }
                }
                g.writeEndArray();
            }
            case 6 -> { // RFC 8654
                g.writeStringField("name", "extended-message");
                g.writeNumberField("size", 65535);
            }
            case 64 -> gracefulRestart(g, last);
            case 65 -> { // RFC 6793
                g.writeStringField("name", "asn4");
                g.writeNumberField("asn4", last.length >= 4 ? ((long) u16(last, 0) << 16 | u16(last, 2)) : 0);
            }
            case 68, 131 -> {
                g.writeStringField("name", "multisession");
                g.writeStringField("variant", multisessionCode == 68 ? "RFC" : "Cisco");
                g.writeArrayFieldStart("capabilities");
                for (int k = 1; k < last.length; k++) {
                    g.writeString(Integer.toString(last[k] & 0xFF));
                }
                g.writeEndArray();
            }
            case 69 -> { // RFC 7911 §4
                g.writeStringField("name", "addpath");
                Map<String, String> families = new LinkedHashMap<>();
                for (byte[] v : sent) {
                    for (int k = 0; k + 4 <= v.length; k += 4) {
                        families.put(ExabgpNlri.afi(u16(v, k)) + "/" + ExabgpNlri.safi(v[k + 2] & 0xFF), switch (v[k + 3] & 0xFF) {
                            case 1 -> "receive";
                            case 2 -> "send";
                            case 3 -> "send/receive";
                            default -> "disabled";
                        });
                    }
                }
                for (var f : families.entrySet()) {
                    g.writeStringField(f.getKey(), f.getValue());
                }
            }
            case 70 -> g.writeStringField("name", "enhanced-route-refresh");
            case 185 -> g.writeStringField("name", "operational");
            default -> {
                // ExaBGP knows no other code; it calls 70-127 unassigned and 128-255 reserved (RFC 5492 §4).
                g.writeStringField("name", "unknown");
                g.writeStringField("iana", code >= 128 ? "reserved" : code >= 70 ? "unassigned" : "unknown");
                g.writeNumberField("value", code);
                g.writeStringField("raw", java.util.HexFormat.of().withUpperCase().formatHex(last));
            }
        }
        g.writeEndObject();
    }

    /**
     * RFC 4724 §3: the Restart State bit R is the first of the four Restart Flags, the Forwarding State
     * bit F the first of each family's flags. ExaBGP 4.2 prints them the other way round (R as
     * "forwarding", F as "restart"); we name them as the RFC does, a documented departure.
     */
    private static void gracefulRestart(JsonGenerator g, byte[] v) throws IOException {
        g.writeStringField("name", "graceful restart");
        int head = v.length >= 2 ? u16(v, 0) : 0;
        g.writeNumberField("time", head & 0x0FFF);
        g.writeObjectFieldStart("address-family-flags");
        for (int k = 2; k + 4 <= v.length; k += 4) {
            g.writeArrayFieldStart(ExabgpNlri.afi(u16(v, k)) + "/" + ExabgpNlri.safi(v[k + 2] & 0xFF));
            if ((v[k + 3] & 0x80) != 0) {
                g.writeString("forwarding");
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("restart-flags");
        if ((head & 0x8000) != 0) {
            g.writeString("restart");
        }
        g.writeEndArray();
    }
}

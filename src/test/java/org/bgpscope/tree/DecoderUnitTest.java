package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.net.MessageKind;
import org.junit.jupiter.api.Test;

/** Hand-made messages from hex with hand-checked expectations, and malformed variants of them. */
class DecoderUnitTest {
    static final Negotiated AS4 = new Negotiated(true, Set.of(), true, true, Set.of(), Negotiated.Source.ASSUMED, "test");
    static final Negotiated AS2 = new Negotiated(false, Set.of(), true, true, Set.of(), Negotiated.Source.ASSUMED, "test");
    static final Negotiated AS4_ADDPATH = new Negotiated(true, Set.of(Family.IPV4_UNICAST), true, true, Set.of(), Negotiated.Source.ASSUMED, "test");

    /** A BGP message of {@code type} around a body given in hex. */
    static FieldNode decode(int type, String bodyHex, Negotiated session) {
        byte[] body = HexFormat.of().parseHex(bodyHex.replace(" ", ""));
        byte[] m = new byte[19 + body.length];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return MessageDecoder.decode(MemorySegment.ofArray(m), MessageKind.BGP_MESSAGE, type, m.length, 0, session);
    }

    static List<Object> values(FieldNode root, String key) {
        return root.find(key).stream().map(FieldNode::value).toList();
    }

    static List<Problem> problems(FieldNode n) {
        List<Problem> out = new java.util.ArrayList<>(n.problems());
        for (FieldNode c : n.children()) {
            out.addAll(problems(c));
        }
        return out;
    }

    /** UPDATE with attributes {@code attrs} (hex) and NLRI {@code nlri} (hex). */
    static String update(String attrs, String nlri) {
        attrs = attrs.replace(" ", "");
        return "0000" + String.format("%04x", attrs.length() / 2) + attrs + nlri.replace(" ", "");
    }

    @Test
    void updateAttributesDecodeToTheValuesTheKeysPromise() {
        FieldNode root = decode(2, update(
                "40 01 01 00"                                   // ORIGIN IGP
                        + "40 02 0e 02 03 0000fde9 0000fc00 0000fc01" // AS_SEQUENCE 65001 64512 64513
                        + "40 02 0a 01 02 0000fd9f 0000fd9e"      // a second AS_PATH attribute? no: AS_SET in same attr below
                        .substring(0, 0)
                        + "40 03 04 c0000201"                     // NEXT_HOP 192.0.2.1
                        + "80 04 04 00000064"                     // MED 100
                        + "40 05 04 000000c8"                     // LOCAL_PREF 200
                        + "c0 08 0c fde90064 fde900c8 ffffff01"   // 65001:100 65001:200 no-export
                        + "c0 20 0c 0000fde9 00000001 00000002",  // 65001:1:2
                "18 c00002 19 c6336480"), AS4);                    // 192.0.2.0/24, 198.51.100.128/25
        assertEquals("UPDATE", root.value());
        assertEquals(List.of(2L), values(root, "bgp.type"));
        assertEquals(List.of("IGP"), values(root, "bgp.update.attr.origin"));
        assertEquals(List.of(65001L, 64512L, 64513L), values(root, "bgp.update.attr.as_path.asn"));
        assertEquals(List.of("192.0.2.1"), values(root, "bgp.update.attr.next_hop"));
        assertEquals(List.of(100L), values(root, "bgp.update.attr.med"));
        assertEquals(List.of(200L), values(root, "bgp.update.attr.local_pref"));
        assertEquals(List.of("65001:100", "65001:200", "no-export"), values(root, "bgp.update.attr.community"));
        assertEquals(List.of("65001:1:2"), values(root, "bgp.update.attr.large_community"));
        assertEquals(List.of("192.0.2.0/24", "198.51.100.128/25"), values(root, "bgp.update.nlri.prefix"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void asSetMembersAreAsnsInOrderAndTwoOctetSessionsReadTwoBytes() {
        FieldNode root = decode(2, update("40 02 0c 02 02 fde9 fc00 01 02 fd9f fd9e", ""), AS2);
        assertEquals(List.of(65001L, 64512L, 64927L, 64926L), values(root, "bgp.update.attr.as_path.asn"));
        assertEquals(List.of("65001 64512 {64927,64926}"), values(root, "bgp.update.attr.as_path"));
    }

    @Test
    void unknownSessionGuessesFourOctetAsWhenOnlyThatReadingParses() {
        Negotiated unknown = Negotiated.unknown("no OPEN seen");
        FieldNode root = decode(2, update("40 02 06 02 01 0000fde9", ""), unknown);
        assertEquals(List.of(65001L), values(root, "bgp.update.attr.as_path.asn"));
        assertTrue(problems(root).stream().anyMatch(p -> p.text().startsWith("4-octet AS numbers guessed")));
    }

    @Test
    void addPathIdentifiersBecomeChildrenOfTheirPrefix() {
        FieldNode root = decode(2, "0009 00000007 19 cb007180" + "0000" + "00000001 18 c00002", AS4_ADDPATH);
        FieldNode w = root.find("bgp.update.withdrawn.prefix").getFirst();
        assertEquals("203.0.113.128/25", w.value());
        assertEquals(7L, w.find("bgp.update.withdrawn.prefix.path_id").getFirst().value());
        FieldNode n = root.find("bgp.update.nlri.prefix").getFirst();
        assertEquals("192.0.2.0/24", n.value());
        assertEquals(1L, n.find("bgp.update.nlri.prefix.path_id").getFirst().value());
    }

    @Test
    void addPathIsGuessedFromWhichReadingParsesWhenNoOpenWasSeen() {
        FieldNode root = decode(2, "0000 0000 00000001 18 c00002", Negotiated.unknown("no OPEN seen"));
        assertEquals(List.of("192.0.2.0/24"), values(root, "bgp.update.nlri.prefix"));
        assertTrue(problems(root).stream().anyMatch(p -> p.text().startsWith("ADD-PATH guessed on")));
    }

    @Test
    void mpReachIpv6WithLinkLocalAndMpUnreachEndOfRib() {
        String nh = "20010db8000000000000000000000001" + "fe800000000000000000000000000001";
        FieldNode root = decode(2, update("80 0e 2c 0002 01 20 " + nh + " 00 30 20010db80001", ""), AS4);
        assertEquals(List.of("2001:db8:1::/48"), values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
        assertEquals(List.of("2001:db8::1"), values(root, "bgp.update.attr.mp_reach.next_hop"));
        assertEquals(List.of("fe80::1"), values(root, "bgp.update.attr.mp_reach.next_hop.link_local"));
        FieldNode eor = decode(2, update("80 0f 03 0002 01", ""), AS4);
        assertEquals(List.of("End-of-RIB IPv6 unicast"), values(eor, "bgp.update.attr.mp_unreach"));
    }

    @Test
    void vpnv4PrefixHasItsLabelAndRouteDistinguisherOfEachType() {
        // label 100 (bottom of stack), RD type 0 65001:1, 10.1.0.0/16: 24 + 64 + 16 = 104 bits
        String nlri0 = "68 000641 0000 fde9 00000001 0a01";
        String nlri1 = "68 000641 0001 c0000201 0001 0a01";
        String nlri2 = "68 000641 0002 0000fde9 0001 0a01";
        String nh = "00000000000000000a000001";
        FieldNode root = decode(2, update("80 0e 3b 0001 80 0c " + nh + " 00 " + nlri0 + nlri1 + nlri2, ""), AS4);
        assertEquals(List.of("65001:1 10.1.0.0/16", "192.0.2.1:1 10.1.0.0/16", "65001:1 10.1.0.0/16"),
                values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
        assertEquals(List.of(100L, 100L, 100L), values(root, "bgp.update.attr.mp_reach.nlri.prefix.label"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void flowspecComponentsAndOperatorsAreNamed() {
        // destination 192.0.2.0/24, protocol =6, destination port =80 or =443 (2-byte value)
        String flow = "0e 01 18 c00002 03 81 06 05 01 50 91 01bb";
        FieldNode root = decode(2, update("80 0e 14 0001 85 00 00 " + flow, ""), AS4);
        List<Object> flows = values(root, "bgp.update.attr.mp_reach.nlri.prefix");
        assertEquals(1, flows.size(), problems(root).toString());
        assertEquals("destination prefix 192.0.2.0/24, IP protocol =6, destination port =80 | =443", flows.getFirst());
    }

    @Test
    void evpnMacIpRouteDecodes() {
        String route = "02 21 0000fde900000001 00000000000000000000 00000000 30 0a0b0c0d0e0f 00 000641";
        FieldNode root = decode(2, update("80 0e 2c 0019 46 04 0a000001 00 " + route, ""), AS4);
        FieldNode evpn = root.find("bgp.update.attr.mp_reach.nlri.prefix").getFirst();
        assertEquals("MAC/IP Advertisement RD 65001:1 MAC 0a:0b:0c:0d:0e:0f", evpn.value());
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void openReadsCapabilitiesIncludingTheExtendedParameterForm() {
        // RFC 9072: opt len 255, type 255, then a 2-byte length and 3-byte parameter headers.
        String caps = "41 04 0000fde9" + "45 04 0001 01 03" + "01 04 0001 0001";
        String body = "04 fde9 00b4 0a000001 ff ff 0015 02 0012 " + caps;
        FieldNode root = decode(1, body.replace(" ", ""), AS4);
        assertEquals(List.of(65001L), values(root, "bgp.open.cap.as4.asn"));
        assertEquals(List.of("IPv4 unicast send/receive"), values(root, "bgp.open.cap.add_path.family"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void notificationCarriesItsShutdownCommunication() {
        FieldNode root = decode(3, "06 02 0b" + HexFormat.of().formatHex("maintenance".getBytes()), AS4);
        assertEquals(List.of(6L), values(root, "bgp.notification.code"));
        assertEquals(List.of(2L), values(root, "bgp.notification.subcode"));
        assertEquals(List.of("maintenance"), values(root, "bgp.notification.shutdown_message"));
        assertEquals("NOTIFICATION: Cease / Administrative Shutdown: \"maintenance\"", root.text());
    }

    @Test
    void hardResetNamesTheCauseItWraps() {
        FieldNode root = decode(3, "06 09 04 00", AS4);
        assertEquals(List.of("Hold Timer Expired / Unspecific"), values(root, "bgp.notification.hard_reset"));
    }

    @Test
    void enhancedRouteRefreshSubtypesAreNamed() {
        assertEquals("ROUTE-REFRESH: IPv4 unicast, BoRR", decode(5, "0001 01 01", AS4).text());
        assertEquals("ROUTE-REFRESH: IPv6 unicast, EoRR", decode(5, "0002 02 01", AS4).text());
    }

    @Test
    void badOriginIsTreatAsWithdraw() {
        FieldNode root = decode(2, update("40 01 01 07", ""), AS4);
        Problem p = problems(root).getFirst();
        assertEquals("treat-as-withdraw", p.action());
        assertTrue(p.text().contains("ORIGIN value 7"));
    }

    @Test
    void attributeLengthPastTheMessageIsAProblemNotAnException() {
        FieldNode root = decode(2, update("40 01 09 00", ""), AS4);
        assertTrue(problems(root).stream().anyMatch(p -> p.text().contains("claims 9 bytes")), problems(root).toString());
    }

    @Test
    void totalAttributeLengthPastTheMessageIsASessionReset() {
        FieldNode root = decode(2, "0000 00ff 40 01 01 00", AS4);
        Problem p = problems(root).getFirst();
        assertEquals("session-reset", p.action());
    }

    @Test
    void truncatedNlriIsAProblemAndTheRestShowsAsUndecodedBytes() {
        FieldNode root = decode(2, update("", "18 c00002 20 c000"), AS4);
        assertEquals(List.of("192.0.2.0/24"), values(root, "bgp.update.nlri.prefix"));
        assertTrue(problems(root).stream().anyMatch(p -> p.text().contains("prefix of 32 bits")), problems(root).toString());
        assertEquals(1, root.find("bgp.update.nlri.undecoded").size());
    }

    @Test
    void wrongAttributeFlagsAreReportedWithTheRfc7606Action() {
        FieldNode root = decode(2, update("c0 01 01 00", ""), AS4);
        assertTrue(problems(root).stream().anyMatch(p -> p.text().contains("should be well-known transitive")
                && "treat-as-withdraw".equals(p.action())), problems(root).toString());
    }

    @Test
    void unknownAttributesAndCapabilitiesAreShownRawNotAsErrors() {
        FieldNode root = decode(2, update("c0 fe 03 010203", ""), AS4);
        assertEquals(List.of("010203"), values(root, "bgp.update.attr.unknown"));
        assertTrue(problems(root).isEmpty());
    }
}

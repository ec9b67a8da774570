package org.bgpscope.tree;

import static org.bgpscope.tree.DecoderUnitTest.AS4;
import static org.bgpscope.tree.DecoderUnitTest.decode;
import static org.bgpscope.tree.DecoderUnitTest.problems;
import static org.bgpscope.tree.DecoderUnitTest.update;
import static org.bgpscope.tree.DecoderUnitTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Field by field decoding of structures the RFCs define, from hex vectors built from the RFCs' own
 * encodings (and their examples where they give them): every field a node with its bytes, bit fields
 * with their masks, malformed bytes a problem with its offset and RFC 7606 action.
 */
class RfcFieldDecodingTest {
    static FieldNode attrs(String hex) {
        return nested(decode(2, update(hex, ""), AS4));
    }

    /** The tree invariants every decoder keeps: children nest in their parents, every byte lies in one leaf. */
    static FieldNode nested(FieldNode root) {
        int[] cover = new int[root.length()];
        walk(root, cover);
        for (int k = 0; k < cover.length; k++) {
            assertEquals(1, cover[k], "byte " + k + " lies in " + cover[k] + " leaves");
        }
        return root;
    }

    private static void walk(FieldNode n, int[] cover) {
        boolean leaf = true;
        for (FieldNode c : n.children()) {
            assertTrue(c.offset() >= n.offset() && c.end() <= n.end(), c + " lies outside its parent " + n);
            if (!c.isBitField()) {
                leaf = false;
                walk(c, cover);
            }
        }
        if (leaf) {
            for (int k = n.offset(); k < n.end(); k++) {
                cover[k]++;
            }
        }
    }

    static FieldNode one(FieldNode root, String key) {
        List<FieldNode> n = root.find(key);
        assertEquals(1, n.size(), key + ": " + n + " " + problems(root));
        return n.getFirst();
    }

    static String mpReachFlow(String flow) {
        int len = flow.replace(" ", "").length() / 2 + 5;
        return "80 0e " + String.format("%02x", len) + " 0001 85 00 00 " + flow;
    }

    // ---- 1. Flowspec operators (RFC 8955 §4.2.1, RFC 8956) ----

    @Test
    void rfc8955Example1DestinationProtocolAndPort() {
        // RFC 8955 §4.3 example 1: packets to 192.0.2.0/24 and TCP port 25.
        FieldNode root = attrs(mpReachFlow("0b 01 18 c0 00 02 03 81 06 04 81 19"));
        assertEquals(List.of("destination prefix 192.0.2.0/24, IP protocol =6, port =25"),
                values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void rfc8955Example2RangeOrValueWithTwoByteOperand() {
        // RFC 8955 §4.3 example 2: to 192.0.2.0/24 from 203.0.113.0/24, port [137, 139] or 8080.
        FieldNode root = attrs(mpReachFlow("12 01 18 c0 00 02 02 18 cb 00 71 04 03 89 45 8b 91 1f 90"));
        assertEquals(List.of("destination prefix 192.0.2.0/24, source prefix 203.0.113.0/24, port >=137 & <=139 | =8080"),
                values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
        List<FieldNode> ops = root.find("bgp.update.attr.mp_reach.nlri.prefix.component.op");
        assertEquals(3, ops.size());
        // 0x91: end of list, 2-byte value, equal; the value 8080 read from the 2 bytes after it.
        FieldNode last = ops.get(2);
        assertEquals(3, last.length());
        assertEquals(List.of(true), values(last, "bgp.update.attr.mp_reach.nlri.prefix.component.op.e"));
        assertEquals(List.of(2L), values(last, "bgp.update.attr.mp_reach.nlri.prefix.component.op.len"));
        assertEquals(List.of(true), values(last, "bgp.update.attr.mp_reach.nlri.prefix.component.op.eq"));
        assertEquals(List.of(false), values(last, "bgp.update.attr.mp_reach.nlri.prefix.component.op.lt"));
        assertEquals(List.of(8080L), values(last, "bgp.update.attr.mp_reach.nlri.prefix.component.op.value"));
        FieldNode len = one(last, "bgp.update.attr.mp_reach.nlri.prefix.component.op.len");
        assertEquals(0x30, len.bitMask());
        assertEquals(1, len.length());
        FieldNode value = one(last, "bgp.update.attr.mp_reach.nlri.prefix.component.op.value");
        assertEquals(2, value.length());
        FieldNode second = ops.get(1);
        assertEquals(List.of(true), values(second, "bgp.update.attr.mp_reach.nlri.prefix.component.op.a"));
        assertEquals(List.of(true), values(second, "bgp.update.attr.mp_reach.nlri.prefix.component.op.lt"));
        assertEquals(List.of(true), values(second, "bgp.update.attr.mp_reach.nlri.prefix.component.op.eq"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void rfc8955Example3FragmentBitmaskOperator() {
        // RFC 8955 §4.3 example 3: to 192.0.2.1/32 with fragment DF or FF (bitmask 0x05, match any).
        FieldNode root = attrs(mpReachFlow("09 01 20 c0 00 02 01 0c 80 05"));
        FieldNode op = one(root, "bgp.update.attr.mp_reach.nlri.prefix.component.op");
        assertEquals(List.of(false), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.not"));
        assertEquals(List.of(false), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.match"));
        assertEquals(List.of(1L), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.len"));
        assertEquals(List.of(5L), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.value"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void tcpFlagsNotMatchWithEightByteOperandLength() {
        // Bitmask operator 0xb3: end, 8-byte value (len 3), not, match.
        FieldNode root = attrs(mpReachFlow("0a 09 b3 00 00 00 00 00 00 00 12"));
        FieldNode op = one(root, "bgp.update.attr.mp_reach.nlri.prefix.component.op");
        assertEquals(List.of(8L), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.len"));
        assertEquals(List.of(true), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.not"));
        assertEquals(List.of(true), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.match"));
        assertEquals(List.of(0x12L), values(op, "bgp.update.attr.mp_reach.nlri.prefix.component.op.value"));
        assertEquals("TCP flags !=18", one(root, "bgp.update.attr.mp_reach.nlri.prefix.component").text());
    }

    @Test
    void ipv6FlowLabelReadsFourByteValue() {
        // RFC 8956 §3.7: flow label (type 13) with a 4-byte numeric value, operator 0xa1.
        String flow = "06 0d a1 00 01 23 45";
        FieldNode root = decode(2, update("80 0e 0c 0002 85 00 00 " + flow, ""), AS4);
        assertEquals(List.of("flow label =74565"), values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
    }

    @Test
    void operandRunningPastTheNlriIsTreatAsWithdrawAtItsOffset() {
        // Operator 0x91 promises a 2-byte value but only one byte is left.
        FieldNode root = attrs(mpReachFlow("03 04 91 01"));
        Problem p = problems(root).stream().filter(x -> x.severity() == Problem.Severity.ERROR).findFirst().orElseThrow();
        assertTrue(p.text().contains("flowspec operand"), p.text());
    }

    @Test
    void componentTypeZeroAndUnknownTypesStayErrors() {
        for (String t : new String[] {"00", "0e", "ff"}) {
            FieldNode root = attrs(mpReachFlow("03 " + t + " 81 06"));
            assertTrue(problems(root).stream().anyMatch(p -> "treat-as-withdraw".equals(p.action())
                    && p.text().contains("unknown flowspec component type")), t + ": " + problems(root));
        }
    }

    // ---- 2. Extended communities by type and subtype (RFC 4360, RFC 5668, RFC 7153) ----

    static String ext(String community) {
        return "c0 10 08 " + community;
    }

    static FieldNode community(String hex) {
        FieldNode root = attrs(ext(hex));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        return one(root, "bgp.update.attr.extended_community");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
        route target, 2-octet AS (RFC 4360 §4)     | 00 02 fde9 00000064 | target:65001:100
        route origin, 2-octet AS (RFC 4360 §5)     | 00 03 fde9 00000002 | origin:65001:2
        route target, IPv4 (RFC 4360 §4)           | 01 02 c0000201 0064 | target:192.0.2.1:100
        route origin, IPv4 (RFC 4360 §5)           | 01 03 c0000201 0002 | origin:192.0.2.1:2
        route target, 4-octet AS (RFC 5668 §2)     | 02 02 00010000 0064 | target:65536:100
        route origin, 4-octet AS (RFC 5668 §2)     | 02 03 0000fde9 0002 | origin:65001:2
        traffic-rate (RFC 8955 §7.3)               | 80 06 fde9 447a0000 | traffic-rate 1000 bytes/s (8000 bit/s) AS 65001
        traffic-rate 0 discards (RFC 8955 §7.3)    | 80 06 0000 00000000 | discard (traffic-rate 0)
        traffic-action (RFC 8955 §7.4)             | 80 07 0000000000 03 | traffic-action sample terminal
        redirect AS2 (RFC 8955 §7.5)               | 80 08 fde9 00000064 | redirect:65001:100
        redirect IPv4 (RFC 8955 §7.5)              | 81 08 c0000201 0064 | redirect:192.0.2.1:100
        redirect AS4 (RFC 8955 §7.5)               | 82 08 00010000 0064 | redirect:65536:100
        traffic-marking (RFC 8955 §7.6)            | 80 09 0000000000 2e | traffic-marking dscp 46
        link bandwidth (draft-ietf-idr-link-bandwidth) | 40 04 fde9 4b3ebc20 | link-bandwidth 12500000 bytes/s (100000000 bit/s) AS 65001
        origin validation valid (RFC 8097)         | 43 00 0000000000 00 | origin-validation valid
        origin validation not found (RFC 8097)     | 43 00 0000000000 01 | origin-validation not-found
        origin validation invalid (RFC 8097)       | 43 00 0000000000 02 | origin-validation invalid
        encapsulation VXLAN (RFC 9012 §4.1)        | 03 0c 00000000 0008 | encapsulation VXLAN
        encapsulation MPLS-in-GRE (RFC 9012 §4.1)  | 03 0c 00000000 000b | encapsulation MPLS-in-GRE
        color (RFC 9012 §4.3)                      | 03 0b 0000 0000000a | color 10
        color with CO bits 01 (RFC 9256 §8.8.1)    | 03 0b 4000 0000000a | color 10 CO 01
        default gateway (RFC 7432 §7.8)            | 03 0d 000000000000  | default-gateway
        MAC mobility (RFC 7432 §7.7)               | 06 00 01 00 00000005 | mac-mobility seq 5 sticky
        ESI label (RFC 7432 §7.5)                  | 06 01 01 0000 000641 | esi-label 100 single-active
        ES-Import route target (RFC 7432 §7.6)     | 06 02 0a0b0c0d0e0f  | es-import 0a:0b:0c:0d:0e:0f
        router's MAC (RFC 9135 §8.1)               | 06 03 0a0b0c0d0e0f  | router-mac 0a:0b:0c:0d:0e:0f
        unknown type stays raw with its code       | 0f 01 010203040506  | type 0x0f subtype 0x01 010203040506
        """)
    void extendedCommunitiesAreNamedByTypeAndSubtype(String what, String hex, String expected) {
        assertEquals(expected, community(hex).value(), what);
    }

    @Test
    void routeOriginSplitsIntoGlobalAndLocalAdministrator() {
        FieldNode e = community("00 03 fde9 00000002");
        FieldNode g = one(e, "bgp.update.attr.extended_community.global");
        FieldNode l = one(e, "bgp.update.attr.extended_community.local");
        assertEquals(65001L, g.value());
        assertEquals(2L, l.value());
        assertEquals(List.of(g.offset() + 2, 4), List.of(l.offset(), l.length()));
    }

    @Test
    void trafficRateShowsBytesAndBitsPerSecondAndActionHasItsBits() {
        FieldNode rate = community("80 06 fde9 447a0000");
        assertEquals(List.of("1000 bytes/s (8000 bit/s)"), values(rate, "bgp.update.attr.extended_community.rate"));
        FieldNode action = community("80 07 0000000000 02");
        FieldNode sample = one(action, "bgp.update.attr.extended_community.action.sample");
        assertEquals(true, sample.value());
        assertEquals(0x02, sample.bitMask());
        assertEquals(List.of(false), values(action, "bgp.update.attr.extended_community.action.terminal"));
    }

    @Test
    void evpnAndColorFieldsHaveTheirBytes() {
        FieldNode mm = community("06 00 01 00 00000005");
        assertEquals(List.of(5L), values(mm, "bgp.update.attr.extended_community.sequence"));
        assertEquals(List.of(true), values(mm, "bgp.update.attr.extended_community.flags.sticky"));
        FieldNode esi = community("06 01 00 0000 000641");
        assertEquals(List.of(100L), values(esi, "bgp.update.attr.extended_community.label"));
        FieldNode co = community("03 0b 8000 0000000a");
        assertEquals(List.of(2L), values(co, "bgp.update.attr.extended_community.flags.co"));
        assertEquals(List.of(10L), values(co, "bgp.update.attr.extended_community.color"));
        FieldNode ov = community("43 00 0000000000 02");
        assertEquals(List.of(2L), values(ov, "bgp.update.attr.extended_community.validation_state"));
        FieldNode enc = community("03 0c 00000000 0008");
        assertEquals(List.of(8L), values(enc, "bgp.update.attr.extended_community.tunnel_type"));
    }

    // ---- 3. BGPsec_PATH (RFC 8205 §3) ----

    static final String SKI1 = "11".repeat(20);
    static final String SKI2 = "22".repeat(20);
    static final String SECURE_PATH = "000e 01 00 0000fde9 02 80 0000fdea";

    static String bgpsec(String body) {
        return "90 21 " + String.format("%04x", body.replace(" ", "").length() / 2) + " " + body;
    }

    @Test
    void bgpsecPathDecodesSecurePathAndSignatureBlock() {
        String block = "0037 01 " + SKI1 + " 0004 aabbccdd " + SKI2 + " 0004 11223344";
        FieldNode root = attrs(bgpsec(SECURE_PATH + block));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        assertEquals(List.of(65001L, 65002L), values(root, "bgp.update.attr.bgpsec_path.secure_path.segment.asn"));
        assertEquals(List.of(1L, 2L), values(root, "bgp.update.attr.bgpsec_path.secure_path.segment.pcount"));
        assertEquals(List.of(false, true), values(root, "bgp.update.attr.bgpsec_path.secure_path.segment.flags.confed"));
        assertEquals(List.of(1L), values(root, "bgp.update.attr.bgpsec_path.signature_block.algorithm"));
        assertEquals(List.of(SKI1, SKI2), values(root, "bgp.update.attr.bgpsec_path.signature_block.segment.ski"));
        assertEquals(List.of("aabbccdd", "11223344"), values(root, "bgp.update.attr.bgpsec_path.signature_block.segment.signature"));
        assertEquals("65001 65002 ×2 (confed)", one(root, "bgp.update.attr.bgpsec_path").value());
    }

    @Test
    void twoSignatureBlocksAreAllowedAndAThirdIsAnError() {
        String b1 = "0037 01 " + SKI1 + " 0004 aabbccdd " + SKI2 + " 0004 11223344";
        String b2 = "0037 02 " + SKI1 + " 0004 aabbccdd " + SKI2 + " 0004 11223344";
        assertTrue(problems(attrs(bgpsec(SECURE_PATH + b1 + b2))).isEmpty());
        List<Problem> three = problems(attrs(bgpsec(SECURE_PATH + b1 + b2 + b1)));
        assertTrue(three.stream().anyMatch(p -> p.text().contains("more than two") && "treat-as-withdraw".equals(p.action())), three.toString());
    }

    @Test
    void invalidSignatureBlockLengthIsTreatAsWithdrawAtItsOffset() {
        // A Signature_Block length of 0x0099 runs past the attribute.
        FieldNode root = attrs(bgpsec(SECURE_PATH + "0099 01 " + SKI1 + " 0004 aabbccdd " + SKI2 + " 0004 11223344"));
        Problem p = problems(root).stream().filter(x -> x.text().contains("Signature_Block length 153")).findFirst().orElseThrow();
        assertEquals("treat-as-withdraw", p.action());
        int attrStart = one(root, "bgp.update.attr.bgpsec_path").offset();
        assertEquals(attrStart + 4 + 14, p.offset());
        // A signature length running past its block, and a block with fewer signatures than path segments.
        List<Problem> sig = problems(attrs(bgpsec(SECURE_PATH + "0037 01 " + SKI1 + " 0009 aabbccdd " + SKI2 + " 0004 11223344")));
        assertTrue(sig.stream().anyMatch(x -> x.text().contains("signature length") && "treat-as-withdraw".equals(x.action())), sig.toString());
        List<Problem> few = problems(attrs(bgpsec(SECURE_PATH + "001d 01 " + SKI1 + " 0004 aabbccdd")));
        assertTrue(few.stream().anyMatch(x -> x.text().contains("1 signature segments for 2")), few.toString());
        List<Problem> sp = problems(attrs(bgpsec("000d 01 00 0000fde9 02 80 0000fd")));
        assertTrue(sp.stream().anyMatch(x -> x.text().contains("Secure_Path length 13")), sp.toString());
    }

    // ---- 4. PMSI_TUNNEL (RFC 6514 §5) ----

    @Test
    void pmsiTunnelIdentifierIsDecodedPerTunnelType() {
        FieldNode ir = one(attrs("c0 16 09 01 06 000641 0a000001"), "bgp.update.attr.pmsi_tunnel");
        assertEquals(List.of(true), values(ir, "bgp.update.attr.pmsi_tunnel.flags.leaf_info_required"));
        assertEquals(List.of(100L), values(ir, "bgp.update.attr.pmsi_tunnel.label"));
        assertEquals(List.of("10.0.0.1"), values(ir, "bgp.update.attr.pmsi_tunnel.tunnel_id.endpoint"));
        assertEquals("PMSI_TUNNEL: ingress replication 10.0.0.1, label 100, leaf info required", ir.text());

        FieldNode pim = one(attrs("c0 16 0d 00 03 000000 c0000201 e8010101"), "bgp.update.attr.pmsi_tunnel");
        assertEquals(List.of("192.0.2.1"), values(pim, "bgp.update.attr.pmsi_tunnel.tunnel_id.sender"));
        assertEquals(List.of("232.1.1.1"), values(pim, "bgp.update.attr.pmsi_tunnel.tunnel_id.group"));

        // mLDP P2MP FEC element (RFC 6388 §2.2): type 6, AF 1, length 4, root, opaque length 7, opaque value.
        FieldNode mldp = one(attrs("c0 16 16 00 02 000000 06 0001 04 c0000201 0007 01 0004 00000001"), "bgp.update.attr.pmsi_tunnel");
        assertEquals(List.of("192.0.2.1"), values(mldp, "bgp.update.attr.pmsi_tunnel.tunnel_id.root"));
        assertEquals(List.of("01000400000001"), values(mldp, "bgp.update.attr.pmsi_tunnel.tunnel_id.opaque"));
        assertEquals(List.of(2L), values(mldp, "bgp.update.attr.pmsi_tunnel.tunnel_type"));

        FieldNode rsvp = one(attrs("c0 16 11 00 01 000000 c0000201 0000 0005 c0000202"), "bgp.update.attr.pmsi_tunnel");
        assertEquals(List.of(5L), values(rsvp, "bgp.update.attr.pmsi_tunnel.tunnel_id.tunnel"));
        FieldNode bier = one(attrs("c0 16 07 00 0b 000000 0102"), "bgp.update.attr.pmsi_tunnel");
        assertEquals(List.of("0102"), values(bier, "bgp.update.attr.pmsi_tunnel.tunnel_id"));
    }

    @Test
    void pmsiTunnelUnderVxlanCarriesAVni() {
        // RFC 8365 §5.1.3: with the VXLAN encapsulation community the label field is a 24-bit VNI.
        FieldNode root = attrs("c0 10 08 03 0c 00000000 0008 c0 16 09 00 06 0003e8 0a000001");
        assertEquals(List.of(1000L), values(root, "bgp.update.attr.pmsi_tunnel.vni"));
    }

    // ---- 5. Multiple labels (RFC 8277) ----

    @Test
    void labelledNlriWithThreeLabelsReadsToTheBottomOfStack() {
        // RFC 8277 §2.2: labels 100, 200, 300 (only the last with the bottom-of-stack bit), then 10.1.0.0/16.
        String nlri = "58 000640 000c80 0012c1 0a01";
        FieldNode root = attrs("80 0e 15 0001 04 04 0a000001 00 " + nlri);
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        assertEquals(List.of("10.1.0.0/16"), values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
        assertEquals(List.of(100L, 200L, 300L), values(root, "bgp.update.attr.mp_reach.nlri.prefix.label"));
        assertEquals(List.of(false, false, true), values(root, "bgp.update.attr.mp_reach.nlri.prefix.label.bos"));
        FieldNode bos = root.find("bgp.update.attr.mp_reach.nlri.prefix.label.bos").get(2);
        assertEquals(1, bos.bitMask());
        assertTrue(bos.text().endsWith("...1 bottom of stack: yes"), bos.text());
    }

    @Test
    void labelsWithoutABottomOfStackAreTreatAsWithdraw() {
        String nlri = "30 000640 000c80";
        FieldNode root = attrs("80 0e 10 0001 04 04 0a000001 00 " + nlri);
        assertTrue(problems(root).stream().anyMatch(p -> p.text().contains("bottom-of-stack") && "treat-as-withdraw".equals(p.action())),
                problems(root).toString());
    }

    @Test
    void multipleLabelsCapabilityGivesTheCountPerFamily() {
        // RFC 8277 §2.1: AFI 1, SAFI 4, count 3.
        FieldNode root = decode(1, "04 fde9 00b4 0a000001 08 02 06 08 04 0001 04 03", AS4);
        assertEquals(List.of(3L), values(root, "bgp.open.cap.multiple_labels.count"));
        assertEquals(List.of("IPv4 labeled-unicast up to 3 labels"), values(root, "bgp.open.cap.multiple_labels.entry"));
    }

    // ---- 6. Prefix-SID (RFC 8669) and SRv6 services (RFC 9252) ----

    static final String SRV6_L3 = "05 0022 00 01 001e 00 20010db8000100010000000000000000 00 0013 00 01 0006 20 10 10 00 10 40";

    @Test
    void prefixSidLabelIndexOriginatorSrgbAndSrv6Service() {
        FieldNode root = attrs("c0 28 3a 01 0007 00 0000 00000064 03 0008 0000 003e80 001f40 " + SRV6_L3);
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        String k = "bgp.update.attr.prefix_sid.tlv";
        assertEquals(List.of(1L, 3L, 5L), values(root, k + ".type"));
        assertEquals(List.of(100L), values(root, k + ".label_index"));
        assertEquals(List.of(16000L), values(root, k + ".srgb.base"));
        assertEquals(List.of(8000L), values(root, k + ".srgb.range"));
        assertEquals(List.of("2001:db8:1:1::"), values(root, k + ".sub_tlv.sid"));
        assertEquals(List.of(19L), values(root, k + ".sub_tlv.behavior"));
        assertEquals(List.of(32L), values(root, k + ".sub_tlv.sub_sub_tlv.block_length"));
        assertEquals(List.of(16L), values(root, k + ".sub_tlv.sub_sub_tlv.transposition_length"));
        assertEquals(List.of(64L), values(root, k + ".sub_tlv.sub_sub_tlv.transposition_offset"));
        assertEquals("BGP Prefix-SID: label index 100; SRGB 16000+8000; SRv6 L3 service SID 2001:db8:1:1:: End.DT4 structure 32/16/16/0/16/64",
                one(root, "bgp.update.attr.prefix_sid").text());
    }

    @Test
    void prefixSidBadLengthsAreAttributeDiscardAndUnknownTlvsRaw() {
        List<Problem> bad = problems(attrs("c0 28 09 01 0006 00 0000 000064"));
        assertTrue(bad.stream().anyMatch(p -> p.text().contains("Label-Index TLV length 6") && "attribute-discard".equals(p.action())),
                bad.toString());
        FieldNode raw = attrs("c0 28 05 63 0002 abcd");
        assertTrue(problems(raw).isEmpty());
        assertEquals(List.of("abcd"), values(raw, "bgp.update.attr.prefix_sid.tlv.value"));
    }

    // ---- 7. Tunnel Encapsulation (RFC 9012) ----

    @Test
    void tunnelEncapsulationSubTlvsAreDecodedWithOneAndTwoByteLengths() {
        String subs = "01 0c c0 0003e8 0a0b0c0d0e0f 0000"    // Encapsulation (VXLAN): V, M, VN-ID 1000, MAC
                + " 02 02 6558"                            // Protocol Type: transparent Ethernet bridging
                + " 04 08 030b00000000000a"                // Color: color 10
                + " 06 0a 00000000 0001 c0000201"          // Tunnel Egress Endpoint 192.0.2.1
                + " 07 01 b8"                              // DS Field: DSCP 46
                + " 08 02 12b5"                            // UDP Destination Port 4789
                + " 09 01 01"                              // Embedded Label Handling: payload has labels
                + " 0a 04 00064140"                        // MPLS Label Stack: 100, bottom of stack, TTL 64
                + " 0b 0a 01 0007 00 0000 00000064"        // Prefix-SID: Label-Index 100
                + " 80 0003 010203";                       // type 128: a 2-byte length
        FieldNode root = attrs("c0 17 4e 0008 004a " + subs);
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        String k = "bgp.update.attr.tunnel_encapsulation.tlv";
        assertEquals(List.of(8L), values(root, k + ".type"));
        assertEquals(List.of(1L, 2L, 4L, 6L, 7L, 8L, 9L, 10L, 11L, 128L), values(root, k + ".sub_tlv.type"));
        assertEquals(List.of(1000L), values(root, k + ".sub_tlv.vn_id"));
        assertEquals(List.of(true), values(root, k + ".sub_tlv.flags.m"));
        assertEquals(List.of("0a:0b:0c:0d:0e:0f"), values(root, k + ".sub_tlv.mac"));
        assertEquals(List.of(0x6558L), values(root, k + ".sub_tlv.protocol_type"));
        assertEquals(List.of("color 10"), values(root, k + ".sub_tlv.color"));
        assertEquals(List.of("192.0.2.1"), values(root, k + ".sub_tlv.endpoint"));
        assertEquals(List.of(46L), values(root, k + ".sub_tlv.ds_field.dscp"));
        assertEquals(List.of(4789L), values(root, k + ".sub_tlv.udp_port"));
        assertEquals(List.of(1L), values(root, k + ".sub_tlv.embedded_label"));
        assertEquals(List.of(100L), values(root, k + ".sub_tlv.label"));
        assertEquals(List.of(true), values(root, k + ".sub_tlv.label.bos"));
        assertEquals(List.of(64L), values(root, k + ".sub_tlv.label.ttl"));
        assertEquals(List.of(100L), values(root, k + ".sub_tlv.prefix_sid.label_index"));
        assertEquals(List.of("010203"), values(root, k + ".sub_tlv.value"));
        FieldNode big = root.find(k + ".sub_tlv").get(9);
        assertEquals(6, big.length());
        assertEquals(2, one(big, k + ".sub_tlv.length").length());
    }

    @Test
    void tunnelEncapsulationLengthsAreChecked() {
        // A sub-TLV running past its tunnel TLV, and a UDP port of 3 bytes.
        List<Problem> past = problems(attrs("c0 17 07 0008 0003 08 05 12"));
        assertTrue(past.stream().anyMatch(p -> p.text().contains("UDP Destination Port sub-TLV value")
                && "treat-as-withdraw".equals(p.action())), past.toString());
        List<Problem> port = problems(attrs("c0 17 09 0008 0005 08 03 12b500"));
        assertTrue(port.stream().anyMatch(p -> p.text().contains("length 3, expected 2")), port.toString());
    }

    // ---- 8. ORF (RFC 5291, RFC 5292) ----

    @Test
    void routeRefreshCarriesAddressPrefixOrfEntries() {
        String entries = "00 00000001 18 20 10 0a01"   // ADD permit seq 1, 10.1.0.0/16 ge 24 le 32
                + " 60 00000002 00 00 18 c00002"     // REMOVE deny seq 2, 192.0.2.0/24
                + " 80";                             // REMOVE-ALL
        FieldNode root = nested(decode(5, "0001 00 01 01 40 0016 " + entries, AS4));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        assertEquals(List.of(1L), values(root, "bgp.route_refresh.orf.when"));
        assertEquals(List.of(64L), values(root, "bgp.route_refresh.orf.orf_type"));
        assertEquals(List.of("ADD seq 1 permit 10.1.0.0/16 ge 24 le 32", "REMOVE seq 2 deny 192.0.2.0/24", "REMOVE-ALL"),
                values(root, "bgp.route_refresh.orf.entry"));
        assertEquals(List.of(0L, 1L, 2L), values(root, "bgp.route_refresh.orf.entry.action"));
        assertEquals(List.of(false, true, false), values(root, "bgp.route_refresh.orf.entry.match"));
        assertEquals(0x20, root.find("bgp.route_refresh.orf.entry.match").getFirst().bitMask());
        assertEquals(List.of(24L, 0L), values(root, "bgp.route_refresh.orf.entry.min_length"));
        assertEquals(List.of("10.1.0.0/16", "192.0.2.0/24"), values(root, "bgp.route_refresh.orf.entry.prefix"));
    }

    @Test
    void truncatedOrfEntryIsAProblemNotAnException() {
        FieldNode root = decode(5, "0001 00 01 01 40 0009 00 00000001 18 20 10 0a", AS4);
        assertTrue(problems(root).stream().anyMatch(p -> p.text().contains("Address Prefix ORF")), problems(root).toString());
    }

    @Test
    void orfCapabilityListsEachFamilyWithSendReceive() {
        String cap = "03 10 0001 00 01 01 40 03 0002 00 01 02 40 01 80 02";
        FieldNode root = nested(decode(1, "04 fde9 00b4 0a000001 14 02 12 " + cap, AS4));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        assertEquals(List.of("IPv4 unicast: Address Prefix ORF send/receive",
                "IPv6 unicast: Address Prefix ORF receive, Address Prefix ORF (Cisco, pre-standard) send"),
                values(root, "bgp.open.cap.orf.family"));
        assertEquals(List.of(3L, 1L, 2L), values(root, "bgp.open.cap.orf.orf.send_receive"));
    }

    // ---- 9. BGP-LS (RFC 9552, RFC 9085) ----

    /** A BGP-LS TLV: 2-byte type, 2-byte length, value. */
    static String tlv(int type, String hex) {
        hex = hex.replace(" ", "");
        return String.format("%04x%04x", type, hex.length() / 2) + hex;
    }

    static FieldNode lsNlri(int nlriType, String body) {
        String nlri = tlv(nlriType, body);
        String mp = "4004 47 04 0a000001 00 " + nlri;
        return attrs("80 0e " + String.format("%02x", mp.replace(" ", "").length() / 2) + " " + mp);
    }

    @Test
    void bgpLsLinkNlriHasNodeAndLinkDescriptors() {
        String local = tlv(256, tlv(512, "0000fde9") + tlv(515, "000000000001"));
        String remote = tlv(257, tlv(512, "0000fde9") + tlv(515, "000000000002"));
        String link = tlv(258, "00000001 00000002") + tlv(259, "0a000001") + tlv(260, "0a000002") + tlv(263, "0002");
        FieldNode root = lsNlri(2, "02 0000000000000007 " + local + remote + link);
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        String k = "bgp.update.attr.mp_reach.nlri.prefix";
        assertEquals(List.of(2L), values(root, k + ".protocol_id"));
        assertEquals(List.of(7L), values(root, k + ".identifier"));
        assertEquals(List.of(65001L, 65001L), values(root, k + ".tlv.sub_tlv.asn"));
        assertEquals(List.of("0000.0000.0001", "0000.0000.0002"), values(root, k + ".tlv.sub_tlv.igp_router_id"));
        assertEquals(List.of(1L), values(root, k + ".tlv.link_local_id"));
        assertEquals(List.of(2L), values(root, k + ".tlv.link_remote_id"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), values(root, k + ".tlv.address"));
        assertEquals(List.of(2L), values(root, k + ".tlv.mt_id"));
        assertEquals(List.of(256L, 257L, 258L, 259L, 260L, 263L), values(root, k + ".tlv.type"));
    }

    @Test
    void bgpLsPrefixNlriHasPrefixDescriptors() {
        String local = tlv(256, tlv(512, "0000fde9") + tlv(513, "00000001") + tlv(514, "00000000") + tlv(515, "c0000201"));
        FieldNode root = lsNlri(3, "03 0000000000000000 " + local + tlv(264, "01") + tlv(265, "18 c00002"));
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        String k = "bgp.update.attr.mp_reach.nlri.prefix";
        assertEquals(List.of("192.0.2.0/24"), values(root, k + ".tlv.prefix"));
        assertEquals(List.of(1L), values(root, k + ".tlv.ospf_route_type"));
        assertEquals(List.of(1L), values(root, k + ".tlv.sub_tlv.bgp_ls_id"));
        assertEquals(List.of(0L), values(root, k + ".tlv.sub_tlv.ospf_area"));
        assertEquals(List.of("IPv4 topology prefix OSPFv2 local AS 65001 BGP-LS ID 1 area 0 router 192.0.2.1 OSPF route type intra-area "
                + "IP reachability information 192.0.2.0/24"), values(root, k));
    }

    @Test
    void bgpLsVpnNlriHasARouteDistinguisherFirst() {
        String nlri = tlv(1, "0000fde900000001 03 0000000000000000 " + tlv(256, tlv(512, "0000fde9")));
        String mp = "4004 48 04 0a000001 00 " + nlri;
        FieldNode root = attrs("80 0e " + String.format("%02x", mp.replace(" ", "").length() / 2) + " " + mp);
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        assertEquals(List.of("node RD 65001:1 OSPFv2 local AS 65001"), values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
    }

    @Test
    void bgpLsNlriTooShortIsTreatAsWithdraw() {
        FieldNode root = lsNlri(1, "03 00000000");
        assertTrue(problems(root).stream().anyMatch(p -> "treat-as-withdraw".equals(p.action())
                && p.text().contains("protocol ID and identifier")), problems(root).toString());
    }

    @Test
    void bgpLsAttributeNodeLinkPrefixAndSegmentRoutingTlvs() {
        String bw = "4b3ebc20"; // 12,500,000 bytes/s
        String tlvs = tlv(1024, "80") + tlv(1026, "72312e6578") + tlv(1027, "490001") + tlv(1028, "c0000201")
                + tlv(1029, "20010db8000000000000000000000001")
                + tlv(1088, "00000001") + tlv(1089, bw) + tlv(1090, bw) + tlv(1091, bw.repeat(8)) + tlv(1092, "0000000a")
                + tlv(1095, "00000a") + tlv(1096, "00000001 00000002") + tlv(1098, "6c6e6b")
                + tlv(1152, "80") + tlv(1153, "00000064") + tlv(1155, "00000014")
                + tlv(1034, "80 00 001f40" + tlv(1161, "003e80")) + tlv(1035, "00 01")
                + tlv(1099, "30 0a 0000 0186a0") + tlv(1158, "00 00 0000 00000064") + tlv(4095, "aa");
        String attr = "90 1d " + String.format("%04x", tlvs.length() / 2) + " " + tlvs;
        FieldNode root = attrs(attr);
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        String k = "bgp.update.attr.bgp_ls.tlv";
        assertEquals(21L, one(root, "bgp.update.attr.bgp_ls").value());
        assertEquals(List.of(true), values(root, k + ".node_flags.o"));
        assertEquals(List.of("r1.ex"), values(root, k + ".node_name"));
        assertEquals(List.of("490001"), values(root, k + ".isis_area"));
        assertEquals(List.of("192.0.2.1", "2001:db8::1"), values(root, k + ".address"));
        assertEquals(List.of(1L), values(root, k + ".admin_group"));
        assertEquals(List.of("12500000 bytes/s (100000000 bit/s)"), values(root, k + ".max_bandwidth"));
        assertEquals(8, root.find(k + ".unreserved_bandwidth").size());
        assertEquals(List.of(10L), values(root, k + ".te_metric"));
        assertEquals(List.of(10L), values(root, k + ".igp_metric"));
        assertEquals(List.of(1L, 2L), values(root, k + ".srlg"));
        assertEquals(List.of("lnk"), values(root, k + ".link_name"));
        assertEquals(List.of(true), values(root, k + ".igp_flags.d"));
        assertEquals(List.of(100L), values(root, k + ".route_tag"));
        assertEquals(List.of(20L), values(root, k + ".prefix_metric"));
        assertEquals(List.of(8000L), values(root, k + ".range"));
        assertEquals(List.of(16000L), values(root, k + ".sub_tlv.label"));
        assertEquals(List.of(0L, 1L, 0L), values(root, k + ".algorithm"));
        assertEquals(List.of(100000L), values(root, k + ".label"));
        assertEquals(List.of(10L), values(root, k + ".weight"));
        assertEquals(List.of(100L), values(root, k + ".sid_index"));
        assertEquals(List.of("aa"), values(root, k + ".value"));
        assertEquals("TLV type 4095", root.find(k).getLast().name());
    }

    // ---- 10. Names for the rest of IANA's registries ----

    @Test
    void linkLocalNextHopAndOtherRegisteredCapabilitiesAreNamed() {
        FieldNode root = decode(1, "04 fde9 00b4 0a000001 09 02 07 4d00 4403 010203", AS4);
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        assertEquals("Link-Local Next Hop", one(root, "bgp.open.cap.link_local_next_hop").text());
        assertEquals(List.of("010203"), values(root, "bgp.open.cap.multisession.value"));
    }

    @Test
    void registeredAttributesWithoutADecoderAreNamedAndRaw() {
        FieldNode root = attrs("c0 26 04 00000001");
        assertTrue(problems(root).isEmpty(), problems(root).toString());
        FieldNode bfd = one(root, "bgp.update.attr.bfd_discriminator");
        assertEquals("BFD Discriminator: 4 bytes", bfd.text());
        assertEquals("type code: 38 (BFD Discriminator)", one(bfd, "bgp.update.attr.type").text());
    }

    // ---- BGP-MUP (SAFI 85, draft-mpmz-bess-mup-safi) ----

    static FieldNode mup(String route) {
        String mp = "0001 55 04 0a000001 00 " + route;
        return attrs("80 0e " + String.format("%02x", mp.replace(" ", "").length() / 2) + " " + mp);
    }

    @Test
    void mupRoutesOfAllFourTypes() {
        String rd = "0000fde900000001";
        FieldNode isd = mup("01 0001 0c " + rd + " 18 c00002");
        assertEquals(List.of("Interwork Segment Discovery RD 65001:1 192.0.2.0/24"), values(isd, "bgp.update.attr.mp_reach.nlri.prefix"));
        FieldNode dsd = mup("01 0002 0c " + rd + " 0a000001");
        assertEquals(List.of("10.0.0.1"), values(dsd, "bgp.update.attr.mp_reach.nlri.prefix.address"));
        FieldNode st1 = mup("01 0003 1c " + rd + " 20 c0000201 00000064 09 20 0a000001 20 0a000002");
        assertTrue(problems(st1).isEmpty(), problems(st1).toString());
        assertEquals(List.of(100L), values(st1, "bgp.update.attr.mp_reach.nlri.prefix.teid"));
        assertEquals(List.of(9L), values(st1, "bgp.update.attr.mp_reach.nlri.prefix.qfi"));
        assertEquals(List.of("10.0.0.1"), values(st1, "bgp.update.attr.mp_reach.nlri.prefix.endpoint"));
        assertEquals(List.of("10.0.0.2"), values(st1, "bgp.update.attr.mp_reach.nlri.prefix.source"));
        FieldNode st2 = mup("01 0004 11 " + rd + " 40 0a000001 00000064");
        assertTrue(problems(st2).isEmpty(), problems(st2).toString());
        assertEquals(List.of(100L), values(st2, "bgp.update.attr.mp_reach.nlri.prefix.teid"));
        assertEquals(List.of("Type 2 Session Transformed RD 65001:1 endpoint 10.0.0.1 TEID 100"), values(st2, "bgp.update.attr.mp_reach.nlri.prefix"));
        FieldNode bad = mup("01 0002 0a " + rd + " 0a00");
        assertTrue(problems(bad).stream().anyMatch(p -> "treat-as-withdraw".equals(p.action())), problems(bad).toString());
    }

    // ---- Hostile bytes: the new decoders never throw and keep the tree invariants ----

    @Test
    void mutatedVectorsNeverThrowAndKeepTheTreeInvariants() {
        String bw = "4b3ebc20";
        String ls = tlv(1024, "80") + tlv(1091, bw.repeat(8)) + tlv(1034, "80 00 001f40" + tlv(1161, "003e80")) + tlv(1099, "30 0a 0000 0186a0")
                + tlv(265, "18 c00002") + tlv(256, tlv(512, "0000fde9") + tlv(515, "000000000001"));
        List<String> vectors = List.of(
                mpReachFlow("12 01 18 c0 00 02 02 18 cb 00 71 04 03 89 45 8b 91 1f 90"),
                ext("80 06 fde9 447a0000") + ext("03 0b 4000 0000000a") + ext("06 01 01 0000 000641") + ext("43 00 0000000000 02"),
                bgpsec(SECURE_PATH + "0037 01 " + SKI1 + " 0004 aabbccdd " + SKI2 + " 0004 11223344"),
                "c0 16 16 00 02 000000 06 0001 04 c0000201 0007 01 0004 00000001",
                "80 0e 15 0001 04 04 0a000001 00 58 000640 000c80 0012c1 0a01",
                "c0 28 3a 01 0007 00 0000 00000064 03 0008 0000 003e80 001f40 " + SRV6_L3,
                "c0 17 2a 0008 0026 01 0c c0 0003e8 0a0b0c0d0e0f 0000 06 0a 00000000 0001 c0000201 0b 0a 01 0007 00 0000 00000064",
                "90 1d " + String.format("%04x", ls.length() / 2) + " " + ls,
                "80 0e 22 4004 47 04 0a000001 00 " + tlv(2, "02 0000000000000007 " + tlv(256, tlv(512, "0000fde9"))),
                "80 0e 29 0001 55 04 0a000001 00 01 0003 1c 0000fde900000001 20 c0000201 00000064 09 20 0a000001 20 0a000002");
        java.util.Random random = new java.util.Random(8955);
        int decoded = 0;
        for (String v : vectors) {
            FieldNode clean = attrs(v);
            assertTrue(problems(clean).stream().noneMatch(p -> p.severity() != Problem.Severity.INFO), v + ": " + problems(clean));
            byte[] body = java.util.HexFormat.of().parseHex(update(v, "").replace(" ", ""));
            for (int round = 0; round < 400; round++) {
                byte[] m = body.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    m[4 + random.nextInt(m.length - 4)] = (byte) random.nextInt(256);
                }
                nested(decode(2, java.util.HexFormat.of().formatHex(m), AS4));
                decoded++;
            }
        }
        assertEquals(4000, decoded);
    }
}

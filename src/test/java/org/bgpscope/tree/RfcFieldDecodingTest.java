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
        return decode(2, update(hex, ""), AS4);
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
}

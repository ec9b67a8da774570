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

/** Points of the RFCs where a lenient reading would mislead: each decoded as the RFC says. */
class RfcPointsTest {
    @Test
    void prefixWithHostBitsSetIsShownMaskedWithAnInfoNamingTheBits() {
        // 192.0.2.0/23 sent as c0 00 03: the last bit of the third byte lies past the length (RFC 4271 §4.3).
        FieldNode root = decode(2, update("40 01 01 00 40 02 00 40 03 04 0a000001", "17 c00003"), AS4);
        assertEquals(List.of("192.0.2.0/23"), values(root, "bgp.update.nlri.prefix"));
        List<Problem> p = problems(root);
        assertEquals(1, p.size(), p.toString());
        assertEquals(Problem.Severity.INFO, p.getFirst().severity());
        assertEquals("bits past /23 are set in the last prefix byte (00000001); RFC 4271 §4.3 makes them irrelevant, "
                + "so the prefix is shown masked", p.getFirst().text());
    }

    @Test
    void anUnassignedAfiIsShownRawNotReadAsIpv4() {
        // MP_REACH_NLRI of AFI 257, SAFI 1 (unassigned): next hop of 4 bytes, then 4 NLRI bytes.
        FieldNode root = decode(2, update("80 0e 0d 0101 01 04 0a000001 00 18 c00002", ""), AS4);
        assertEquals(List.of(), values(root, "bgp.update.attr.mp_reach.nlri.prefix"));
        FieldNode raw = root.find("bgp.update.attr.mp_reach.nlri.prefix.raw").getFirst();
        assertEquals("18c00002", raw.value());
        assertTrue(raw.name().contains("AFI 257"), raw.name());
    }

    @Test
    void evpnLabelIsAVniWhenTheRouteCarriesTheVxlanEncapsulation() {
        String route = "02 21 0000fde900000001 00000000000000000000 00000000 30 0a0b0c0d0e0f 00 0013ec";
        String mp = "80 0e 2c 0019 46 04 0a000001 00 " + route;
        // Encapsulation extended community (RFC 9012 §4.1), tunnel type 8: VXLAN.
        String vxlan = "c0 10 08 030c 00000000 0008";
        FieldNode withVxlan = decode(2, update("40 01 01 00 40 02 00 " + vxlan + " " + mp, ""), AS4);
        assertEquals(List.of(5100L), values(withVxlan, "bgp.update.attr.mp_reach.nlri.prefix.vni"), problems(withVxlan).toString());
        assertEquals(List.of(), values(withVxlan, "bgp.update.attr.mp_reach.nlri.prefix.label"));
        FieldNode mpls = decode(2, update("40 01 01 00 40 02 00 " + mp, ""), AS4);
        assertEquals(List.of(318L), values(mpls, "bgp.update.attr.mp_reach.nlri.prefix.label"));
    }

    @Test
    void anNlriFieldThatCannotBeDelimitedResetsTheSessionOrDisablesTheFamily() {
        // RFC 7606 §5.3: a prefix length past the address leaves nothing to treat as withdrawn.
        FieldNode plain = decode(2, update("40 01 01 00 40 02 00 40 03 04 0a000001", "21 c0000201"), AS4);
        assertEquals(List.of("session-reset"), actions(plain));
        FieldNode mp = decode(2, update("40 01 01 00 40 02 00 80 0e 18 0002 01 10 20010db8000000000000000000000001 00 81 2001", ""), AS4);
        assertEquals(List.of("afi-safi-disable or session-reset"), actions(mp));
    }

    private static List<String> actions(FieldNode root) {
        return problems(root).stream().filter(p -> p.action() != null).map(Problem::action).distinct().toList();
    }
}

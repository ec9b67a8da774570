package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One UPDATE per row, built from hex, with the value a field must decode to: the attributes and
 * address families the test captures do not carry. Each value was worked out by hand from the RFC.
 */
class AttributeAndFamilyTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        ORIGINATOR_ID (RFC 4456)       | 80 09 04 0a000001                                   | bgp.update.attr.originator_id | 10.0.0.1
        CLUSTER_LIST (RFC 4456)        | 80 0a 08 0a000001 0a000002                          | bgp.update.attr.cluster_list | 10.0.0.1 10.0.0.2
        AGGREGATOR 2-octet             | c0 07 06 fde9 0a000001                              | bgp.update.attr.aggregator | 65001 10.0.0.1
        AS4_AGGREGATOR (RFC 6793)      | c0 12 08 0000fde9 0a000001                          | bgp.update.attr.as4_aggregator | 65001 10.0.0.1
        ATOMIC_AGGREGATE               | 40 06 00                                            | bgp.update.attr.atomic_aggregate | true
        AS4_PATH (RFC 6793)            | c0 11 06 02 01 00010000                             | bgp.update.attr.as4_path | 65536
        OTC (RFC 9234)                 | c0 23 04 0000fde9                                   | bgp.update.attr.otc | 65001
        AIGP (RFC 7311)                | 80 1a 0b 01 000b 0000000000000064                   | bgp.update.attr.aigp | 100
        PMSI_TUNNEL (RFC 6514)         | c0 16 09 00 06 000641 0a000001                      | bgp.update.attr.pmsi_tunnel | type 6 10.0.0.1
        IPv6 ext. community (RFC 5701) | c0 19 14 00 02 20010db8000000000000000000000001 0064 | bgp.update.attr.ipv6_extended_communities | route-target 2001:db8::1:100
        4-octet AS route target        | c0 10 08 02 02 0000fde9 0064                        | bgp.update.attr.extended_communities | target:65001:100
        flowspec discard (RFC 8955)    | c0 10 08 80 06 0000 00000000                        | bgp.update.attr.extended_communities | discard (traffic-rate 0)
        flowspec redirect IPv4         | c0 10 08 81 08 c0000201 0064                        | bgp.update.attr.extended_communities | redirect:192.0.2.1:100
        encapsulation VXLAN (RFC 9012) | c0 10 08 03 0c 00000000 0008                        | bgp.update.attr.extended_communities | encapsulation VXLAN
        EVPN MAC mobility (RFC 7432)   | c0 10 08 06 00 0100 00000005                        | bgp.update.attr.extended_communities | mac-mobility seq 5 sticky
        ATTR_SET (RFC 6368)            | c0 80 08 0000fde9 40 01 01 02                       | bgp.update.attr.attr_set.attr.origin | INCOMPLETE
        Prefix-SID (RFC 8669)          | c0 28 0a 01 0007 00 0000 00000064                   | bgp.update.attr.prefix_sid | 1
        Tunnel Encapsulation (RFC 9012)| c0 17 08 0008 0004 08 02 12b5                       | bgp.update.attr.tunnel_encapsulation | 1
        BGP-LS attribute (RFC 9552)    | 80 1d 08 0403 0004 0a000001                         | bgp.update.attr.bgp_ls | 1
        labelled unicast (RFC 8277)    | 80 0e 0f 0001 04 04 0a000001 00 28 000641 0a01       | bgp.update.attr.mp_reach.nlri.prefix | 10.1.0.0/16
        route target constraint (4684) | 80 0e 16 0001 84 04 0a000001 00 60 0000fde9 0002fde900000064 | bgp.update.attr.mp_reach.nlri.prefix | 0000fde90002fde900000064
        VPLS (RFC 4761)                | 80 0e 1c 0019 41 04 0a000001 00 0011 0000fde900000001 0001 0000 000a 000641 | bgp.update.attr.mp_reach.nlri.prefix | 65001:1 VE 1 label base 100
        SR Policy (RFC 9830)           | 80 0e 16 0001 49 04 0a000001 00 60 00000001 0000000a 0a000001 | bgp.update.attr.mp_reach.nlri.prefix | distinguisher 1 color 10 endpoint 10.0.0.1
        MCAST-VPN (RFC 6514)           | 80 0e 17 0001 05 04 0a000001 00 01 0c 0000fde900000001 0a000001 | bgp.update.attr.mp_reach.nlri.prefix | Intra-AS I-PMSI A-D RD 65001:1
        BGP-LS node NLRI (RFC 9552)    | 80 0e 2a 4004 47 04 0a000001 00 0001 001d 03 0000000000000000 0100 0010 0200 0004 0000fde9 0203 0004 c0000201 | bgp.update.attr.mp_reach.nlri.prefix | node OSPFv2 local AS 65001 router 192.0.2.1
        EVPN IP prefix (RFC 9136)      | 80 0e 2d 0019 46 04 0a000001 00 05 22 0000fde900000001 00000000000000000000 00000000 18 c0000200 00000000 000641 | bgp.update.attr.mp_reach.nlri.prefix | IP Prefix RD 65001:1 192.0.2.0/24
        IPv6 flowspec (RFC 8956)       | 80 0e 12 0002 85 00 00 0c 01 30 00 20010db80001 03 81 06 | bgp.update.attr.mp_reach.nlri.prefix | destination prefix 2001:db8:1::/48, next header =6
        """)
    void decodesTo(String what, String attrs, String key, String expected) {
        FieldNode root = DecoderUnitTest.decode(2, DecoderUnitTest.update(attrs, ""), DecoderUnitTest.AS4);
        List<Object> values = DecoderUnitTest.values(root, key);
        assertEquals(1, values.size(), what + ": " + root.find(key) + " " + DecoderUnitTest.problems(root));
        assertEquals(expected, String.valueOf(values.getFirst()), what);
        assertTrue(DecoderUnitTest.problems(root).isEmpty(), what + ": " + DecoderUnitTest.problems(root));
    }
}

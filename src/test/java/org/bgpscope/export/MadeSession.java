package org.bgpscope.export;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.testing.Packets;

/**
 * A BGP session made by hand from the RFCs' encodings, as one pcap: 10.0.0.1 (AS 65001) and
 * 10.0.0.2 (AS 65002) exchange OPENs, then 10.0.0.1 sends UPDATEs of the families and attributes the
 * real test captures lack. Every byte is written out below, field by field.
 */
final class MadeSession {
    private MadeSession() {}

    static final int MESSAGES = 12;

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s_]", ""));
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** RFC 4271 §4.1: marker, length, type, body. */
    static byte[] message(int type, byte[] body) {
        byte[] m = new byte[19 + body.length];
        java.util.Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (m.length >> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    /** RFC 4271 §4.3: flags, type code, a 1-byte length (2 bytes with the extended-length flag). */
    static byte[] attribute(int flags, int code, byte[] value) {
        if ((flags & 0x10) != 0) {
            return cat(new byte[] {(byte) flags, (byte) code, (byte) (value.length >> 8), (byte) value.length}, value);
        }
        return cat(new byte[] {(byte) flags, (byte) code, (byte) value.length}, value);
    }

    static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        return message(2, cat(new byte[] {(byte) (withdrawn.length >> 8), (byte) withdrawn.length}, withdrawn,
                new byte[] {(byte) (attributes.length >> 8), (byte) attributes.length}, attributes, nlri));
    }

    /** RFC 5492 capabilities in one optional parameter of type 2. */
    static byte[] open(int as, String id, String capabilities) {
        byte[] caps = hex(capabilities);
        return message(1, cat(hex("04"), new byte[] {(byte) (as >> 8), (byte) as}, hex("005a"), hex(id),
                new byte[] {(byte) (caps.length + 2), 2, (byte) caps.length}, caps));
    }

    private static final String FAMILIES = "01040001_0001 01040002_0001 01040019_0046 01040001_0085 01040001_0080"
            + " 01040002_0085 01040001_0086 01040019_0041";

    static List<byte[]> messages() {
        List<byte[]> m = new ArrayList<>();
        // OPENs: multiprotocol families, route refresh 2 and 128, 4-octet AS, GR with R set and IPv4
        // unicast's F set (RFC 4724 §3), FQDN (73). (No extended next hop: with it ExaBGP 4.2 refuses
        // every family's next hop but unicast's.)
        m.add(open(65001, "0a000001", FAMILIES + " 0200 8000 41040000fde9 4006805a00010180 4904026131 00"));
        m.add(open(65002, "0a000002", FAMILIES + " 0200 41040000fdea 4006005a00010100"));
        byte[] origin = attribute(0x40, 1, hex("00"));
        byte[] path = attribute(0x40, 2, hex("0201 0000fde9"));
        // EVPN (RFC 7432 §7): MP_REACH l2vpn/evpn, next hop 10.0.0.1, five routes, RD 65001:100
        String rd = "0000fde9 00000064";
        String esi = "00112233445566778899";
        String evpn = "02 25 " + rd + " 00000000000000000000 00000000 30 aabbccddeeff 20 c0000201 0003e9"
                + " 03 11 " + rd + " 0000000a 20 0a000001"
                + " 01 19 " + rd + " " + esi + " ffffffff 000641"
                + " 04 17 " + rd + " " + esi + " 20 0a000001"
                + " 05 22 " + rd + " " + esi + " 00000000 18 c6336400 0a000001 000011";
        byte[] mpEvpn = attribute(0x90, 14, cat(hex("0019 46 04 0a000001 00"), hex(evpn)));
        // extended communities: route origin 65001:2 (RFC 4360 §5), VXLAN encapsulation (RFC 9012
        // §4.1), MAC mobility sticky (RFC 7432 §7.7), a route target with a 4-octet AS
        byte[] ext = attribute(0xc0, 16, hex("0003fde900000002 030c000000000008 0600010000000005 020200010001000a"));
        // PMSI_TUNNEL (RFC 6514 §5): ingress replication to 10.0.0.1, label 100
        byte[] pmsi = attribute(0xc0, 22, hex("00 06 000641 0a000001"));
        m.add(update(new byte[0], cat(origin, path, ext, pmsi, mpEvpn), new byte[0]));
        // Flowspec (RFC 8955 §4): destination 10.0.0.0/8, source 192.0.2.0/24, protocol =tcp or
        // =udp, destination port >=1024 and <=2048, packet length <100, DSCP =46, TCP flags match
        // SYN or ACK, fragment is-fragment; ICMP type =echo-request or =200, ICMP code =0
        String rule = "01 08 0a  02 18 c00002  03 01 06 81 11  05 13 0400 d5 0800  07 01 08 81 c8  08 81 00"
                + "  09 01 02 81 10  0a 84 64  0b 81 2e  0c 81 02";
        byte[] r = hex(rule);
        byte[] mpFlow = attribute(0x90, 14, cat(hex("0001 85 00 00"), new byte[] {(byte) r.length}, r));
        // traffic-rate 999 bytes/s, redirect 65001:100, traffic-marking 46, action terminal (RFC 8955 §7)
        byte[] actions = attribute(0xc0, 16, hex("800600004479c000 8008fde900000064 800900000000002e 8007000000000001"));
        m.add(update(new byte[0], cat(origin, path, actions, mpFlow), new byte[0]));
        // IPv6 flowspec (RFC 8956 §3): destination 2001:db8::/32 from bit 0, next header =58; and a
        // VPN flowspec rule (RFC 8955 §8) under RD 65001:100 with next hop 10.0.0.1: destination 198.51.100.0/24
        byte[] r6 = hex("01 20 00 20010db8  03 81 3a");
        m.add(update(new byte[0], cat(origin, path, attribute(0x90, 14, cat(hex("0002 85 00 00"), new byte[] {(byte) r6.length}, r6))),
                new byte[0]));
        byte[] rv = hex(rd + " 01 18 c63364");
        m.add(update(new byte[0], cat(origin, path, attribute(0x90, 14, cat(hex("0001 86 04 0a000001 00"), new byte[] {(byte) rv.length}, rv))),
                new byte[0]));
        // VPLS (RFC 4761 §3.2.2): RD 65001:100, VE ID 1, block offset 0, size 10, label base 100
        // with a PMSI_TUNNEL of tunnel type 3 (PIM-SSM tree: source and group, RFC 6514 §5)
        m.add(update(new byte[0], cat(origin, path, attribute(0xc0, 22, hex("01 03 000000 0a000001 e8000001")), attribute(0x90, 14, hex("0019 41 04 0a000001 00 0011 " + rd + " 0001 0000 000a 000641"))),
                new byte[0]));
        // IPv6 unicast with a global and a link-local next hop (RFC 2545 §3), and every other attribute:
        // AS_SET and confederation segments (RFC 5065 §3), MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR
        // with a 4-octet AS, COMMUNITIES with a well-known one, ORIGINATOR_ID, CLUSTER_LIST, LARGE_COMMUNITY
        // and unknown attributes: optional transitive 0xF0, transitive 0xF1, transitive with a 2-byte length
        // 0xF2, optional non-transitive 0xF3 (dropped, RFC 4271 §9)
        byte[] mp6 = attribute(0x80, 14, hex("0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00"
                + " 30 20010db80001 40 20010db8000200000000"));
        byte[] attrs = cat(origin,
                attribute(0x40, 2, hex("0201 0000fde9 0102 0000fc00 0000fc01 0301 0000fde8 0401 0000fde7")),
                attribute(0x80, 4, hex("00000064")), attribute(0x40, 5, hex("000000c8")), attribute(0x40, 6, new byte[0]),
                attribute(0xc0, 7, hex("0000fde9 0a000001")), attribute(0xc0, 8, hex("fde90064 ffffff01")),
                attribute(0x80, 9, hex("0a000009")), attribute(0x80, 10, hex("0a000007 0a000008")),
                attribute(0xc0, 32, hex("0000fde9 00000001 00000002")), attribute(0xe0, 0xf0, hex("abcd")),
                attribute(0x40, 0xf1, hex("01")), attribute(0xd0, 0xf2, hex("ef")), attribute(0x80, 0xf3, hex("02")), mp6);
        m.add(update(new byte[0], attrs, new byte[0]));
        // withdrawals: an EVPN inclusive multicast route (MP_UNREACH, RFC 4760 §4), a VPN route with the
        // withdrawal label 0x800000 (RFC 8277 §2.4), and IPv4 prefixes
        byte[] unEvpn = attribute(0x80, 15, hex("0019 46 03 11 " + rd + " 0000000a 20 0a000001"));
        m.add(update(hex("18c00002 10ac10"), unEvpn, new byte[0]));
        byte[] unVpn = attribute(0x80, 15, hex("0001 80 70 800000 " + rd + " 0a0100"));
        m.add(update(new byte[0], unVpn, new byte[0]));
        // ORIGIN 5 is malformed (RFC 7606 §7.1: treat-as-withdraw): 198.51.100.0/24 is withdrawn
        m.add(update(new byte[0], cat(attribute(0x40, 1, hex("05")), path, attribute(0x40, 3, hex("0a000001"))), hex("18c63364")));
        // End-of-RIB for l2vpn/evpn (RFC 4724 §2)
        m.add(update(new byte[0], attribute(0x80, 15, hex("0019 46")), new byte[0]));
        return m;
    }

    /** The OPEN from 10.0.0.2 goes the other way; everything else from 10.0.0.1 to 10.0.0.2. */
    static byte[] pcap() {
        List<byte[]> frames = new ArrayList<>();
        int seqA = 1000;
        int seqB = 5000;
        int k = 0;
        for (byte[] msg : messages()) {
            if (k++ == 1) {
                frames.add(Packets.ethernet(Packets.ipv4Tcp(0x0A000002, 0x0A000001, 179, 40000, seqB, seqA, Packets.ACK | Packets.PSH, msg)));
                seqB += msg.length;
            } else {
                frames.add(Packets.ethernet(Packets.ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, seqA, seqB, Packets.ACK | Packets.PSH, msg)));
                seqA += msg.length;
            }
        }
        return Packets.pcap(frames.toArray(new byte[0][]));
    }
}

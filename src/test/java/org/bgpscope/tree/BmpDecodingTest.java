package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BMP structures the recorded capture does not carry (Adj-RIB-Out, a Loc-RIB Peer Up, the A flag,
 * Termination, Peer Down with a received NOTIFICATION, every statistic form), built byte by byte from
 * RFC 7854 §4, RFC 8671 §4 and RFC 9069 §4–§5 and read as a raw BMP stream.
 */
class BmpDecodingTest {
    @TempDir
    Path dir;

    private static final Family V4 = new Family(1, 1);

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** RFC 7854 §4.1: version 3, length, type. */
    private static byte[] bmp(int type, byte[]... body) {
        byte[] b = cat(body);
        int len = 6 + b.length;
        return cat(new byte[] {3, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len, (byte) type}, b);
    }

    /** RFC 7854 §4.2: an IPv4 peer (or the Loc-RIB's zeros), its AS and BGP ID, a timestamp. */
    private static byte[] peer(int type, int flags, String ipv4, long as) {
        byte[] a = hex(ipv4);
        return cat(new byte[] {(byte) type, (byte) flags}, new byte[8], new byte[12], a,
                new byte[] {(byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as}, a, hex("65f0a000 00000000"));
    }

    private static byte[] bgp(int type, byte[] body) {
        int len = 19 + body.length;
        return cat(hex("ffffffffffffffffffffffffffffffff"), new byte[] {(byte) (len >>> 8), (byte) len, (byte) type}, body);
    }

    /** An OPEN with the 4-octet AS capability and ADD-PATH for IPv4 unicast (RFC 7911 §4: 1 receive, 2 send, 3 both; -1 none). */
    private static byte[] open(int as, int addPath) {
        byte[] caps = cat(hex("4104"), new byte[] {0, 0, (byte) (as >>> 8), (byte) as},
                addPath < 0 ? new byte[0] : cat(hex("4504 0001 01"), new byte[] {(byte) addPath}));
        return bgp(MessageType.OPEN, cat(new byte[] {4, (byte) (as >>> 8), (byte) as, 0, 90, 10, 0, 0, 1, (byte) (caps.length + 2), 2,
                (byte) caps.length}, caps));
    }

    /** ORIGIN IGP, AS_PATH of one AS (4 or 2 octets), NEXT_HOP 10.0.0.1, then the NLRI given. */
    private static byte[] update(boolean as4, String nlri) {
        byte[] path = as4 ? hex("40020602010000fde8") : hex("400204020 1fde8".replace(" ", "") + "");
        byte[] attrs = cat(hex("40010100"), path, hex("4003040a000001"));
        return bgp(MessageType.UPDATE, cat(hex("0000"), new byte[] {0, (byte) attrs.length}, attrs, hex(nlri)));
    }

    private static final byte[] INITIATION = bmp(4, hex("0002 0002 7231"));

    private static final String PEER = "c0000202";

    @Test
    void adjRibOutReadsPathIdentifiersByTheRoutersSentOpenAndAdjRibInByThePeers() throws Exception {
        // The router offers to send paths, the peer to receive them: only what the router sends has them.
        byte[] peerUp = bmp(3, peer(0, 0, PEER, 65002), new byte[12], hex("c0000201"), hex("00b3 0b3e"),
                open(65001, 2), open(65002, 1));
        byte[] in = bmp(0, peer(0, 0, PEER, 65002), update(true, "18 0a0000"));
        byte[] out = bmp(0, peer(0, 0x10, PEER, 65002), update(true, "00000007 18 0a0000"));
        try (CaptureIndex index = TempCaptures.index(dir, "adj-rib-out.bmp", cat(INITIATION, peerUp, in, out))) {
            MessageIndex m = index.messages();
            Sessions s = new Sessions(index);
            // Initiation, Peer Up, its two OPENs, RM, UPDATE, RM, UPDATE.
            assertEquals(8, m.size());
            assertEquals(MessageKind.BMP_MESSAGE, m.kind(1));
            assertEquals(1, index.bmpLinks().parent(2));
            assertEquals(1, index.bmpLinks().parent(3));
            Negotiated rx = s.forMessage(5);
            Negotiated tx = s.forMessage(7);
            assertFalse(rx.addPath(V4), rx.addPathWhy(V4));
            assertTrue(tx.addPath(V4), tx.addPathWhy(V4));
            assertTrue(tx.addPathWhy(V4).startsWith("from the OPENs in messages 3 and 4"), tx.addPathWhy(V4));
            assertEquals(0, m.flow(5) & 1, "Adj-RIB-In: what the router received");
            assertEquals(1, m.flow(7) & 1, "Adj-RIB-Out: what the router sent");
            assertEquals(List.of(), MessageProblems.of(index, 5, s));
            assertEquals(List.of(), MessageProblems.of(index, 7, s));
            FieldNode nlri = MessageDecoder.decode(index, 7, s).root().find("bgp.update.nlri.prefix").getFirst();
            assertEquals("10.0.0.0/24", nlri.value());
            FieldNode flags = MessageDecoder.decode(index, 6, s).root().find("bmp.peer.flags").getFirst();
            assertEquals(true, flags.find("bmp.peer.flags.o").getFirst().value());
            assertEquals(false, flags.find("bmp.peer.flags.l").getFirst().value());
        }
    }

    @Test
    void locRibReadsPathIdentifiersWhenItsMadeUpOpenListsAddPathWhateverItsDirection() throws Exception {
        // RFC 9069 §5.3: the same made-up OPEN twice; ADD-PATH "receive" alone still means path identifiers.
        byte[] peerUp = bmp(3, peer(3, 0, "00000000", 65001), new byte[16], hex("0000 0000"), open(65001, 1), open(65001, 1),
                hex("0003 0006") , "global".getBytes());
        byte[] rm = bmp(0, peer(3, 0x80, "00000000", 65001), update(true, "00000002 18 0a0100"));
        try (CaptureIndex index = TempCaptures.index(dir, "loc-rib.bmp", cat(INITIATION, peerUp, rm))) {
            Sessions s = new Sessions(index);
            Negotiated n = s.forMessage(5);
            assertTrue(n.addPath(V4), n.addPathWhy(V4));
            assertTrue(n.addPathWhy(V4).contains("RFC 9069 §5.3"), n.addPathWhy(V4));
            assertEquals(List.of(), MessageProblems.of(index, 5, s));
            FieldNode root = MessageDecoder.decode(index, 4, s).root();
            assertEquals(true, root.find("bmp.peer.flags.f").getFirst().value());
            assertEquals(3L, root.find("bmp.peer.type").getFirst().value());
            FieldNode up = MessageDecoder.decode(index, 1, s).root();
            assertEquals("global", up.find("bmp.info.value").getFirst().value());
            assertEquals("Loc-RIB", index.flows().flow(index.messages().flow(5)).src());
        }
    }

    @Test
    void theAFlagSaysTwoOctetAsPathsWhateverTheOpensAgreed() throws Exception {
        // RFC 7854 §4.2: both offer 4-octet AS, but the speaker sends the AS_PATH in the 2-octet form and says so.
        byte[] peerUp = bmp(3, peer(0, 0, PEER, 65002), new byte[12], hex("c0000201"), hex("00b3 0b3e"), open(65001, -1), open(65002, -1));
        byte[] rm = bmp(0, peer(0, 0x20, PEER, 65002), update(false, "18 0a0200"));
        try (CaptureIndex index = TempCaptures.index(dir, "a-flag.bmp", cat(INITIATION, peerUp, rm))) {
            Sessions s = new Sessions(index);
            Negotiated n = s.forMessage(5);
            assertEquals(false, n.as4(), n.as4Why());
            assertTrue(n.as4Why().contains("A flag"), n.as4Why());
            assertEquals(List.of(), MessageProblems.of(index, 5, s));
            FieldNode asn = MessageDecoder.decode(index, 5, s).root().find("bgp.update.attr.as_path.asn").getFirst();
            assertEquals(65000L, asn.value());
        }
    }

    @Test
    void peerDownStatisticsTerminationAndMirroringDecodeFieldByField() throws Exception {
        byte[] stats = bmp(1, peer(0, 0, PEER, 65002), hex("00000004"),
                hex("0000 0004 00000003"),                 // type 0, a 32-bit counter
                hex("0007 0008 0000000100000002"),         // type 7, a 64-bit gauge
                hex("0009 000b 0001 01 0000000000000064"), // type 9, per AFI/SAFI
                hex("0063 0002 abcd"));                    // an unknown type, raw
        byte[] downReceived = bmp(2, peer(0, 0, PEER, 65002), hex("03"), bgp(MessageType.NOTIFICATION, hex("0602")));
        byte[] downFsm = bmp(2, peer(0, 0, PEER, 65002), hex("02 0006"));
        byte[] mirror = bmp(6, peer(0, 0, PEER, 65002), hex("0001 0002 0001"), hex("0000 0013"), bgp(MessageType.KEEPALIVE, new byte[0]));
        byte[] term = bmp(5, hex("0000 0003"), "bye".getBytes(), hex("0001 0002 0001"));
        try (CaptureIndex index = TempCaptures.index(dir, "others.bmp", cat(INITIATION, stats, downReceived, downFsm, mirror, term))) {
            MessageIndex m = index.messages();
            Sessions s = new Sessions(index);
            // Initiation, Statistics, Peer Down + NOTIFICATION, Peer Down, Mirroring + KEEPALIVE, Termination.
            assertEquals(8, m.size());
            FieldNode st = MessageDecoder.decode(index, 1, s).root();
            List<FieldNode> tlvs = st.find("bmp.stats.tlv");
            assertEquals(4, tlvs.size());
            assertEquals("3", tlvs.get(0).value());
            assertEquals("4294967298", tlvs.get(1).value());
            assertEquals("100", tlvs.get(2).value());
            assertEquals(1L, tlvs.get(2).find("bmp.stats.tlv.afi").getFirst().value());
            assertEquals("abcd", tlvs.get(3).find("bmp.stats.tlv.value").getFirst().value());
            assertEquals(List.of(), MessageProblems.of(index, 1, s));

            assertEquals(MessageType.NOTIFICATION, m.type(3));
            assertEquals(2, index.bmpLinks().parent(3));
            assertEquals(0, m.flow(3) & 1, "reason 3: the peer sent the NOTIFICATION");
            assertTrue(Summaries(index, 2).contains("remote system closed"), Summaries(index, 2));
            assertEquals(6L, MessageDecoder.decode(index, 4, s).root().find("bmp.peer_down.fsm_event").getFirst().value());

            FieldNode mir = MessageDecoder.decode(index, 5, s).root();
            assertEquals(1L, mir.find("bmp.mirror.code").getFirst().value());
            assertEquals("messages lost", mir.find("bmp.mirror").getFirst().value());
            assertEquals(MessageType.KEEPALIVE, m.type(6));
            assertEquals(5, index.bmpLinks().parent(6));

            FieldNode t = MessageDecoder.decode(index, 7, s).root();
            assertEquals("bye", t.find("bmp.term.value").getFirst().value());
            assertEquals(1L, t.find("bmp.term.value").get(1).value());
            assertEquals("bye, unspecified reason", Summaries(index, 7));
        }
    }

    private static String Summaries(CaptureIndex index, int i) {
        return org.bgpscope.bgp.Summaries.summary(index, i);
    }

    @Test
    void malformedBmpBecomesProblemsAndFramingResumesAtTheNextHeader() throws Exception {
        byte[] cut = bmp(0, hex("00 00 0000"));                            // a per-peer header of 4 bytes
        byte[] badCount = bmp(1, peer(0, 0, PEER, 65002), hex("00000005 0000 0004 00000001"));
        byte[] upWithKeepalive = bmp(3, peer(0, 0, PEER, 65002), new byte[12], hex("c0000201"), hex("00b3 0b3e"),
                bgp(MessageType.KEEPALIVE, new byte[0]), open(65002, -1));
        byte[] badMarker = bmp(0, peer(0, 0, PEER, 65002), hex("00112233445566778899aabbccddeeff 0013 04"));
        byte[] version2 = hex("02 00000006 04");
        byte[] after = bmp(4, hex("0002 0001 78"));
        try (CaptureIndex index = TempCaptures.index(dir, "bad.bmp", cat(INITIATION, cut, badCount, upWithKeepalive, badMarker, version2, after))) {
            MessageIndex m = index.messages();
            Sessions s = new Sessions(index);
            assertTrue(MessageProblems.of(index, 1, s).getFirst().contains("per-peer header"), MessageProblems.of(index, 1, s).toString());
            assertTrue(MessageProblems.of(index, 2, s).getFirst().contains("statistic 2 of 5"), MessageProblems.of(index, 2, s).toString());
            // The Peer Up's KEEPALIVE and OPEN are rows; the KEEPALIVE is called out in the tree.
            assertEquals(MessageType.KEEPALIVE, m.type(4));
            assertTrue(MessageProblems.of(index, 3, s).stream().anyMatch(p -> p.contains("Sent OPEN is no OPEN")), MessageProblems.of(index, 3, s).toString());
            // No row for bytes that are no BGP message.
            assertEquals(MessageKind.BMP_MESSAGE, m.kind(6));
            assertTrue(MessageProblems.of(index, 6, s).getFirst().contains("marker"), MessageProblems.of(index, 6, s).toString());
            assertEquals(MessageKind.UNFRAMED, m.kind(7));
            assertTrue((m.flags(7) & MessageIndex.F_BMP) != 0);
            assertEquals(MessageKind.BMP_MESSAGE, m.kind(8));
            assertEquals(4, m.type(8));
            assertEquals(9, m.size());
        }
    }

    @Test
    void damageWithNoHeaderInItIsUnframedAndTheNextMessageIsFound() throws Exception {
        byte[] junk = new byte[200_000];
        java.util.Arrays.fill(junk, (byte) 0xAA);
        byte[] after = bmp(5, hex("0001 0002 0000"));
        try (CaptureIndex index = TempCaptures.index(dir, "damaged.bmp", cat(INITIATION, INITIATION, hex("09 00000006 04"), junk, after))) {
            MessageIndex m = index.messages();
            // A file is told to be BMP by a first message followed by another (CaptureFormat).
            assertEquals(MessageKind.BMP_MESSAGE, m.kind(1));
            long unframed = 0;
            for (int i = 2; i < m.size() - 1; i++) {
                assertEquals(MessageKind.UNFRAMED, m.kind(i));
                assertTrue((m.flags(i) & MessageIndex.F_BMP) != 0 && (m.flags(i) & MessageIndex.F_BAD_MARKER) != 0);
                unframed += m.length(i);
            }
            assertEquals(6 + junk.length, unframed, "every damaged byte is in an unframed row");
            assertEquals(MessageKind.BMP_MESSAGE, m.kind(m.size() - 1));
            assertEquals(5, m.type(m.size() - 1));
        }
    }
}

package org.bgpscope.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session model decides ADD-PATH and 4-octet AS once per session and family, and says why. */
class SessionTruthTest {
    @TempDir
    Path dir;

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static byte[] withHeader(int type, byte[] body) {
        byte[] m = Packets.bgp(type, 19 + body.length, 0);
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    /** An OPEN of AS 65020 offering IPv6 unicast, 4-octet AS and ADD-PATH send/receive for IPv6 unicast. */
    static byte[] openOfferingIpv6AddPath() {
        // version 4, AS 65020, hold 180, id 10.0.0.2; capabilities: MP IPv6/unicast, AS4 65020, ADD-PATH IPv6 unicast send+receive.
        return withHeader(1, hex("04 fe1c 00b4 0a000002 14 02 12 0104 00020001 4104 0000fe1c 4504 00020103"));
    }

    /** An UPDATE announcing IPv6 prefixes with path identifiers (RFC 7911 §3) in MP_REACH_NLRI (RFC 4760 §3). */
    static byte[] ipv6UpdateWithPathIds(int first) {
        String nlri = String.format("%08x 30 20010db8%04x %08x 30 20010db8%04x", first, first, first + 1, first + 1);
        byte[] n = hex(nlri);
        byte[] mp = Packets.concat(hex("0002 01 10 20010db8000000000000000000000002 00"), n);
        byte[] attrs = Packets.concat(hex("40 01 01 00"), hex("40 02 06 02 01 0000fe1c"),
                hex(String.format("80 0e %02x", mp.length)), mp);
        ByteBuffer b = ByteBuffer.allocate(4 + attrs.length);
        b.putShort((short) 0).putShort((short) attrs.length).put(attrs);
        return withHeader(2, b.array());
    }

    /** A BGP4MP_MESSAGE_AS4 record (RFC 6396 §4.4.3) from peer 10.0.0.2 (AS 65020) to 10.0.0.1 (AS 65010). */
    static byte[] bgp4mpAs4(int time, byte[] msg) {
        ByteBuffer b = ByteBuffer.allocate(12 + 20 + msg.length);
        b.putInt(time).putShort((short) 16).putShort((short) 4).putInt(20 + msg.length);
        b.putInt(65020).putInt(65010).putShort((short) 0).putShort((short) 1).putInt(0x0A000002).putInt(0x0A000001).put(msg);
        return b.array();
    }

    private static List<FieldNode> all(FieldNode n, String key) {
        return n.find(key);
    }

    @Test
    void addPathUnderAnMrtSubtypeThatDoesNotSayItIsInferredFromTheMessagesAndSaid() throws Exception {
        // FRR writes BGP4MP_MESSAGE_AS4, not the RFC 8050 _ADDPATH subtype, for an ADD-PATH session.
        ByteArrayOutputStream mrt = new ByteArrayOutputStream();
        mrt.writeBytes(bgp4mpAs4(1_700_000_000, openOfferingIpv6AddPath()));
        for (int k = 0; k < 5; k++) {
            mrt.writeBytes(bgp4mpAs4(1_700_000_001 + k, ipv6UpdateWithPathIds(10 + 2 * k)));
        }
        try (CaptureIndex index = TempCaptures.index(dir, "frr-like.mrt", mrt.toByteArray())) {
            Sessions s = new Sessions(index);
            for (int i = 1; i <= 5; i++) {
                MessageDecoder.Decoded d = MessageDecoder.decode(index, i, s);
                assertFalse(d.root().hasProblemsBelow(), "message " + (i + 1) + " decodes cleanly");
                List<FieldNode> ids = all(d.root(), "bgp.update.attr.mp_reach.nlri.prefix.path_id");
                assertEquals(List.of((long) 8 + 2 * i, (long) 9 + 2 * i), ids.stream().map(FieldNode::value).toList());
                List<Object> prefixes = all(d.root(), "bgp.update.attr.mp_reach.nlri.prefix").stream().map(FieldNode::value).toList();
                assertEquals(List.of(String.format("2001:db8:%x::/48", 8 + 2 * i), String.format("2001:db8:%x::/48", 9 + 2 * i)), prefixes);
                String why = d.session().describeAddPath(Family.IPV6_UNICAST);
                assertEquals("ADD-PATH for IPv6 unicast: on, inferred: the MRT subtype says no, but 5 UPDATEs parse only with "
                        + "path identifiers; the OPEN in message 1 (the sender's) offers to send it", why);
                // The Details pane and decode show it on every field that depends on it.
                assertEquals(why, d.root().find("bgp.update.attr.mp_reach.nlri.prefix").getFirst().inheritedSession());
            }
        }
    }

    /** An UPDATE announcing the IPv6 NLRI given in hex in MP_REACH_NLRI (RFC 4760 §3), AS_PATH 65052 in 4 octets. */
    static byte[] ipv6Update(String nlri) {
        return ipv6Update("40 02 06 02 01 0000fe1c", nlri);
    }

    /** The same with the AS_PATH attribute given in hex. */
    static byte[] ipv6Update(String asPath, String nlri) {
        byte[] mp = Packets.concat(hex("0002 01 10 20010db8000000000000000000000002 00"), hex(nlri));
        byte[] attrs = Packets.concat(hex("40 01 01 00"), hex(asPath), hex(String.format("80 0e %02x", mp.length)), mp);
        ByteBuffer b = ByteBuffer.allocate(4 + attrs.length);
        b.putShort((short) 0).putShort((short) attrs.length).put(attrs);
        return withHeader(2, b.array());
    }

    @Test
    void anUpdateIsSettledOnlyOnceNoLaterUpdateCanOverturnItsReading() throws Exception {
        // No OPEN, and a subtype that does not say ADD-PATH (BGP4MP_MESSAGE_AS4). "20 20010d00" reads as
        // 2001:d00::/32, or as path identifier 0x2020010d with ::/0: either way parses (RFC 7911 §3).
        byte[] both = ipv6Update("20 20010d00");
        byte[] without = ipv6Update("30 20010db80001");
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        start.writeBytes(bgp4mpAs4(1_700_000_000, both));
        start.writeBytes(bgp4mpAs4(1_700_000_001, both));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(start.toByteArray());
        whole.writeBytes(bgp4mpAs4(1_700_000_002, ipv6UpdateWithPathIds(10)));
        try (CaptureIndex part = TempCaptures.index(dir, "start.mrt", start.toByteArray());
             CaptureIndex all = TempCaptures.index(dir, "whole.mrt", whole.toByteArray())) {
            Sessions s = new Sessions(part);
            assertFalse(s.settled(0), "an UPDATE that parses either way waits: a later one may say which");
            // And rightly: the third UPDATE parses only with path identifiers, which turns them on for all.
            assertEquals("2001:d00::/32; path 65052; next hop 2001:db8::2", Summaries.summary(part, 0, s));
            assertTrue(Summaries.summary(all, 0, new Sessions(all)).startsWith("::/0"), Summaries.summary(all, 0, new Sessions(all)));
        }
        // Once one UPDATE parses only without path identifiers, no later one can turn them on.
        ByteArrayOutputStream settled = new ByteArrayOutputStream();
        settled.writeBytes(bgp4mpAs4(1_700_000_000, without));
        settled.writeBytes(bgp4mpAs4(1_700_000_001, both));
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        more.writeBytes(settled.toByteArray());
        more.writeBytes(bgp4mpAs4(1_700_000_002, ipv6UpdateWithPathIds(10)));
        try (CaptureIndex part = TempCaptures.index(dir, "settled.mrt", settled.toByteArray());
             CaptureIndex all = TempCaptures.index(dir, "more.mrt", more.toByteArray())) {
            Sessions s = new Sessions(part);
            assertTrue(s.settled(1));
            assertEquals(Summaries.summary(all, 1, new Sessions(all)), Summaries.summary(part, 1, s));
        }
    }

    /** A record of the deprecated MRT type BGP (5), UPDATE subtype (RFC 6396 Appendix B.2.1): the message without its header. */
    static byte[] bgpType5Update(int time, byte[] msg) {
        ByteBuffer b = ByteBuffer.allocate(12 + 12 + msg.length - 19);
        b.putInt(time).putShort((short) 5).putShort((short) 1).putInt(12 + msg.length - 19);
        b.putShort((short) 65020).putInt(0x0A000002).putShort((short) 65010).putInt(0x0A000001).put(msg, 19, msg.length - 19);
        return b.array();
    }

    /** An UPDATE with a 2-octet AS_PATH (AS 65052) announcing the IPv6 NLRI given in hex. */
    static byte[] ipv6UpdateAs2(String nlri) {
        return ipv6Update("40 02 04 02 01 fe1c", nlri);
    }

    @Test
    void aTypeBgp5RecordCarriesNoPathIdentifiersWhateverLaterRecordsParseAs() throws Exception {
        // Type BGP (5) was retired before ADD-PATH existed, and MRT signals path identifiers only by the
        // _ADDPATH subtypes (RFC 8050 §3). An UPDATE that parses either way is read without them at
        // once, even though a later record parses only with them (and so is malformed).
        ByteArrayOutputStream mrt = new ByteArrayOutputStream();
        mrt.writeBytes(bgpType5Update(946_771_200, ipv6UpdateAs2("20 20010d00")));
        mrt.writeBytes(bgpType5Update(946_771_201, ipv6UpdateAs2("00000001 30 20010db80001")));
        try (CaptureIndex index = TempCaptures.index(dir, "type5.mrt", mrt.toByteArray())) {
            Sessions s = new Sessions(index);
            assertTrue(s.settled(0), "nothing later can turn path identifiers on");
            assertEquals("2001:d00::/32; path 65052; next hop 2001:db8::2", Summaries.summary(index, 0, s));
            MessageDecoder.Decoded d = MessageDecoder.decode(index, 0, s);
            assertFalse(d.root().hasProblemsBelow());
            assertFalse(d.session().addPath(Family.IPV6_UNICAST));
            assertTrue(d.session().note().contains("RFC 8050 §3"), d.session().note());
            assertTrue(MessageDecoder.decode(index, 1, s).root().hasProblemsBelow(), "the record with path identifiers is malformed for its type");
        }
    }

    @Test
    void aRowIsSettledByTheFirstUpdatesThatSettleItWithoutReadingEveryUpdateIndexed() throws Exception {
        // list writes a row once it is settled; answering must not read every UPDATE of a large file
        // first (that held the first row of a 100 MiB file for 2 s, while the index ran ahead).
        ByteArrayOutputStream mrt = new ByteArrayOutputStream();
        for (int k = 0; k < 10_000; k++) {
            mrt.writeBytes(bgp4mpAs4(1_700_000_000 + k, ipv6Update("30 20010db80001")));
        }
        try (CaptureIndex index = TempCaptures.index(dir, "many.mrt", mrt.toByteArray())) {
            Sessions s = new Sessions(index);
            assertTrue(s.settled(0), "one UPDATE that parses only without path identifiers settles ADD-PATH off");
            assertTrue(s.behind(), "and the other 9,999 UPDATEs were not read to say so");
            assertEquals("2001:db8:1::/48; path 65052; next hop 2001:db8::2", Summaries.summary(index, 0, s));
        }
    }

    @Test
    void aReaderThatMayNotWaitGetsTheReadingOfTheUpdatesReadSoFarAndTheWholeOneOnceCaughtUp() throws Exception {
        // The window's UI thread draws rows without reading the UPDATEs indexed since the last look.
        ByteArrayOutputStream mrt = new ByteArrayOutputStream();
        mrt.writeBytes(bgp4mpAs4(1_700_000_000, openOfferingIpv6AddPath()));
        for (int k = 0; k < 5; k++) {
            mrt.writeBytes(bgp4mpAs4(1_700_000_001 + k, ipv6UpdateWithPathIds(10 + 2 * k)));
        }
        try (CaptureIndex index = TempCaptures.index(dir, "frr-like.mrt", mrt.toByteArray())) {
            Sessions s = new Sessions(index);
            s.catchUpOnlyWhere(() -> false);
            assertTrue(s.behind());
            assertFalse(s.forMessage(1).addPath(Family.IPV6_UNICAST), "nothing read yet: the MRT subtype's reading");
            s.catchUp();
            assertFalse(s.behind());
            assertTrue(s.forMessage(1).addPath(Family.IPV6_UNICAST));
            assertEquals(new Sessions(index).forMessage(1), s.forMessage(1), "the same reading as a reader that waits");
        }
    }

    @Test
    void anOverrideWinsOverTheMrtSubtypeAndTheMessages() throws Exception {
        ByteArrayOutputStream mrt = new ByteArrayOutputStream();
        mrt.writeBytes(bgp4mpAs4(1_700_000_000, ipv6UpdateWithPathIds(1)));
        try (CaptureIndex index = TempCaptures.index(dir, "one.mrt", mrt.toByteArray())) {
            Sessions s = new Sessions(index, Overrides.parse("no-addpath=ipv6-unicast:rx"));
            MessageDecoder.Decoded d = MessageDecoder.decode(index, 0, s);
            assertFalse(d.session().addPath(Family.IPV6_UNICAST));
            assertEquals("ADD-PATH for IPv6 unicast: off, set by the user (no-addpath=ipv6-unicast:rx)",
                    d.session().describeAddPath(Family.IPV6_UNICAST));
            assertTrue(d.root().hasProblemsBelow(), "read without path identifiers, the NLRI is malformed and says so");
            // tx is the other direction: the override does not reach these received messages.
            s.overrides(Overrides.parse("no-addpath=ipv6-unicast:tx"));
            assertTrue(MessageDecoder.decode(index, 0, s).session().addPath(Family.IPV6_UNICAST));
        }
    }

    @Test
    void oneUpdateWithNoOpensIsReadWithOneReadingPerFamily() throws Exception {
        // Like tcpdump's bgp-addpath.pcap: withdrawn 32.45.0.0/24 and 32.45.1.0/24 (path ids 700, 701) and
        // NLRI 6.2.0.0/24 and 6.2.1.0/24 (path ids 10, 11), all IPv4 unicast, so one reading for all.
        byte[] withdrawn = hex("000002bc 18 202d00 000002bd 18 202d01");
        byte[] attrs = hex("40 01 01 00 40 02 06 02 01 0000fde8 40 03 04 0a000001");
        byte[] nlri = hex("0000000a 18 060200 0000000b 18 060201");
        ByteBuffer b = ByteBuffer.allocate(2 + withdrawn.length + 2 + attrs.length + nlri.length);
        b.putShort((short) withdrawn.length).put(withdrawn).putShort((short) attrs.length).put(attrs).put(nlri);
        byte[] update = withHeader(2, b.array());
        byte[] pcap = Packets.pcap(Packets.ethernet(Packets.ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000, 1, 0x18, update)));
        try (CaptureIndex index = TempCaptures.index(dir, "addpath.pcap", pcap)) {
            MessageDecoder.Decoded d = MessageDecoder.decode(index, 0, new Sessions(index));
            assertFalse(d.root().hasProblemsBelow());
            List<String> seen = new ArrayList<>();
            for (String key : List.of("bgp.update.withdrawn.prefix", "bgp.update.nlri.prefix")) {
                for (FieldNode n : d.root().find(key)) {
                    seen.add(n.value() + " " + n.find(key + ".path_id").getFirst().value());
                }
            }
            assertEquals(List.of("32.45.0.0/24 700", "32.45.1.0/24 701", "6.2.0.0/24 10", "6.2.1.0/24 11"), seen);
            assertEquals("ADD-PATH for IPv4 unicast: on, inferred: 1 UPDATE parse only with path identifiers",
                    d.session().describeAddPath(Family.IPV4_UNICAST));
        }
    }

    @Test
    void as4PathIsMergedIntoAs2PathOnATwoOctetSession() throws Exception {
        // RFC 6793 §4.2.3: AS_PATH 65001 23456 23456 (AS_TRANS) and AS4_PATH 4200000001 4200000002.
        byte[] attrs = hex("40 01 01 00  40 02 08 02 03 fde9 5ba0 5ba0  40 03 04 0a000002  c0 11 0a 02 02 fa56ea01 fa56ea02");
        ByteBuffer u = ByteBuffer.allocate(4 + attrs.length + 4);
        u.putShort((short) 0).putShort((short) attrs.length).put(attrs).put(hex("18 c00002"));
        byte[] update = withHeader(2, u.array());
        // A BGP4MP_MESSAGE record (RFC 6396 §4.4.2): 2-octet AS in the header, and so on the session.
        ByteBuffer r = ByteBuffer.allocate(12 + 16 + update.length);
        r.putInt(1_266_000_000).putShort((short) 16).putShort((short) 1).putInt(16 + update.length);
        r.putShort((short) 65001).putShort((short) 12654).putShort((short) 0).putShort((short) 1).putInt(0x0A000002).putInt(0x0A000001).put(update);
        try (CaptureIndex index = TempCaptures.index(dir, "as4path.mrt", r.array())) {
            Sessions s = new Sessions(index);
            MessageDecoder.Decoded d = MessageDecoder.decode(index, 0, s);
            assertEquals(Boolean.FALSE, d.session().as4());
            assertFalse(d.root().hasProblemsBelow());
            assertTrue(d.root().text().contains("path 65001 4200000001 4200000002"), d.root().text());
            assertTrue(Summaries.summary(index, 0, s).contains("path 65001 4200000001 4200000002"), Summaries.summary(index, 0, s));
            assertTrue(d.root().find("bgp.update.attr.as4_path").getFirst().session().contains("RFC 6793 §4.2.3"));
        }
    }

    @Test
    void as4PathLongerThanAsPathIsIgnored() {
        java.util.List<AsPathMerge.Segment> two = java.util.List.of(new AsPathMerge.Segment(2, new long[] {65001}));
        java.util.List<AsPathMerge.Segment> four = java.util.List.of(new AsPathMerge.Segment(2, new long[] {4200000001L, 4200000002L}));
        assertEquals("65001", AsPathMerge.text(AsPathMerge.merge(two, four)));
        // An AS_SET counts as one (RFC 6793 §4.2.3).
        java.util.List<AsPathMerge.Segment> withSet = java.util.List.of(new AsPathMerge.Segment(2, new long[] {65001, 23456}),
                new AsPathMerge.Segment(1, new long[] {23456, 65003}));
        assertEquals("65001 4200000001 4200000002", AsPathMerge.text(AsPathMerge.merge(withSet, four)));
    }

    @Test
    void frrUpdatesDumpDecodesEveryIpv6UpdateWithPathIdentifiersAndSaysWhy() throws Exception {
        // Recorded from FRR 8.4 (dump bgp all) in a session with BIRD that negotiated ADD-PATH for IPv6:
        // FRR writes BGP4MP_MESSAGE_AS4, not RFC 8050's _ADDPATH subtype. bgpdump reads garbage here.
        try (CaptureIndex index = CaptureIndex.open(org.bgpscope.testing.TestCaptures.file("frr-updates.mrt"),
                org.bgpscope.capture.Progress.NONE)) {
            Sessions s = new Sessions(index);
            int ipv6 = 0;
            int prefixes = 0;
            for (int i = 0; i < index.messages().size(); i++) {
                if (index.messages().type(i) != MessageType.UPDATE || index.messages().kind(i) != org.bgpscope.net.MessageKind.BGP_MESSAGE) {
                    continue;
                }
                MessageDecoder.Decoded d = MessageDecoder.decode(index, i, s);
                List<FieldNode> nlri = d.root().find("bgp.update.attr.mp_reach.nlri.prefix");
                if (nlri.isEmpty() || !d.root().find("bgp.update.attr.mp_reach.afi").getFirst().value().equals(2L)) {
                    continue;
                }
                ipv6++;
                assertFalse(d.root().hasProblemsBelow(), "message " + (i + 1));
                for (FieldNode n : nlri) {
                    assertTrue(n.value().toString().matches("2001:db8:[0-9a-f]+::/48"), n.value().toString());
                    assertEquals(1, n.find("bgp.update.attr.mp_reach.nlri.prefix.path_id").size());
                    prefixes++;
                }
                assertTrue(nlri.getFirst().inheritedSession().startsWith("ADD-PATH for IPv6 unicast: on, inferred: the MRT subtype "
                        + "says no, but 6 UPDATEs parse only with path identifiers; the OPEN in message 5 (the sender's) offers to send it"),
                        nlri.getFirst().inheritedSession());
            }
            assertEquals(6, ipv6);
            assertEquals(2 * 600, prefixes);
        }
    }
}

package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message list writes an UPDATE's gist straight from its bytes, without a tree (the fast path);
 * the field tree decodes it in full (the slow one). Wherever the tree finds the UPDATE clean, the
 * list's first prefix, AS path and next hop are the tree's.
 */
class SummaryAgreesWithTreeTest {
    @TempDir
    Path dir;

    private static final Pattern PATH = Pattern.compile("(?:^|; )path ([^;]*)");
    private static final Pattern HOP = Pattern.compile("; next hop (\\S+)");

    /** Disagreements between the list's summary and the tree for every clean UPDATE of {@code index}; counts the UPDATEs compared. */
    private static List<String> disagreements(CaptureIndex index, int[] compared) {
        List<String> wrong = new ArrayList<>();
        Sessions s = new Sessions(index);
        for (int i = 0; i < index.messages().size(); i++) {
            if (index.messages().kind(i) != MessageKind.BGP_MESSAGE || index.messages().type(i) != MessageType.UPDATE) {
                continue;
            }
            FieldNode root = MessageDecoder.decode(index, i, s).root();
            if (root.hasProblemsBelow()) {
                continue;
            }
            compared[0]++;
            String summary = Summaries.summary(index, i, s);
            String tree = root.text();
            String listPath = group(PATH, summary);
            String treePath = group(PATH, tree);
            if ("".equals(treePath)) {
                treePath = null; // An empty AS_PATH (RFC 4271 §5.1.2, iBGP): the tree says "path " with nothing, the list leaves it out.
            }
            if (!java.util.Objects.equals(listPath, treePath)) {
                wrong.add("message " + (i + 1) + ": list path " + listPath + ", tree path " + treePath);
            }
            List<FieldNode> prefixes = root.find("bgp.update.nlri.prefix");
            if (!prefixes.isEmpty() && !summary.startsWith(prefixes.getFirst().value() + "")) {
                wrong.add("message " + (i + 1) + ": list \"" + summary + "\", tree's first prefix " + prefixes.getFirst().value());
            }
            List<FieldNode> hops = root.find("bgp.update.attr.next_hop");
            String hop = group(HOP, summary);
            if (!hops.isEmpty() && hop != null && root.find("bgp.update.attr.mp_reach").isEmpty()
                    && !hop.equals(String.valueOf(hops.getLast().value()))) {
                wrong.add("message " + (i + 1) + ": list next hop " + hop + ", tree " + hops.getLast().value());
            }
        }
        return wrong;
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void theListsPrefixPathAndNextHopAreTheTreesForEveryCleanUpdateOfTheSharedCaptures() throws Exception {
        int[] compared = {0};
        List<String> wrong = new ArrayList<>();
        for (String name : List.of("exa-gobgp.pcap", "exa-gobgp.pcapng", "bird-frr.pcap", "bird-frr-lossy.pcap", "bmp.pcap",
                "bmp-frr.bmp", "gobgp-updates.mrt", "frr-updates.mrt", "vxlan-fragments.pcap",
                "ris/rrc00_2000.01_updates.20000102.2014.gz", "ris/rrc01_2000.11_updates.20001104.0124.gz",
                "ris/rrc15_2010.02_updates.20100227.1610.gz")) {
            try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
                for (String w : disagreements(index, compared)) {
                    wrong.add(name + ", " + w);
                }
            }
        }
        assertTrue(compared[0] > 10_000, "compared " + compared[0] + " UPDATEs");
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())));
    }

    /** A BGP4MP_MESSAGE record (RFC 6396 §4.4.2, 2-octet AS) from 10.0.0.2 (AS 65020) to 10.0.0.1 (AS 65010). */
    private static byte[] bgp4mp(int time, byte[] msg) {
        ByteBuffer b = ByteBuffer.allocate(12 + 16 + msg.length);
        b.putInt(time).putShort((short) 16).putShort((short) 1).putInt(16 + msg.length);
        b.putShort((short) 65020).putShort((short) 65010).putShort((short) 0).putShort((short) 1)
                .putInt(0x0A000002).putInt(0x0A000001).put(msg);
        return b.array();
    }

    /** An UPDATE of 2-octet AS numbers with the given attributes (hex) announcing 192.0.2.0/24. */
    private static byte[] update(String attributes) {
        byte[] attrs = HexFormat.of().parseHex(attributes.replace(" ", ""));
        byte[] nlri = HexFormat.of().parseHex("18c00002");
        ByteBuffer body = ByteBuffer.allocate(4 + attrs.length + nlri.length);
        body.putShort((short) 0).putShort((short) attrs.length).put(attrs).put(nlri);
        byte[] m = Packets.bgp(2, 19 + body.capacity(), 0);
        System.arraycopy(body.array(), 0, m, 19, body.capacity());
        return m;
    }

    @Test
    void confederationSegmentsSetsAndAs4PathMergesReadTheSameInTheListAndTheTree() throws Exception {
        String origin = "40 01 01 00 ";
        String hop = "40 03 04 0a000002 ";
        ByteArrayOutputStream mrt = new ByteArrayOutputStream();
        // AS_CONFED_SEQUENCE (3) and AS_CONFED_SET (4) before a sequence and a set (RFC 5065 §3).
        mrt.writeBytes(bgp4mp(1, update(origin + "40 02 18 03 02 fde8 fde9 04 02 fdea fdeb 02 02 fe1c 0001 01 02 0002 0003" + hop)));
        // A 2-octet path with AS_TRANS and an AS4_PATH to merge (RFC 6793 §4.2.3).
        mrt.writeBytes(bgp4mp(2, update(origin + "40 02 06 02 02 fe1c 5ba0 " + hop + "c0 11 06 02 01 00030d40")));
        // An AS4_PATH longer than AS_PATH: ignored, AS_PATH stands.
        mrt.writeBytes(bgp4mp(3, update(origin + "40 02 04 02 01 5ba0 " + hop + "c0 11 0a 02 02 00030d40 00030d41")));
        try (CaptureIndex index = TempCaptures.index(dir, "paths.mrt", mrt.toByteArray())) {
            int[] compared = {0};
            assertEquals(List.of(), disagreements(index, compared));
            assertEquals(3, compared[0], "all three are clean UPDATEs");
            Sessions s = new Sessions(index);
            assertEquals("192.0.2.0/24; path (65000 65001) [65002,65003] 65052 1 {2,3}; next hop 10.0.0.2", Summaries.summary(index, 0, s));
            assertEquals("192.0.2.0/24; path 65052 200000; next hop 10.0.0.2", Summaries.summary(index, 1, s));
            assertEquals("192.0.2.0/24; path 23456; next hop 10.0.0.2", Summaries.summary(index, 2, s));
        }
    }
}

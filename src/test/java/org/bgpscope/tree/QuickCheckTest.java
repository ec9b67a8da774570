package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.bgp.QuickCheck;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;

/**
 * The quick check that spares listing a tree per message may only vouch for what the decoder finds
 * clean: over every message of the test captures, and thousands of mutated ones, a message it calls
 * clean has no error and no warning in its tree. (It may call a clean message "not sure".)
 */
class QuickCheckTest {
    private static boolean treeClean(FieldNode n) {
        for (Problem p : n.problems()) {
            if (p.severity() != Problem.Severity.INFO) {
                return false;
            }
        }
        for (FieldNode c : n.children()) {
            if (!treeClean(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void whatTheQuickCheckCallsCleanTheDecoderFindsClean() throws Exception {
        Random random = new Random(4271);
        int vouched = 0;
        int mutants = 0;
        List<String> wrong = new ArrayList<>();
        for (String name : List.of("exa-gobgp.pcap", "bird-frr.pcap", "bird-frr-lossy.pcap", "gobgp-updates.mrt", "frr-updates.mrt")) {
            try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
                Sessions s = new Sessions(index);
                for (int i = 0; i < index.messages().size(); i++) {
                    if (index.messages().kind(i) != MessageKind.BGP_MESSAGE) {
                        continue;
                    }
                    Negotiated session = s.forMessage(i);
                    byte[] original = index.bytes(i).toArray(ValueLayout.JAVA_BYTE);
                    for (int round = 0; round < 6; round++) {
                        byte[] m = original;
                        if (round > 0) {
                            m = original.clone();
                            int flips = 1 + random.nextInt(3);
                            for (int f = 0; f < flips && m.length > 19; f++) {
                                m[19 + random.nextInt(m.length - 19)] = (byte) random.nextInt(256);
                            }
                            mutants++;
                        }
                        MemorySegment b = MemorySegment.ofArray(m);
                        if (QuickCheck.clean(b, session)) {
                            vouched++;
                            FieldNode root = MessageDecoder.decode(b, MessageKind.BGP_MESSAGE, m[18] & 0xFF, m.length, 0, session);
                            if (!treeClean(root)) {
                                wrong.add(name + " message " + (i + 1) + " round " + round + ": " + root);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(vouched > 2000 && mutants > 10_000, vouched + " vouched, " + mutants + " mutants");
    }

    @Test
    void whatTheQuickCheckCallsACleanRibEntryTheDecoderFindsClean() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("frr-rib.mrt"), Progress.NONE)) {
            Sessions s = new Sessions(index);
            int vouched = 0;
            for (int i = 0; i < index.messages().size(); i++) {
                if (index.messages().kind(i) == MessageKind.MRT_RIB_ENTRY && QuickCheck.ribEntry(index.bytes(i))) {
                    vouched++;
                    assertTrue(treeClean(MessageDecoder.decode(index, i, s).root()), "entry " + (i + 1));
                }
            }
            assertTrue(vouched > 1000, vouched + " vouched");
        }
    }
}

package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;

/**
 * Real messages with random bytes changed and random lengths cut: the decoder returns a tree that
 * covers the bytes it was given, never an exception and never a read outside them.
 */
class HostileBytesTest {
    @Test
    void mutatedAndTruncatedMessagesNeverThrowAndStayInsideTheirBytes() throws Exception {
        Random random = new Random(7606);
        Negotiated[] sessions = {DecoderUnitTest.AS4, DecoderUnitTest.AS2, DecoderUnitTest.AS4_ADDPATH, Negotiated.unknown("fuzz")};
        int decoded = 0;
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("exa-gobgp.pcap"), Progress.NONE)) {
            for (int i = 0; i < index.messages().size(); i += 3) {
                byte[] original = index.bytes(i).toArray(ValueLayout.JAVA_BYTE);
                for (int round = 0; round < 8; round++) {
                    byte[] b = original.clone();
                    int flips = 1 + random.nextInt(4);
                    for (int f = 0; f < flips; f++) {
                        // Lengths and counts live past the marker: mutate there.
                        int at = 16 + random.nextInt(b.length - 16);
                        b[at] = (byte) random.nextInt(256);
                    }
                    int cut = random.nextInt(4) == 0 ? random.nextInt(b.length + 1) : b.length;
                    byte[] m = java.util.Arrays.copyOf(b, cut);
                    FieldNode root = MessageDecoder.decode(MemorySegment.ofArray(m), index.messages().kind(i),
                            index.messages().type(i), index.messages().length(i), 0, sessions[round % sessions.length]);
                    assertEquals(m.length, root.length());
                    inside(root, m.length);
                    decoded++;
                }
            }
        }
        assertEquals(true, decoded > 3000);
    }

    private static void inside(FieldNode n, int size) {
        if (n.offset() < 0 || n.end() > size) {
            throw new AssertionError(n + " lies outside the " + size + " bytes");
        }
        for (FieldNode c : n.children()) {
            inside(c, size);
        }
    }
}

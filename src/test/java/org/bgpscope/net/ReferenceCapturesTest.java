package org.bgpscope.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpscope.capture.Progress;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every packet capture of the test captures against what other tools say: each direction's messages
 * equal the sender's byte stream ({@code streams.txt}), and every frame tshark decodes whole
 * completes the same messages here.
 */
class ReferenceCapturesTest {
    @ParameterizedTest
    @ValueSource(strings = {"exa-gobgp.pcap", "exa-gobgp-nanosec.pcap", "exa-gobgp.pcapng", "bird-frr.pcap", "bird-frr-lossy.pcap"})
    void eachDirectionsMessagesEqualTheSendersByteStream(String name) throws Exception {
        Map<String, List<String>> truth = new LinkedHashMap<>();
        for (String line : TestCaptures.referenceLines(name + ".streams.txt")) {
            String[] f = line.trim().split("\\s+");
            truth.computeIfAbsent(f[0] + " " + f[1], k -> new ArrayList<>()).add(f[3] + "/" + f[4]);
        }
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
            Map<String, List<String>> ours = new LinkedHashMap<>();
            MessageIndex m = index.messages();
            for (int i = 0; i < m.size(); i++) {
                Flow f = index.flows().flow(m.flow(i));
                assertEquals(MessageKind.BGP_MESSAGE, m.kind(i), "message " + (i + 1) + " is a whole BGP message");
                assertEquals(0, m.flags(i), "message " + (i + 1) + " has no problem");
                ours.computeIfAbsent(f.src() + " " + f.dst(), k -> new ArrayList<>()).add(m.type(i) + "/" + m.length(i));
            }
            assertEquals(truth, ours);
            assertNull(index.stoppedEarly());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa-gobgp.pcap", "exa-gobgp-nanosec.pcap", "exa-gobgp.pcapng", "bird-frr.pcap", "bird-frr-lossy.pcap"})
    void everyFrameTsharkDecodesWholeCompletesTheSameMessages(String name) throws Exception {
        int compared = 0;
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
            Map<Integer, List<String>> byFrame = new LinkedHashMap<>();
            MessageIndex m = index.messages();
            for (int i = 0; i < m.size(); i++) {
                byFrame.computeIfAbsent(m.frame(i), k -> new ArrayList<>()).add(m.type(i) + "/" + m.length(i));
            }
            for (String line : TestCaptures.referenceLines(name + ".tshark-fields.txt")) {
                String[] f = line.split("\\|", -1);
                if (f[2].isEmpty()) {
                    continue; // tshark gave no type: the >4096-byte messages it calls invalid (see README)
                }
                String[] types = f[2].split(",");
                String[] lengths = f[3].split(",");
                if (types.length != lengths.length) {
                    continue;
                }
                List<String> expected = new ArrayList<>();
                for (int k = 0; k < types.length; k++) {
                    expected.add(types[k] + "/" + lengths[k]);
                }
                assertEquals(expected, byFrame.getOrDefault(Integer.parseInt(f[0]), List.of()), name + " frame " + f[0]);
                compared++;
            }
        }
        assertTrue(compared >= 30, "compared " + compared + " frames");
    }

    @org.junit.jupiter.api.Test
    void aMessageOverThreeSegmentsKeepsAPiecePerSegmentAndReadsWhole() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), Progress.NONE)) {
            // Message 15 of bird-frr.pcap: a 6696-byte UPDATE (RFC 8654 extended message) in frames 34..38.
            int i = 14;
            assertEquals(6696, index.messages().length(i));
            List<Piece> pieces = index.messages().pieces(i);
            assertEquals(3, pieces.size());
            assertEquals(6696, pieces.stream().mapToInt(Piece::length).sum());
            assertTrue(pieces.get(0).frame() < pieces.get(1).frame() && pieces.get(1).frame() < pieces.get(2).frame());
            assertEquals(38, index.messages().frame(i), "completed by the frame of its last bytes");
            var bytes = index.bytes(i);
            assertEquals(6696, bytes.byteSize());
            for (int k = 0; k < 16; k++) {
                assertEquals((byte) 0xFF, bytes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, k));
            }
            // Byte 1378 of the message is the first byte of the second piece, in the file.
            assertEquals(pieces.get(1).fileOffset(), index.fileOffsetOf(i, 1378));
            assertEquals(index.capture().data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, pieces.get(2).fileOffset()),
                    bytes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1378 + 4932));
        }
    }
}

package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.net.MessageKind;
import org.junit.jupiter.api.Test;

/**
 * What the fuzzers found in the decoders, as the user sees it (each input is also in
 * src/test/resources/org/bgpscope/fuzz/MessageDecoderFuzzTestInputs/decode).
 */
class FuzzFindingsTest {
    @Test
    void aStateChangeRecordCutInsideItsAsNumbersIsAProblemNotADecoderFailure() {
        // MRT header (BGP4MP STATE_CHANGE, length 1) and one byte of body.
        byte[] b = HexFormat.of().parseHex("5e0000000010000000000001" + "fd");
        FieldNode root = MessageDecoder.decode(MemorySegment.ofArray(b), MessageKind.MRT_STATE_CHANGE, 0, 0, 0,
                Negotiated.unknown("test"));
        List<Problem> problems = DecoderUnitTest.problems(root);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().text().contains("peer and local AS"), problems.toString());
        assertEquals(13, root.length());
    }

    @Test
    void aShutdownCommunicationLongerThanTheNotificationIsNotAlsoShownAsData() {
        // Cease / Administrative Shutdown with a communication length of 28 and 9 bytes after it.
        FieldNode root = DecoderUnitTest.decode(3, "0602" + "1c" + "646565657269 6e67 6767", DecoderUnitTest.AS4);
        assertTrue(root.find("bgp.notification.data").isEmpty(), root.toString());
        FieldNode sc = root.find("bgp.notification.shutdown").getFirst();
        assertEquals(21, sc.offset());
        assertEquals(root.length() - 21, sc.length());
        assertTrue(sc.problems().getFirst().text().contains("runs past the message"));
    }

    @Test
    void anOrfCapabilityCutInsideItsPairsKeepsThemInsideTheirFamily() {
        // OPEN, AS 65001, hold 180, ID 192.0.2.1; capability 3 (ORF), 7 bytes: IPv4 unicast, 2 ORFs,
        // only the first pair there.
        FieldNode root = DecoderUnitTest.decode(1, "04 fde9 00b4 c0000201 0b 02 09 03 07 0001 00 01 02 4003", DecoderUnitTest.AS4);
        nested(root);
        assertTrue(DecoderUnitTest.problems(root).stream().anyMatch(p -> p.text().contains("ORF type")),
                DecoderUnitTest.problems(root).toString());
    }

    private static void nested(FieldNode n) {
        for (FieldNode c : n.children()) {
            assertTrue(c.offset() >= n.offset() && c.end() <= n.end(), c + " lies outside its parent " + n);
            nested(c);
        }
    }
}

package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;

/**
 * Wireshark 4.0 calls every message over 4096 bytes "Length is invalid". RFC 8654 §3 allows up to
 * 65535 once both OPENs carry the Extended Message capability (code 6), as BIRD's and FRR's do in
 * bird-frr.pcap: those UPDATEs decode whole here, and their lengths are the senders' (streams.txt).
 */
class ExtendedMessageTest {
    @Test
    void updatesOverFourKilobytesDecodeWholeWhenBothOpensOfferExtendedMessages() throws Exception {
        List<String> truth = TestCaptures.referenceLines("bird-frr.pcap.streams.txt");
        long sent = truth.stream().filter(l -> Integer.parseInt(l.trim().split("\\s+")[4]) > 4096).count();
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), Progress.NONE)) {
            Sessions sessions = new Sessions(index);
            int over = 0;
            for (int i = 0; i < index.messages().size(); i++) {
                if (index.messages().length(i) <= 4096) {
                    continue;
                }
                over++;
                MessageDecoder.Decoded d = MessageDecoder.decode(index, i, sessions);
                assertEquals(Negotiated.Source.OPENS, d.session().source());
                assertTrue(d.session().extendedMessage(), "both OPENs offer capability 6");
                assertTrue(DecoderUnitTest.problems(d.root()).isEmpty(), "message " + (i + 1) + ": " + DecoderUnitTest.problems(d.root()));
                int routes = d.root().find("bgp.update.nlri.prefix").size() + d.root().find("bgp.update.withdrawn.prefix").size()
                        + d.root().find("bgp.update.attr.mp_reach.nlri.prefix").size()
                        + d.root().find("bgp.update.attr.mp_unreach.nlri.prefix").size();
                assertTrue(routes >= 600, "message " + (i + 1) + " carries " + routes + " routes");
            }
            assertEquals(sent, over);
            // Message 14: 5198 bytes = 19 header + 2 + 2 + 55 attributes + 5120 NLRI bytes = 1280 /24 prefixes.
            FieldNode m14 = MessageDecoder.decode(index, 13, sessions).root();
            assertEquals(List.of(5198L), DecoderUnitTest.values(m14, "bgp.length"));
            assertEquals(1280, m14.find("bgp.update.nlri.prefix").size());
            assertEquals(List.of("65020 65010 65010"), DecoderUnitTest.values(m14, "bgp.update.attr.as_path"));
        }
    }
}

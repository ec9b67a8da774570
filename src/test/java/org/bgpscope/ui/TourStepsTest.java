package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.tree.Explanations;
import org.bgpscope.tree.MessageDecoder;
import org.junit.jupiter.api.Test;

/** The tour's steps (tour.txt) against the sample they walk through, the bundled assets/sample.pcap. */
class TourStepsTest {
    static final Path SAMPLE = Path.of("assets", "sample.pcap");

    @Test
    void everyStepNamesARealMessageAndFieldOfTheBundledSample() throws Exception {
        List<TourSteps.Step> steps = TourSteps.load();
        assertTrue(steps.size() >= 8 && steps.size() <= 12, steps.size() + " steps");
        try (CaptureIndex index = CaptureIndex.open(SAMPLE, Progress.NONE)) {
            Sessions sessions = new Sessions(index);
            for (TourSteps.Step s : steps) {
                int i = s.message() - 1;
                assertTrue(i < index.messages().size(), s.title() + ": message " + s.message() + " is past the sample's "
                        + index.messages().size());
                assertEquals(MessageKind.BGP_MESSAGE, index.messages().kind(i), s.title());
                MessageDecoder.Decoded d = MessageDecoder.decode(index, i, sessions);
                if (s.key() != null) {
                    assertFalse(d.root().find(s.key()).isEmpty(), s.title() + ": message " + s.message() + " has no field " + s.key());
                    assertNotNull(Explanations.of(s.key()), s.title() + ": " + s.key() + " has no explanation to show beside the step");
                }
                assertTrue(s.pane() == null || TourSteps.PANES.contains(s.pane()), s.title());
                assertFalse(s.text().isBlank(), s.title());
            }
        }
    }

    @Test
    void stepsAreReadAsMessageKeyPaneTitleAndParagraphs() {
        List<TourSteps.Step> steps = TourSteps.parse("""
                # a comment
                @ 3 bgp.type
                title: A KEEPALIVE
                pane: Ladder
                first line
                continues here

                second paragraph
                @ 1
                title: The list
                text
                """);
        assertEquals(List.of(new TourSteps.Step(3, "bgp.type", "Ladder", "A KEEPALIVE", "first line continues here\n\nsecond paragraph"),
                new TourSteps.Step(1, null, null, "The list", "text")), steps);
    }

    @Test
    void aMalformedStepIsRejectedNamingItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TourSteps.parse("@ 1\ntitle: x\ntext\n@ one bgp.type\ntitle: y\ntext\n"));
        assertEquals("tour.txt line 4: expected @ MESSAGE [KEY], not @ one bgp.type", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TourSteps.parse("@ 1\ntitle: x\npane: Hex\ntext\n"));
        assertTrue(e.getMessage().startsWith("tour.txt line 3: pane is one of"), e.getMessage());
    }
}

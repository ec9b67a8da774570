package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.export.DiagramSvg;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;

class PacketDiagramTest {
    private static FieldNode message(String capture, int i) throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(capture), Progress.NONE)) {
            return MessageDecoder.decode(index, i, new Sessions(index)).root();
        }
    }

    /** One box as (name, row, first bit, last bit exclusive) per cell, for comparing with an RFC figure. */
    private static String cells(PacketDiagram.Box b) {
        StringBuilder sb = new StringBuilder(b.name());
        for (PacketDiagram.Cell c : b.cells()) {
            sb.append(" r").append(c.row()).append(' ').append(c.from()).append('-').append(c.to());
        }
        return sb.toString();
    }

    @Test
    void openIsDrawnWithTheRowsAndBoxesOfRfc4271Section4_2() throws Exception {
        FieldNode open = message("exa-gobgp.pcap", 0);
        PacketDiagram d = PacketDiagram.of(open);
        // RFC 4271 §4.2: Version (1 octet), My Autonomous System (2), Hold Time (2), BGP Identifier (4),
        // Opt Parm Len (1), each on a row of its own, then Optional Parameters (variable) across whole rows.
        List<String> expected = List.of(
                "version r0 0-8",
                "my AS r1 0-16",
                "hold time r2 0-16",
                "BGP identifier r3 0-32",
                "optional parameters length r4 0-8",
                "capabilities r5 0-32 r6 0-32");
        assertEquals(expected, d.boxes().stream().map(PacketDiagramTest::cells).toList());
        assertEquals(List.of(8, 16, 16, 32, 8), d.boxes().stream().limit(5).map(PacketDiagram.Box::bits).toList());
        PacketDiagram.Box params = d.boxes().getLast();
        assertTrue(params.variable());
        assertEquals(94, params.bytes(), "the live length of the optional parameters");
        assertEquals("4", d.boxes().getFirst().value());
        assertEquals("65002", d.boxes().get(1).value());
        assertEquals(7, d.rows());
    }

    @Test
    void headerIsPackedAsRfc4271Section4_1DrawsIt() throws Exception {
        FieldNode header = message("exa-gobgp.pcap", 9).find("bgp.header").getFirst();
        PacketDiagram d = PacketDiagram.of(header);
        // Marker: 16 octets, four whole rows; then Length (2 octets) and Type (1) side by side.
        assertEquals(List.of("marker r0 0-32 r1 0-32 r2 0-32 r3 0-32", "length r4 0-16", "type r4 16-24"),
                d.boxes().stream().map(PacketDiagramTest::cells).toList());
        assertEquals("115", d.boxes().get(1).value());
    }

    @Test
    void attributeFlagsAreOneBitBoxesWithTheUnusedLowBitsTogether() throws Exception {
        FieldNode origin = message("exa-gobgp.pcap", 9).find("bgp.update.attr.origin").getFirst();
        PacketDiagram d = PacketDiagram.of(origin);
        // RFC 4271 §4.3: O, T, P, E flag bits, four unused bits, Attr. Type Code, then the length and the value.
        assertEquals(List.of("optional r0 0-1", "transitive r0 1-2", "partial r0 2-3", "extended length r0 3-4",
                "flags: unused r0 4-8", "type code r0 8-16", "length r0 16-24", "origin r0 24-32"),
                d.boxes().stream().map(PacketDiagramTest::cells).toList());
        assertEquals("1", d.boxes().get(1).value(), "ORIGIN is transitive");
        assertEquals("T", d.boxes().get(1).shortName());
        assertTrue(d.legend().contains("T: transitive = 1"), d.legend().toString());
    }

    @Test
    void selectingAFlagBitDrawsTheAttributeThatHoldsIt() throws Exception {
        FieldNode origin = message("exa-gobgp.pcap", 9).find("bgp.update.attr.origin").getFirst();
        FieldNode transitive = origin.children().getFirst().children().get(1);
        PacketDiagram d = PacketDiagram.of(transitive);
        assertSame(origin, d.structure());
        assertSame(transitive, d.boxOf(transitive).node());
        PacketDiagram.Cell c = d.boxOf(transitive).cells().getFirst();
        assertSame(d.boxOf(transitive), d.boxAt(c.x() + 1, c.y() + 1), "a click inside the box finds it");
    }

    @Test
    void svgHasABoxPerFieldAndTheRuler() throws Exception {
        PacketDiagram d = PacketDiagram.of(message("exa-gobgp.pcap", 0));
        String svg = DiagramSvg.write(d, null);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertEquals(d.boxes().size(), svg.split("<g>", -1).length - 1);
        assertTrue(svg.contains(">BGP identifier</text>"), svg);
        assertTrue(svg.contains(">10.200.0.2</text>"), svg);
        assertTrue(svg.contains("capabilities (variable, 94 bytes)"), svg);
        assertFalse(svg.contains("NaN"));
    }
}

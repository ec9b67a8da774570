package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.PacketDiagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The packet diagram pane in the window: it follows the selection, and sets it. */
@ExtendWith(ApplicationExtension.class)
class DiagramPaneTest {
    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    private CaptureView open(FxRobot robot, String name) throws Exception {
        return OpenedCaptures.open(robot, window, name);
    }

    private static double[] middle(PacketDiagram.Box b) {
        PacketDiagram.Cell c = b.labelCell();
        return new double[] {c.x() + c.width() / 2, c.y() + c.height() / 2};
    }

    @Test
    void diagramFollowsTheTreeAndAClickedBoxSelectsItsField(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        robot.interact(() -> v.table().select(9));
        robot.interact(() -> v.selectField("bgp.update.attr.origin"));
        PacketDiagram d = v.diagram().diagram();
        FieldNode origin = v.current().root().find("bgp.update.attr.origin").getFirst();
        assertSame(origin, d.structure(), "the selected attribute is drawn");
        PacketDiagram.Box transitive = d.boxes().stream().filter(b -> b.name().equals("transitive")).findFirst().orElseThrow();
        double[] p = middle(transitive);
        robot.interact(() -> v.diagram().click(p[0], p[1]));
        assertSame(transitive.node(), v.tree().getSelectionModel().getSelectedItem().getValue(), "the tree follows the click");
        assertTrue(v.detailsArea().getText().startsWith("transitive"), v.detailsArea().getText());
        assertSame(origin, v.diagram().diagram().structure(), "a flag bit is drawn within its attribute");
    }

    @Test
    void pointingAtABoxLightsItsBytesUntilThePointerLeaves(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        robot.interact(() -> v.table().select(9));
        robot.interact(() -> v.selectField("bgp.update.attr.origin"));
        FieldNode origin = v.current().root().find("bgp.update.attr.origin").getFirst();
        PacketDiagram.Box code = v.diagram().diagram().boxes().stream().filter(b -> b.name().equals("type code")).findFirst().orElseThrow();
        double[] p = middle(code);
        robot.interact(() -> v.diagram().hover(p[0], p[1]));
        assertEquals(code.node().offset(), v.hex().highlightStart());
        assertEquals(1, v.hex().highlightLength());
        robot.interact(() -> v.diagram().hover(-1, -1));
        assertEquals(origin.offset(), v.hex().highlightStart(), "back to the selected field");
        assertEquals(origin.length(), v.hex().highlightLength());
    }

    @Test
    void diagramExportsAsSvgAndPng(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        robot.interact(() -> v.table().select(0));
        Path svg = dir.resolve("open.svg");
        Path png = dir.resolve("open.png");
        robot.interact(() -> {
            try {
                v.diagram().exportSvg(svg);
                v.diagram().exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(Files.readString(svg).contains(">BGP identifier</text>"));
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 24);
        assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        int width = java.nio.ByteBuffer.wrap(head, 16, 4).getInt();
        assertEquals((int) v.diagram().diagram().width(), width, "the PNG is the diagram at full size");
    }
}

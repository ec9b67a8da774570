package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** TCP events in the window: off by default, one toggle shows them between the messages, and a click shows the packet. */
@ExtendWith(ApplicationExtension.class)
class TcpEventsWindowTest {
    private MainWindow window;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    @Test
    void theToggleShowsTheRefusedAttemptBetweenTheMessagesAndAClickShowsItsPacket(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(TestCaptures.file("bird-frr.pcap")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.tabs().getTabs().stream().anyMatch(t ->
                t.getContent() instanceof CaptureView v && v.capture().complete() && v.table().rowCount() == 44));
        WaitForAsyncUtils.waitForFxEvents();
        CaptureView v = (CaptureView) window.tabs().getTabs().getFirst().getContent();
        assertEquals(44, v.table().rowCount(), "off by default: messages only");

        robot.interact(() -> window.setShowTcpEvents(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(50, v.table().rowCount(), "44 messages and 6 events (SYN, refused, SYN, SYN-ACK, FIN, FIN)");
        MessageTable t = v.table();
        assertEquals("TCP SYN", t.columns().get(4).text().apply(t.rows().get(0)));
        assertEquals("TCP refused", t.columns().get(4).text().apply(t.rows().get(1)));
        assertEquals("10.200.0.1:179", t.columns().get(2).text().apply(t.rows().get(1)));
        assertEquals("OPEN", t.columns().get(4).text().apply(t.rows().get(4)), "the first OPEN comes after the handshake");

        double[] p = t.pointOfRow(1);
        robot.clickOn(t.canvas().localToScreen(p[0], p[1]));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> v.current() != null && "refused".equals(v.current().root().value()));
        // The shown message is set before its listeners run on the FX thread: let the panes follow first.
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(v.current().root().find("frame.tcp.flags.rst").size() == 1, "the tree shows the RST's TCP header");
        assertTrue(v.detailsArea().getText().contains("Frame 2"), v.detailsArea().getText());
        assertArrayEquals(new int[0], v.selectedMessages(), "an event is no message to export");

        // Selecting a message row still shows the message, with the events shown.
        robot.interact(() -> t.select(4));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> v.current() != null && v.current().root().text().startsWith("OPEN"));
        assertArrayEquals(new int[] {0}, v.selectedMessages());

        robot.interact(() -> window.setShowTcpEvents(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(44, v.table().rowCount());
    }
}

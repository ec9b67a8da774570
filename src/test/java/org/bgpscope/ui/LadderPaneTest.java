package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.bgpscope.bgp.Ladder;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The ladder tab: the session of the selected message, its FSM states, folds, and clicks that select. */
@ExtendWith(ApplicationExtension.class)
class LadderPaneTest {
    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    private CaptureView open(FxRobot robot, String name) throws Exception {
        CaptureView v = OpenedCaptures.open(robot, window, name);
        robot.interact(() -> v.lowerTabs().getSelectionModel().select(
                v.lowerTabs().getTabs().stream().filter(t -> t.getText().equals("Ladder")).findFirst().orElseThrow()));
        return v;
    }

    /** Selects message {@code i} in the list and waits for the ladder to highlight it. */
    private static Ladder select(FxRobot robot, CaptureView v, int i) throws Exception {
        robot.interact(() -> v.selectMessage(i));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.ladder().ladder() != null && v.ladder().ladder().rowOf(i) >= 0
                && v.ladder().highlightedRow() == v.ladder().ladder().rowOf(i));
        WaitForAsyncUtils.waitForFxEvents();
        return v.ladder().ladder();
    }

    @Test
    void birdFrrSessionWalksBothSidesThroughTheFsmFromSynToIdle(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        Ladder l = select(robot, v, 0);
        assertEquals("10.200.0.1:59189", l.endpoint(0));
        assertEquals("10.200.0.2:179", l.endpoint(1));
        assertEquals("AS 65010, id 10.200.0.1", l.speaker(0));
        assertEquals("AS 65020, id 10.200.0.2", l.speaker(1));
        // Each side's states where they change, with the row that changed them.
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        for (int r = 0; r < l.size(); r++) {
            if (l.stateChanged(r, 0)) {
                left.add(Ladder.stateName(l.state(r, 0)) + " at " + l.label(r));
            }
            if (l.stateChanged(r, 1)) {
                right.add(Ladder.stateName(l.state(r, 1)) + " at " + l.label(r));
            }
        }
        assertEquals(List.of("Connect at TCP SYN", "OpenSent at OPEN AS 65010, hold 240 s", "OpenConfirm at OPEN AS 65020, hold 180 s",
                "Established at KEEPALIVE", "Idle at NOTIFICATION Cease / Administrative Shutdown"), left);
        // FRR answers BIRD's OPEN with its own: it had the peer's OPEN already, so it goes on to OpenConfirm at once (RFC 4271 §8.2.2).
        assertEquals(List.of("Active at TCP SYN", "OpenConfirm at OPEN AS 65020, hold 180 s", "Established at KEEPALIVE",
                "Idle at NOTIFICATION Cease / Administrative Shutdown"), right);
        // The refused attempt before it was another connection: the session starts with its own SYN, and ends with both FINs.
        assertEquals("TCP SYN", l.label(0));
        assertEquals("TCP SYN-ACK", l.label(1));
        assertEquals("TCP FIN", l.label(l.size() - 1));
        assertEquals(44 + 4, l.size(), "44 messages, no folds, 4 TCP events");
        assertEquals("UPDATE +256 −0", l.label(l.rowOf(4)));
        assertEquals("UPDATE +0 −1500", l.label(l.rowOf(41)));
        assertEquals("UPDATE End-of-RIB", l.label(l.rowOf(10)));
        assertEquals("ROUTE-REFRESH IPv4 unicast BoRR", l.label(l.rowOf(24)));
    }

    @Test
    void mrtSessionTakesTheCollectorsStatesFromItsStateChangeRecords(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "frr-updates.mrt");
        Ladder l = select(robot, v, 9);
        assertTrue(l.statesFromMrt());
        assertEquals("10.200.0.1", l.endpoint(0));
        assertEquals("AS 65010, id 10.200.0.1", l.speaker(0));
        List<String> local = new ArrayList<>();
        List<String> peer = new ArrayList<>();
        for (int r = 0; r < l.size(); r++) {
            if (l.stateChanged(r, 1)) {
                assertTrue(l.note(r), "only STATE_CHANGE records move the collector's state: " + l.label(r));
                local.add(Ladder.stateName(l.state(r, 1)));
            }
            if (l.stateChanged(r, 0)) {
                peer.add(Ladder.stateName(l.state(r, 0)) + " at " + l.label(r).replaceAll(" [+−].*", ""));
            }
        }
        // As `bgpscope list frr-updates.mrt` shows them: FRR's states 7 and 8 are its own (Clearing, Deleted), beyond RFC 6396's six.
        assertEquals(List.of("OpenSent", "OpenConfirm", "Established", "state 8", "state 7", "Idle", "state 8"), local);
        assertEquals("OpenSent at OPEN AS 65010, hold 240 s", peer.getFirst());
        assertEquals("Established at UPDATE", peer.get(1), "the peer's first UPDATE shows it Established");
    }

    @Test
    void clickingAnArrowSelectsItsMessageAndTheListTreeAndHexFollow(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        Ladder l = select(robot, v, 0);
        int row = l.rowOf(43);
        robot.interact(() -> v.ladder().revealRow(row));
        double y = v.ladder().rowMiddle(row);
        robot.interact(() -> v.ladder().click(y));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> v.selection().message() == 43);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(43, v.table().leadMessage(), "the list follows");
        assertTrue(v.current().root().text().startsWith("NOTIFICATION"), v.current().root().text());
        assertEquals(v.capture().messages().length(43), v.hex().size(), "the hex view shows the NOTIFICATION's 50 bytes");
        assertEquals(row, v.ladder().highlightedRow(), "the clicked arrow is highlighted");
        // And the other way: a message chosen in the list lights its arrow.
        select(robot, v, 20);
        assertEquals(l.rowOf(20), v.ladder().highlightedRow());
    }

    @Test
    void clickOnTheCanvasItselfSelectsTheMessage(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        Ladder l = select(robot, v, 0);
        int row = l.rowOf(1);
        robot.interact(() -> v.ladder().revealRow(row));
        robot.clickOn(v.ladder().canvas().localToScreen(400, v.ladder().rowMiddle(row)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> v.selection().message() == 1);
        assertEquals(1, v.table().leadMessage());
    }

    @Test
    void keepalivesExchangedWhileEstablishedFoldIntoOneArrowThatSelectsTheFirst(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        Ladder l = select(robot, v, 0);
        List<Integer> folds = new ArrayList<>();
        for (int r = 0; r < l.size(); r++) {
            if (l.count(r) > 1) {
                folds.add(r);
            }
        }
        // Two runs of one KEEPALIVE each way after the UPDATEs; the two that confirm the OPENs stay apart (they change the FSM).
        assertEquals(2, folds.size(), folds.toString());
        int fold = folds.getFirst();
        assertEquals("KEEPALIVE ×2", l.label(fold));
        assertTrue(l.bothWays(fold));
        assertEquals("KEEPALIVE", l.label(l.rowOf(2)), "the first KEEPALIVE confirms an OPEN: its own arrow");
        int first = l.message(fold);
        assertEquals(fold, l.rowOf(first + 1), "the second KEEPALIVE is inside the fold");
        robot.interact(() -> v.ladder().revealRow(fold));
        double y = v.ladder().rowMiddle(fold);
        robot.interact(() -> v.ladder().click(y));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> v.selection().message() == first);
        assertTrue(v.current().root().text().startsWith("KEEPALIVE"));
        // Selecting the folded second KEEPALIVE in the list highlights the fold.
        select(robot, v, first + 1);
        assertEquals(fold, v.ladder().highlightedRow());
    }

    @Test
    void hiddenLadderBuildsNothingAndFollowsTheSelectionWhenItsTabIsShown(FxRobot robot) throws Exception {
        CaptureView v = OpenedCaptures.open(robot, window, "bird-frr.pcap");
        robot.interact(() -> v.selectMessage(5));
        robot.interact(() -> v.selectMessage(7));
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(v.ladder().ladder() == null, "no ladder is built while its tab is hidden");
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("bgpscope-ladder")),
                "no thread reads the capture for a hidden ladder");
        robot.interact(() -> v.lowerTabs().getSelectionModel().select(
                v.lowerTabs().getTabs().stream().filter(t -> t.getText().equals("Ladder")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.ladder().ladder() != null
                && v.ladder().highlightedRow() == v.ladder().ladder().rowOf(7) && v.ladder().highlightedRow() >= 0);
        assertEquals("10.200.0.1:59189", v.ladder().ladder().endpoint(0), "the shown message's session is drawn");
    }

    @Test
    void ladderExportsAsSvgAndPng(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        select(robot, v, 43);
        Path svg = dir.resolve("ladder.svg");
        Path png = dir.resolve("ladder.png");
        robot.interact(() -> {
            try {
                v.ladder().exportSvg(svg);
                v.ladder().exportPng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String text = Files.readString(svg);
        assertTrue(text.contains(">NOTIFICATION Cease / Administrative Shutdown</text>"), "every row is written");
        assertTrue(text.contains(">OpenConfirm</text>") && text.contains(">10.200.0.2:179</text>"));
        assertEquals(48, text.split("marker-end").length - 1, "an arrow per row");
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 24);
        assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }
}

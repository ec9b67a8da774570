package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.concurrent.Task;
import javafx.geometry.Point2D;
import javafx.scene.control.TreeItem;
import javafx.stage.Stage;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.export.ExportFormat;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on the headless platform, driven like a user would, against the test captures. */
@ExtendWith(ApplicationExtension.class)
class WindowTest {
    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    private CaptureView open(FxRobot robot, String name) throws Exception {
        robot.interact(() -> window.open(TestCaptures.file(name)));
        return waitForView(name);
    }

    private CaptureView waitForView(String name) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.tabs().getTabs().stream().anyMatch(t ->
                t.getText().equals(name) && t.getContent() instanceof CaptureView v && v.capture().complete()
                        && v.table().rowCount() == v.capture().messages().size()));
        WaitForAsyncUtils.waitForFxEvents();
        return (CaptureView) window.tabs().getTabs().stream().filter(t -> t.getText().equals(name)).findFirst().orElseThrow().getContent();
    }

    private static TreeItem<FieldNode> find(TreeItem<FieldNode> item, String key) {
        if (item.getValue().key().equals(key)) {
            return item;
        }
        for (TreeItem<FieldNode> c : item.getChildren()) {
            TreeItem<FieldNode> f = find(c, key);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    @Test
    void theFirstWindowLiesWithinTheScreen(FxRobot robot) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Stage stage = (Stage) window.tabs().getScene().getWindow();
        assertTrue(stage.getX() >= screen.getMinX() && stage.getY() >= screen.getMinY()
                && stage.getX() + stage.getWidth() <= screen.getMaxX() && stage.getY() + stage.getHeight() <= screen.getMaxY(),
                "window " + stage.getX() + "," + stage.getY() + " " + stage.getWidth() + "×" + stage.getHeight() + " on " + screen);
    }

    @Test
    void selectingAFieldHighlightsExactlyItsBytes(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        // Message 10: UPDATE 192.0.2.0/24 with AS_PATH 65001 64512 64513.
        robot.interact(() -> v.table().select(9));
        TreeItem<FieldNode> asPath = find(v.tree().getRoot(), "bgp.update.attr.as_path");
        assertNotNull(asPath);
        robot.interact(() -> v.tree().getSelectionModel().select(asPath));
        FieldNode n = asPath.getValue();
        assertEquals(n.offset(), v.hex().highlightStart());
        assertEquals(n.length(), v.hex().highlightLength());
        assertEquals("AS_PATH: 65001 64512 64513", n.text());
    }

    @Test
    void clickingAByteSelectsTheDeepestFieldThatHoldsIt(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        robot.interact(() -> v.table().select(9));
        FieldNode root = v.current().root();
        // The second ASN of the AS_PATH: a leaf several levels down.
        FieldNode asn = root.find("bgp.update.attr.as_path.asn").get(1);
        int k = asn.offset() + 1;
        double[] p = v.hex().pointOf(k);
        Point2D screen = v.hex().canvas().localToScreen(p[0], p[1]);
        robot.clickOn(screen);
        WaitForAsyncUtils.waitForFxEvents();
        FieldNode selected = v.tree().getSelectionModel().getSelectedItem().getValue();
        assertSame(root.deepestAt(k), selected);
        assertEquals("AS 64512", selected.text());
        assertEquals(k, v.hex().caret());
        // And the keyboard caret moves the selection the same way.
        FieldNode firstAsn = root.find("bgp.update.attr.as_path.asn").getFirst();
        robot.interact(() -> v.hex().select(firstAsn.offset() - 1));
        assertEquals("segment length: 3", v.tree().getSelectionModel().getSelectedItem().getValue().text());
    }

    @Test
    void filesDroppedOnTheWindowOpenInTabsOfTheirOwn(FxRobot robot) throws Exception {
        robot.interact(() -> window.dropped(List.of(TestCaptures.file("bird-frr.pcap").toFile(),
                TestCaptures.file("frr-rib.mrt").toFile())));
        CaptureView a = waitForView("bird-frr.pcap");
        CaptureView b = waitForView("frr-rib.mrt");
        assertEquals(44, a.table().rowCount());
        assertEquals(2104, b.table().rowCount());
        assertNotNull(window.scene().getOnDragDropped(), "the scene accepts dropped files");
    }

    @Test
    void anUnreadableFileShowsAnErrorAndLeavesOtherTabsAlone(FxRobot robot) throws Exception {
        open(robot, "bird-frr.pcap");
        Path bad = dir.resolve("notes.pcap");
        Files.writeString(bad, "not a capture at all");
        robot.interact(() -> window.open(bad));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.tabs().getTabs().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("bird-frr.pcap", window.tabs().getTabs().getFirst().getText());
        boolean dialog = robot.listWindows().stream().anyMatch(w -> w != window.scene().getWindow()
                && w.getScene() != null && w.getScene().getRoot().lookup(".dialog-pane") != null
                && ((javafx.scene.control.DialogPane) w.getScene().getRoot().lookup(".dialog-pane")).getContentText()
                        .contains("notes.pcap: at offset 0: unknown format: the first bytes (6e 6f 74 20 61 20"));
        assertTrue(dialog, "an error dialog names the file, the offset and the problem");
    }

    @Test
    void exportingTheSelectionWritesThoseMessagesBytes(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        // Click row 1, then Ctrl-click rows 14, 15 and 44 as a user would.
        robot.interact(() -> v.table().select(0));
        robot.interact(() -> v.table().selectAlso(13, 14, 43));
        int[] chosen = v.selectedMessages();
        assertArrayEquals(new int[] {0, 13, 14, 43}, chosen);
        Path out = dir.resolve("sel.bgp");
        Task<org.bgpscope.export.ExportResult>[] task = new Task[1];
        robot.interact(() -> task[0] = window.export(v, chosen, ExportFormat.RAW, out));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> task[0].isDone());
        assertEquals(4L, task[0].get().written());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i : chosen) {
            expected.writeBytes(v.capture().bytes(i).toArray(ValueLayout.JAVA_BYTE));
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out));
    }

    @Test
    void filteringByAsnShowsExactlyTheMessagesWithThatAsnInTheirPath(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        List<Integer> expected = new ArrayList<>();
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("exa-gobgp.pcap"), Progress.NONE)) {
            Sessions s = new Sessions(index);
            for (int i = 0; i < index.messages().size(); i++) {
                if (MessageDecoder.decode(index, i, s).root().find("bgp.update.attr.as_path.asn").stream()
                        .anyMatch(n -> n.value().equals(64999L))) {
                    expected.add(i);
                }
            }
        }
        assertFalse(expected.isEmpty());
        robot.clickOn("#filter").write("asn:64999");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.table().rowCount() == expected.size());
        assertEquals(expected, new ArrayList<>(v.table().rows()));
        robot.interact(() -> v.filterField().setText("type:notification"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.table().rowCount() == 2);
    }

    @Test
    void clickingARowShowsItsMessageAndTheKeyboardMovesThrough(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        double[] p = v.table().pointOfRow(4);
        robot.clickOn(v.table().canvas().localToScreen(p[0], p[1]));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> v.current() != null && v.table().leadMessage() == 4
                && v.current().root().text().startsWith("UPDATE"));
        robot.type(javafx.scene.input.KeyCode.DOWN);
        robot.type(javafx.scene.input.KeyCode.END);
        // The message shown follows once the selection settles.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "NOTIFICATION".equals(v.current().root().value()));
        assertEquals(43, v.table().leadMessage());
        robot.press(javafx.scene.input.KeyCode.SHIFT).type(javafx.scene.input.KeyCode.UP, 2).release(javafx.scene.input.KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertArrayEquals(new int[] {41, 42, 43}, v.selectedMessages());
    }

    @Test
    void sortingByLengthOrdersTheRowsAndKeepsTheSelection(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        robot.interact(() -> v.table().select(14));
        // Click the Length header.
        double x = 0;
        for (int c = 0; c < 5; c++) {
            x += v.table().columnWidth(c);
        }
        robot.clickOn(v.table().canvas().localToScreen(x + 20, 10));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !v.table().rows().isAll());
        WaitForAsyncUtils.waitForFxEvents();
        int previous = 0;
        for (int r = 0; r < v.table().rowCount(); r++) {
            int len = v.capture().messages().length(v.table().rows().get(r));
            assertTrue(len >= previous, "row " + r);
            previous = len;
        }
        assertEquals(14, v.table().leadMessage(), "the selected message stays selected");
    }

    @Test
    void framesModeShowsTheThreeSegmentsAndMapsTheirBytesBackToFields(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        // Message 15: a 6696-byte UPDATE in three TCP segments (frames 34, 37 and 38).
        robot.interact(() -> v.selectMessage(14));
        robot.clickOn("#frames-mode");
        WaitForAsyncUtils.waitForFxEvents();
        long frames = 0;
        for (var p : v.capture().messages().pieces(14)) {
            frames += v.capture().frame(p.frame()).capturedLength();
        }
        assertEquals(frames, v.hex().size(), "the three frames, headers included");
        // The first frame's first byte is its Ethernet header: no field of the message.
        robot.interact(() -> v.hex().select(0));
        assertEquals(null, v.tree().getSelectionModel().getSelectedItem());
        // The first byte of the second segment's payload is message byte 1378.
        var second = v.capture().messages().pieces(14).get(1);
        int at = (int) (v.capture().frame(34).capturedLength() + second.fileOffset() - v.capture().frame(second.frame()).dataOffset());
        robot.interact(() -> v.hex().select(at));
        assertSame(v.current().root().deepestAt(1378), v.tree().getSelectionModel().getSelectedItem().getValue());
    }

    @Test
    void problemsOfAMalformedMessageAreListedAndJumpToTheirBytes(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        // Message 1231: the flowspec UPDATE with a component of type 0.
        robot.interact(() -> v.selectMessage(1230));
        CaptureView.ProblemRow row = v.problemList().getItems().stream()
                .filter(p -> p.text().contains("unknown flowspec component type 0")).findFirst().orElseThrow();
        robot.interact(() -> {
            v.problemList().getSelectionModel().select(row);
            v.problemList().getOnMouseClicked().handle(null);
        });
        FieldNode selected = v.tree().getSelectionModel().getSelectedItem().getValue();
        assertEquals(selected.offset(), v.hex().highlightStart());
        assertTrue(selected.problems().stream().anyMatch(p -> p.text().contains("component type 0")), selected.toString());
    }

    @Test
    void decodeAsOverridesTheInferredAddPathAndTheTreeChanges(FxRobot robot) throws Exception {
        // Decode As… is remembered per file in the user's preferences: start from none, and leave none.
        DecodeAsDialog.remember(TestCaptures.file("frr-updates.mrt"), org.bgpscope.bgp.Overrides.NONE);
        try {
            decodeAsOverrides(robot);
        } finally {
            DecodeAsDialog.remember(TestCaptures.file("frr-updates.mrt"), org.bgpscope.bgp.Overrides.NONE);
        }
    }

    private void decodeAsOverrides(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "frr-updates.mrt");
        // Message 11: an IPv6 UPDATE whose NLRI carry path identifiers the MRT subtype does not announce.
        robot.interact(() -> v.table().select(10));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.current() != null && v.current().root().text().startsWith("UPDATE"));
        FieldNode prefix = v.current().root().find("bgp.update.attr.mp_reach.nlri.prefix").getFirst();
        robot.interact(() -> v.tree().getSelectionModel().select(find(v.tree().getRoot(), "bgp.update.attr.mp_reach.nlri.prefix")));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(v.detailsArea().getText().contains("Decoded with ADD-PATH for IPv6 unicast: on, inferred: the MRT subtype says no"),
                v.detailsArea().getText());
        assertEquals(1, prefix.find("bgp.update.attr.mp_reach.nlri.prefix.path_id").size());

        DecodeAsDialog[] d = new DecodeAsDialog[1];
        robot.interact(() -> d[0] = window.decodeAs());
        robot.interact(() -> robot.lookup("#decode-as-addpath-ipv6-unicast-rx").queryAs(javafx.scene.control.ChoiceBox.class)
                .setValue("off"));
        robot.clickOn(robot.lookup(".dialog-pane .button").match(n -> n instanceof javafx.scene.control.Button b
                && b.getText().equals("OK")).queryButton());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.current() != null
                && v.current().root().find("bgp.update.attr.mp_reach.nlri.prefix.path_id").isEmpty());
        assertTrue(v.current().root().hasProblemsBelow(), "read without path identifiers, the NLRI is malformed and says so");
        assertEquals("ADD-PATH for IPv6 unicast: off, set by the user (no-addpath=ipv6-unicast:rx)",
                v.current().session().describeAddPath(org.bgpscope.bgp.Family.IPV6_UNICAST));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.problemsTab().getText().startsWith("Problems ("));
    }

    // ---- window defects found by trying the window as a new user ----

    @Test
    void filteringAfterGoingDeepShowsTheMatchesNotAnEmptyTable(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        robot.interact(() -> v.jumpToFrame(250));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(v.table().firstVisibleRow() > 1000, "scrolled deep first: " + v.table().firstVisibleRow());
        robot.clickOn("#filter").write("type:notification");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.table().rowCount() >= 1 && v.table().rowCount() < 10);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, v.table().firstVisibleRow(), "the matches are in view");
    }

    @Test
    void theTitleAndTheStatusBarFollowTheTabInFront(FxRobot robot) throws Exception {
        open(robot, "bird-frr.pcap");
        open(robot, "gobgp-updates.mrt");
        Stage stage = (Stage) window.tabs().getScene().getWindow();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> window.statusText().startsWith("gobgp-updates.mrt"));
        assertEquals("gobgp-updates.mrt — BGP Scope", stage.getTitle());
        robot.interact(() -> window.tabs().getSelectionModel().select(0));
        assertEquals("bird-frr.pcap — BGP Scope", stage.getTitle());
        assertTrue(window.statusText().startsWith("bird-frr.pcap: 44 messages"), window.statusText());
    }

    @Test
    void exportOffersOnlyTheFormatsThatCanBeWritten() {
        assertFalse(MainWindow.offeredFormats(org.bgpscope.capture.CaptureFormat.PCAPNG).contains(ExportFormat.MRT));
        assertTrue(MainWindow.offeredFormats(org.bgpscope.capture.CaptureFormat.PCAPNG).contains(ExportFormat.PCAP));
        assertFalse(MainWindow.offeredFormats(org.bgpscope.capture.CaptureFormat.MRT).contains(ExportFormat.PCAP));
        assertEquals("1 problem", MainWindow.problems(1));
        assertEquals("1,234 problems", MainWindow.problems(1234));
    }

    @Test
    void theHexTooltipDescribesTheByteUnderThePointerAfterTheWheelScrolls(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        // Message 5: an UPDATE of 1,097 bytes, many rows of hex.
        robot.interact(() -> v.table().select(4));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.current() != null && v.current().bytes().byteSize() == 1097);
        double[] p = v.hex().pointOf(0);
        robot.interact(() -> v.hex().hoverAt(p[0], p[1]));
        assertTrue(v.hex().tooltipText().contains("byte 0 ="), v.hex().tooltipText());
        robot.interact(() -> v.hex().wheel(3));
        assertTrue(v.hex().tooltipText().contains("byte 48 ="), v.hex().tooltipText());
    }

    @Test
    void at1024By700TheSummaryAndTheTreeColumnsStayInView(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        Stage stage = (Stage) window.tabs().getScene().getWindow();
        robot.interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(700);
        });
        WaitForAsyncUtils.waitForFxEvents();
        double summaryStart = 0;
        for (int c = 0; c < v.table().columns().size() - 1; c++) {
            summaryStart += v.table().columnWidth(c);
        }
        assertTrue(v.table().canvas().getWidth() - summaryStart >= 250, "summary gets " + (v.table().canvas().getWidth() - summaryStart));
        double used = v.tree().getColumns().stream().mapToDouble(c -> c.getWidth()).sum();
        assertTrue(used <= v.tree().getWidth() + 1, used + " of " + v.tree().getWidth());
        assertTrue(v.tree().getColumns().get(2).getWidth() >= 100, "the Key column is readable");
    }

    @Test
    void expandAllKeepsTheClickedField(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        robot.interact(() -> v.table().select(9));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.current() != null);
        robot.interact(() -> v.selectField("bgp.update.attr.next_hop"));
        TreeItem<FieldNode> clicked = v.tree().getSelectionModel().getSelectedItem();
        robot.interact(() -> v.expandAll(true));
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(clicked, v.tree().getSelectionModel().getSelectedItem());
        assertTrue(v.tree().getRow(clicked) >= 0, "still shown");
    }

    @Test
    void timesShowAbsoluteRelativeOrDelta(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        assertEquals("2026-11-24T15:40:54.228080Z", v.timeText(0));
        robot.interact(() -> window.setTimeFormat(CaptureView.TimeFormat.RELATIVE));
        assertEquals("0.000000", v.timeText(0));
        assertEquals("0.000373", v.timeText(1));
        robot.interact(() -> window.setTimeFormat(CaptureView.TimeFormat.DELTA));
        assertEquals("0.000090", v.timeText(2));
        robot.interact(() -> window.setTimeFormat(CaptureView.TimeFormat.ABSOLUTE));
    }

    @Test
    void pastedHexOpensAsATabOfItsOwn(FxRobot robot) throws Exception {
        // Wireshark's "Copy as Hex Dump" of an UPDATE, after a KEEPALIVE pasted as bare hex without its marker.
        String text = "00 13 04\n"
                + "0000   ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff   ................\n"
                + "0010   00 29 02 00 00 00 0e 40 01 01 00 40 02 00 40 03   .).....@...@..@.\n"
                + "0020   04 0a 00 00 01 18 c0 00 02                        .........\n";
        javafx.scene.control.Tab[] tab = new javafx.scene.control.Tab[1];
        robot.interact(() -> tab[0] = window.openPastedHex(text));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tab[0].getContent() instanceof CaptureView v
                && v.capture().complete() && v.table().rowCount() == 2);
        assertEquals("Pasted hex 1", tab[0].getText());
        CaptureView v = (CaptureView) tab[0].getContent();
        assertEquals(org.bgpscope.bgp.MessageType.KEEPALIVE, v.capture().messages().type(0));
        assertEquals(org.bgpscope.bgp.MessageType.UPDATE, v.capture().messages().type(1));
        assertTrue(org.bgpscope.bgp.Summaries.summary(v.capture(), 1).startsWith("192.0.2.0/24"), org.bgpscope.bgp.Summaries.summary(v.capture(), 1));
    }

    @Test
    void detailsExplainTheFieldAndLinkItsRfcSection(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "exa-gobgp.pcap");
        List<String> opened = new ArrayList<>();
        robot.interact(() -> v.setBrowser(opened::add));
        robot.interact(() -> v.table().select(9));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.current() != null);
        robot.interact(() -> v.selectField("bgp.update.attr.origin.value"));
        WaitForAsyncUtils.waitForFxEvents();
        String text = v.explanationLabel().getText();
        assertTrue(text.contains("0: IGP"), text);
        assertEquals("RFC 4271 §5.1.1", v.rfcLink().getText());
        robot.interact(() -> v.rfcLink().fire());
        assertEquals(List.of("https://www.rfc-editor.org/rfc/rfc4271#section-5.1.1"), opened);
    }

    @Test
    void framesModeNamesTheEthernetIpAndTcpHeaderFields(FxRobot robot) throws Exception {
        CaptureView v = open(robot, "bird-frr.pcap");
        robot.interact(() -> v.selectMessage(14));
        robot.clickOn("#frames-mode");
        WaitForAsyncUtils.waitForFxEvents();
        // Bytes 0-5 of the first frame are the Ethernet destination; byte 47 holds the TCP flags (14 + 20 + 13).
        double[] first = v.hex().pointOf(0);
        robot.interact(() -> v.hex().hoverAt(first[0], first[1]));
        assertTrue(v.hex().tooltipText().startsWith("frame 34 header: destination: "), v.hex().tooltipText());
        robot.interact(() -> v.hex().select(47));
        assertTrue(v.detailsArea().getText().contains("Key: frame.tcp.flags"), v.detailsArea().getText());
        assertTrue(v.detailsArea().getText().contains("flags: PSH,ACK"), v.detailsArea().getText());
    }
}

package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File ▸ Follow in the window: a pcap and an MRT file are written in pieces cut at arbitrary bytes
 * while their tab is open, as tcpdump -w or a collector writes them, and the tab's rows grow to
 * exactly the messages of the whole file, none lost and none twice.
 */
@ExtendWith(ApplicationExtension.class)
class FollowWindowTest {
    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.setFollowRecent(Duration.ofMinutes(1));
        window.show();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa-gobgp.pcap", "gobgp-updates.mrt"})
    void recordsAppendedWhileTheTabIsOpenAppearOnceEach(String name, FxRobot robot) throws Exception {
        byte[] whole = Files.readAllBytes(TestCaptures.file(name));
        List<String> expected;
        int expectedProblems;
        try (CaptureIndex full = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
            expected = rows(full);
            expectedProblems = full.problems().size();
        }
        Path growing = dir.resolve(name);
        Random random = new Random(name.hashCode());
        int written = 100 + random.nextInt(300);
        Files.write(growing, Arrays.copyOf(whole, written));

        Tab tab = open(robot, growing);
        CaptureView v = (CaptureView) tab.getContent();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.following(tab)); // a file modified in the last minute
        int shown = v.table().rowCount();
        boolean sawGrowthMidway = false;
        try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
            while (written < whole.length) {
                int n = Math.min(whole.length - written, 1 + random.nextInt(whole.length / 12));
                out.write(whole, written, n);
                out.flush();
                written += n;
                Thread.sleep(60);
                WaitForAsyncUtils.waitForFxEvents();
                int now = v.table().rowCount();
                assertTrue(now >= shown, "rows are only added");
                List<String> sofar = rows(v.capture());
                assertEquals(expected.subList(0, sofar.size()), sofar, "the rows so far are the whole file's first rows");
                sawGrowthMidway |= now > shown && written < whole.length;
                shown = now;
                assertNull(v.capture().stoppedEarly(), "a record the end of the file cuts is waited for, not reported");
            }
        }
        assertTrue(sawGrowthMidway, "rows appeared while the file was still being written");
        // Every complete message shows up without any action from the user.
        int settled = expected.size() - pendingAtTheEnd(expected, v);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.table().rowCount() >= settled);

        robot.interact(() -> window.setFollow(tab, false));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.following(tab));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expected, rows(v.capture()), "the followed tab holds exactly the whole file's messages");
        assertEquals(expected.size(), v.table().rowCount());
        assertEquals(expectedProblems, v.capture().problems().size());
        assertTrue(window.statusText().contains("not followed any more"), window.statusText());
    }

    @Test
    void aFileCutShorterWhileFollowedIsReportedAndTheTabKeepsTheRowsBeforeTheCut(FxRobot robot) throws Exception {
        Path growing = dir.resolve("cut.pcap");
        Files.copy(TestCaptures.file("exa-gobgp.pcap"), growing);
        Tab tab = open(robot, growing);
        CaptureView v = (CaptureView) tab.getContent();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.following(tab));
        int rows = v.table().rowCount();
        try (FileChannel ch = FileChannel.open(growing, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.following(tab));
        WaitForAsyncUtils.waitForFxEvents();
        int kept = v.capture().messages().size();
        assertTrue(kept > 0 && kept < rows, "the rows before the cut stay; those past it went with its bytes");
        assertEquals(kept, v.table().rowCount());
        assertTrue(tabs().contains(tab), "the tab stays open");
        Label note = (Label) v.banner().lookup("#follow-note");
        assertNotNull(note, "a note above the list says following ended");
        assertTrue(note.getText().contains("following stopped: ") && note.getText().contains("was cut from 137527 to 68763 bytes"),
                note.getText());
        assertTrue(window.statusText().contains("following stopped"), window.statusText());
        assertTrue(v.problemList().getItems().stream().anyMatch(p -> p.text().contains("was cut from 137527")),
                "and the Problems tab lists it");
    }

    @Test
    void anOldFileIsIndexedWholeAndFileFollowFollowsIt(FxRobot robot) throws Exception {
        byte[] whole = Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt"));
        int half = whole.length / 2;
        Path growing = dir.resolve("old.mrt");
        Files.write(growing, Arrays.copyOf(whole, half));
        Files.setLastModifiedTime(growing, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Tab tab = open(robot, growing);
        CaptureView before = (CaptureView) tab.getContent();
        // Once opening has finished (its status names the time it took), the tab is not followed.
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.statusText().contains("indexed in"));
        assertFalse(window.following(tab), "a file last modified an hour ago is not followed");
        int rows = before.table().rowCount();

        robot.interact(() -> window.setFollow(tab, true));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.following(tab) && tab.getContent() instanceof CaptureView v
                && v != before && v.capture().complete());
        CaptureView v = (CaptureView) tab.getContent();
        try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
            out.write(whole, half, whole.length - half);
        }
        List<String> expected;
        try (CaptureIndex full = CaptureIndex.open(TestCaptures.file("gobgp-updates.mrt"), Progress.NONE)) {
            expected = rows(full);
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.table().rowCount() == expected.size());
        assertTrue(expected.size() > rows);
        assertEquals(expected, rows(v.capture()));
    }

    private List<Tab> tabs() {
        return new ArrayList<>(window.tabs().getTabs());
    }

    private Tab open(FxRobot robot, Path file) throws Exception {
        Tab[] tab = new Tab[1];
        robot.interact(() -> tab[0] = window.open(file));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tab[0].getContent() instanceof CaptureView v && v.capture().complete()
                && v.table().rowCount() == v.capture().messages().size());
        WaitForAsyncUtils.waitForFxEvents();
        return tab[0];
    }

    /** How many of the last messages are only listed once the capture ends (bytes waiting in a TCP stream). */
    private static int pendingAtTheEnd(List<String> expected, CaptureView v) {
        int pending = 0;
        for (int i = expected.size() - 1; i >= 0 && expected.get(i).contains(" incomplete"); i--) {
            pending++;
        }
        return pending;
    }

    /** Each message as its frame, file offset, length, type, kind, flags and flow. */
    private static List<String> rows(CaptureIndex index) {
        MessageIndex m = index.messages();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            out.add(m.frame(i) + " " + index.fileOffsetOf(i, 0) + " " + m.length(i) + " " + m.type(i) + " " + m.kind(i)
                    + " " + m.flow(i) + " " + m.time(i) + ((m.flags(i) & MessageIndex.F_INCOMPLETE) != 0 ? " incomplete" : "")
                    + " flags " + m.flags(i));
        }
        return out;
    }
}

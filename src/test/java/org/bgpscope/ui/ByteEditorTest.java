package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The byte editor: an edit decodes again at once, says what a router would do, undoes, and saves bytes that re-open. */
@ExtendWith(ApplicationExtension.class)
class ByteEditorTest {
    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    /** Where byte {@code k} is in the editor's text: 16 bytes a line, "ff ff ...". */
    private static int at(int k) {
        return (k / 16) * 48 + (k % 16) * 3;
    }

    @Test
    void anEditedOriginIsTreatAsWithdrawAnEditedMarkerANotificationAndUndoRestoresTheMessage(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(TestCaptures.file("bird-frr.pcap")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.tabs().getTabs().stream().anyMatch(t ->
                t.getContent() instanceof CaptureView v && v.capture().complete() && v.table().rowCount() == 44));
        CaptureView v = (CaptureView) window.tabs().getTabs().getFirst().getContent();
        robot.interact(() -> v.table().select(4));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> v.current() != null && v.current().root().text().startsWith("UPDATE"));
        byte[] original = v.current().bytes().toArray(ValueLayout.JAVA_BYTE);
        ByteEditor[] e = new ByteEditor[1];
        robot.interact(() -> e[0] = window.editBytes());
        ByteEditor ed = e[0];
        assertEquals("accept", ed.outcome().action(), ed.outcomeLabel().getText());

        // ORIGIN: flags 0x40, type 1, length 1, then the value; 3 is no origin (RFC 7606 §7.1).
        int origin = -1;
        for (int k = 23; k + 3 < original.length; k++) {
            if (original[k] == 0x40 && original[k + 1] == 1 && original[k + 2] == 1) {
                origin = k + 3;
                break;
            }
        }
        assertTrue(origin > 0, "the UPDATE has an ORIGIN");
        int p = at(origin);
        robot.interact(() -> ed.hexArea().replaceText(p, p + 2, "03"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "treat-as-withdraw".equals(ed.outcome().action()));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(ed.problemList().getItems().stream().anyMatch(s -> s.contains("ORIGIN")), ed.problemList().getItems().toString());
        assertTrue(ed.outcomeLabel().getText().contains("RFC 7606"), ed.outcomeLabel().getText());

        robot.interact(() -> ed.hexArea().undo());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "accept".equals(ed.outcome().action()));
        assertArrayEquals(original, ed.bytes());

        robot.interact(() -> ed.hexArea().replaceText(at(3), at(3) + 2, "fe"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "notification".equals(ed.outcome().action()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, ed.outcome().code());
        assertEquals(1, ed.outcome().subcode());
        assertTrue(ed.outcomeLabel().getText().contains("NOTIFICATION 1/1"), ed.outcomeLabel().getText());

        // Saved as raw BGP and as pcap, the edited bytes open again as the same message.
        Path raw = dir.resolve("edited.bgp");
        Path pcap = dir.resolve("edited.pcap");
        boolean[] ok = new boolean[2];
        robot.interact(() -> {
            ok[0] = ed.save(raw, false);
            ok[1] = ed.save(pcap, true);
        });
        assertTrue(ok[0] && ok[1]);
        assertArrayEquals(ed.bytes(), Files.readAllBytes(raw));
        try (CaptureIndex index = CaptureIndex.open(pcap, Progress.NONE)) {
            assertEquals(org.bgpscope.net.MessageKind.UNFRAMED, index.messages().kind(0), "a broken marker does not frame as BGP");
        }
        byte[] fixed = original.clone();
        robot.interact(() -> ed.hexArea().undo());
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "accept".equals(ed.outcome().action()));
        robot.interact(() -> ed.save(pcap, true));
        try (CaptureIndex index = CaptureIndex.open(pcap, Progress.NONE)) {
            assertEquals(1, index.messages().size());
            assertArrayEquals(fixed, index.bytes(0).toArray(ValueLayout.JAVA_BYTE), "a valid message round-trips through the pcap");
        }
        robot.interact(() -> ed.stage().close());
    }
}

package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The stall monitor names each stall after what the window was doing, and sums them up per phase. */
@ExtendWith(ApplicationExtension.class)
class StallMonitorTest {
    @Start
    void start(Stage stage) {
    }

    @Test
    void aHeldUiThreadIsLoggedUnderTheActivityAndThePhase(FxRobot robot) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StallMonitor m = new StallMonitor(new PrintStream(out, true, StandardCharsets.UTF_8));
        m.start();
        m.phase(StallMonitor.INDEXING);
        m.activity("selecting");
        // Holding the UI thread well past the limit: whenever the monitor's probe was posted, it waits over 100 ms.
        robot.interact(() -> sleep(400));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> out.toString(StandardCharsets.UTF_8).contains("stalled"));
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.matches("(?s)bgpscope: warning: UI thread stalled \\d+ ms \\(selecting while indexing\\), at \\d+\\.\\d\\d s\n.*"), log);
        assertTrue(m.summary().matches("(?s)(.*\n)?bgpscope: selecting while indexing: [1-9]\\d* stalls over 100 ms, longest wait \\d+ ms\n.*"),
                m.summary());
    }

    @Test
    void withoutAnActivityTheWindowsPhaseNamesTheStall() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StallMonitor m = new StallMonitor(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(StallMonitor.COLD_START, m.label());
        m.record(250, m.label());
        m.phase(StallMonitor.IDLE);
        m.activity("scrolling");
        m.record(40, m.label());
        m.activity(null);
        m.record(120, m.label());
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.matches("bgpscope: warning: UI thread stalled 250 ms \\(cold start\\), at \\d+\\.\\d\\d s\n"
                + "bgpscope: warning: UI thread stalled 120 ms \\(idle\\), at \\d+\\.\\d\\d s\n"), log);
        assertEquals("bgpscope: cold start: 1 stalls over 100 ms, longest wait 250 ms\n"
                + "bgpscope: scrolling: 0 stalls over 100 ms, longest wait 40 ms\n"
                + "bgpscope: idle: 1 stalls over 100 ms, longest wait 120 ms\n", m.summary());
        assertEquals(250, m.longestMillis());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.chart.XYChart;
import javafx.stage.Stage;
import org.bgpscope.bgp.Statistics;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Statistics ▸ Capture Statistics…: the window's charts show the counts, zoom in time, and export. */
@ExtendWith(ApplicationExtension.class)
class StatisticsWindowTest {
    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    private StatisticsWindow open(FxRobot robot, String name) throws Exception {
        OpenedCaptures.open(robot, window, name);
        StatisticsWindow[] w = new StatisticsWindow[1];
        robot.interact(() -> w[0] = window.statistics());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> w[0].statistics() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return w[0];
    }

    /** A chart's bars as "series/category" → value. */
    private static Map<String, Long> bars(XYChart<?, ?> chart) {
        Map<String, Long> out = new HashMap<>();
        for (XYChart.Series<?, ?> s : chart.getData()) {
            for (XYChart.Data<?, ?> d : s.getData()) {
                out.put(s.getName() + "/" + d.getXValue(), ((Number) d.getYValue()).longValue());
            }
        }
        return out;
    }

    @Test
    void windowShowsTheMessagesByTypeAndPeerThatListCounts(FxRobot robot) throws Exception {
        StatisticsWindow w = open(robot, "bird-frr.pcap");
        assertTrue(w.statusText().contains("44 entries from 2 senders"), w.statusText());
        Map<String, Long> bars = bars(w.chart("Messages"));
        // As `bgpscope list bird-frr.pcap` shows: BIRD (10.200.0.1) sent 1 OPEN, 1 KEEPALIVE, 21 UPDATEs, 4 ROUTE-REFRESH;
        // FRR (10.200.0.2) 1 OPEN, 1 KEEPALIVE, 12 UPDATEs, 2 ROUTE-REFRESH and the NOTIFICATION.
        assertEquals(1L, bars.get("OPEN/10.200.0.1"));
        assertEquals(21L, bars.get("UPDATE/10.200.0.1"));
        assertEquals(4L, bars.get("ROUTE-REFRESH/10.200.0.1"));
        assertEquals(12L, bars.get("UPDATE/10.200.0.2"));
        assertEquals(2L, bars.get("ROUTE-REFRESH/10.200.0.2"));
        assertEquals(1L, bars.get("NOTIFICATION/10.200.0.2"));
        assertEquals(0L, bars.get("NOTIFICATION/10.200.0.1"));
        assertEquals(44L, bars.values().stream().mapToLong(Long::longValue).sum());
        assertEquals(Map.of("NOTIFICATIONs/Cease / Administrative Shutdown", 1L), bars(w.chart("NOTIFICATIONs")));
        assertEquals(List.of("Messages", "UPDATE rate", "Routes", "AS path length", "Origin ASes", "NOTIFICATIONs"),
                w.tabs().getTabs().stream().map(javafx.scene.control.Tab::getText).toList());
    }

    @Test
    void updateRateAxisZoomsIntoASpanAndBack(FxRobot robot) throws Exception {
        StatisticsWindow w = open(robot, "bird-frr.pcap");
        double whole = w.rateAxis().getUpperBound();
        Statistics s = w.statistics();
        assertTrue(whole * 1e9 >= s.lastTime() - s.firstTime(), "the axis spans the capture");
        robot.interact(() -> w.zoom(1, 2));
        assertEquals(1, w.rateAxis().getLowerBound(), 1e-9);
        assertEquals(2, w.rateAxis().getUpperBound(), 1e-9);
        robot.interact(() -> w.zoom(-5, whole * 2));
        assertEquals(0, w.rateAxis().getLowerBound(), 1e-9);
        assertEquals(whole, w.rateAxis().getUpperBound(), 1e-9, "never past the capture");
    }

    @Test
    void chartExportsAsPng(FxRobot robot) throws Exception {
        StatisticsWindow w = open(robot, "exa-gobgp.pcap");
        Path png = dir.resolve("routes.png");
        robot.interact(() -> {
            try {
                StatisticsWindow.exportPng(w.chart("Routes"), png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 24);
        assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(java.nio.ByteBuffer.wrap(head, 16, 4).getInt() > 100, "a chart-sized image");
    }
}
